package io.lcbridge.examples.jetty;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's plain-servlet snippet is word for word the code of this example, which the other test runs. */
class ReadmeSnippetTest {

    @Test
    void readmesPlainServletSnippetIsThisExamplesCode() throws Exception {
        String readme = Files.readString(Path.of("..", "..", "README.md"));
        Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            // the blocks introduced as this example's code ("... from `examples/servlet-jetty`, `JettyExample`")
            if (readme.substring(Math.max(0, m.start() - 300), m.start()).contains("JettyExample")) {
                blocks.add(m.group(1));
            }
        }
        String source =
                normalized(Files.readString(Path.of("src/main/java/io/lcbridge/examples/jetty/JettyExample.java")));

        assertThat(blocks).isNotEmpty();
        assertThat(blocks).allSatisfy(block -> assertThat(source).contains(normalized(block)));
    }

    private static String normalized(String code) {
        return code.lines().map(String::strip).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
