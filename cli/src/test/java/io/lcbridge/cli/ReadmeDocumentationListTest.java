package io.lcbridge.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's "Documentation" list links every Markdown file in {@code docs/}, so no document is orphaned. */
final class ReadmeDocumentationListTest {

    @Test
    void everyDocInDocsIsLinkedFromTheDocumentationList() throws IOException {
        Path root = ReadmeBlocks.root();
        String readme = Files.readString(root.resolve("README.md"));
        int start = readme.indexOf("\n## Documentation\n");
        assertThat(start).as("README has a ## Documentation section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = end < 0 ? readme.substring(start) : readme.substring(start, end);
        List<String> docs;
        try (Stream<Path> files = Files.list(root.resolve("docs"))) {
            docs = files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".md"))
                    .sorted()
                    .toList();
        }

        assertThat(docs).isNotEmpty();
        for (String doc : docs) {
            assertThat(section)
                    .as("README's Documentation list links docs/" + doc)
                    .contains("](docs/" + doc + ")");
        }
    }
}
