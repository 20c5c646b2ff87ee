package io.lcbridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadmeSnippetsTest {

    @Test
    void readmesSpringCustomizerSnippetIsTheDemosCode() throws Exception {
        List<String> blocks = ReadmeSnippets.javaBlocksMentioning("LiveChatIdentityCustomizer");
        String source = ReadmeSnippets.normalized(Files.readString(
                Path.of("src/main/java/io/lcbridge/demo/DemoLiveChatConfig.java")));

        assertThat(blocks).isNotEmpty();
        assertThat(blocks).allSatisfy(block -> assertThat(source).contains(ReadmeSnippets.normalized(block)));
    }
}
