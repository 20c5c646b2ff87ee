package io.lcbridge.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads fenced code blocks out of the repository's README.md by the heading they stand under. */
final class ReadmeBlocks {

    private ReadmeBlocks() {}

    /** The repository root (the cli module's parent folder). */
    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("README.md")) ? here : here.getParent();
    }

    /** The first {@code ```lang} block after the line {@code heading}. */
    static String block(String heading, String lang) throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        int at = readme.indexOf("\n" + heading + "\n");
        if (at < 0) {
            throw new AssertionError("README.md has no heading '" + heading + "'");
        }
        int start = readme.indexOf("```" + lang + "\n", at);
        int nextHeading = readme.indexOf("\n## ", at + heading.length() + 1);
        if (start < 0 || (nextHeading > 0 && start > nextHeading)) {
            throw new AssertionError("README.md has no ```" + lang + " block under '" + heading + "'");
        }
        start += lang.length() + 4;
        return readme.substring(start, readme.indexOf("```", start));
    }
}
