package io.lcbridge.demo;

import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeSnippetsTest {

    @Test
    void readmesSpringCustomizerSnippetIsTheDemosCode() throws Exception {
        List<String> blocks = ReadmeSnippets.blocksFrom("java", "DemoLiveChatConfig");
        String source = ReadmeSnippets.normalized(
                Files.readString(Path.of("src/main/java/io/lcbridge/demo/DemoLiveChatConfig.java")));

        assertThat(blocks).isNotEmpty();
        assertThat(blocks).allSatisfy(block -> assertThat(source).contains(ReadmeSnippets.normalized(block)));
    }

    @Test
    void readmesSpringPropertiesConfigureTheStarterForARealLicense() throws Exception {
        List<String> blocks = ReadmeSnippets.blocksFrom("properties", "lcbridge-spring-boot-starter");
        assertThat(blocks).hasSize(1);
        Map<String, String> env = Map.of(
                "LIVECHAT_SIGNING_SECRET",
                DemoDefaults.randomSecret(),
                "LIVECHAT_WEBHOOK_SECRET",
                "readme-webhook-secret");
        List<String> args = new ArrayList<>(
                List.of("--server.port=0", "--spring.datasource.url=jdbc:h2:mem:readme;DB_CLOSE_DELAY=-1"));
        blocks.get(0)
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(line -> {
                    String resolved = line;
                    for (Map.Entry<String, String> e : env.entrySet()) {
                        resolved = resolved.replace("${" + e.getKey() + "}", e.getValue());
                    }
                    args.add("--" + resolved);
                });

        try (ConfigurableApplicationContext app = DemoApplication.start(args.toArray(String[]::new))) {
            assertThat(app.getEnvironment().getProperty(DemoDefaults.NOTES_PROPERTY))
                    .isEmpty();
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            String page = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(page)
                    .contains("window.__lc.license = 12345678;")
                    .contains("https:\\u002F\\u002Fcdn.livechatinc.com\\u002Ftracking.js");
        }
    }
}
