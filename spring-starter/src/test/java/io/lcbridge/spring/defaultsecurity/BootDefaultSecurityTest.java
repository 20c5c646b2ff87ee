package io.lcbridge.spring.defaultsecurity;

import io.lcbridge.spring.LiveChatWebhookSecurityAutoConfiguration;
import io.lcbridge.testsupport.fixtures.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application that relies on Spring Boot's default security (no chain of its own): the
 * starter's webhook chain lets LiveChat in at the webhook path only, and Boot's default chain still
 * protects everything else.
 */
@SpringBootTest(
        classes = BootDefaultSecurityTest.DefaultSecurityApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "livechat.license=12345678",
            "livechat.signing.secret=" + TestKeys.HS256_SECRET,
            "livechat.webhook.secret-keys=laudla991lamda0pnoaa0"
        })
final class BootDefaultSecurityTest {

    @LocalServerPort
    private int port;

    @Autowired
    private ApplicationContext context;

    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void webhookPathIsOpenToLiveChatAndEverythingElseStaysProtected() throws Exception {
        assertThat(context.getBeansOfType(SecurityFilterChain.class))
                .hasSize(2)
                .containsKey(LiveChatWebhookSecurityAutoConfiguration.CHAIN_NAME);

        HttpResponse<String> page =
                client.send(HttpRequest.newBuilder(url("/page")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode())
                .as("Boot's default chain still asks for a login")
                .isEqualTo(401);

        HttpResponse<String> webhook = client.send(
                HttpRequest.newBuilder(url("/webhooks/livechat"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(sample()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(webhook.statusCode())
                .as("no login, session or CSRF token for LiveChat")
                .isEqualTo(200);

        HttpResponse<String> otherPost = client.send(
                HttpRequest.newBuilder(url("/webhooks/livechat-other"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(sample()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(otherPost.statusCode())
                .as("only the webhook path itself is opened")
                .isIn(401, 403);
    }

    private static String sample() throws IOException {
        try (InputStream in =
                BootDefaultSecurityTest.class.getResourceAsStream("/livechat/chat_deactivated.v3.6.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** No security configuration of its own: Spring Boot's default applies. */
    @SpringBootApplication
    static class DefaultSecurityApplication {

        @RestController
        static class Page {
            @GetMapping(value = "/page", produces = MediaType.TEXT_HTML_VALUE)
            String page() {
                return "<!DOCTYPE html><html><head></head><body>secret</body></html>";
            }
        }
    }
}
