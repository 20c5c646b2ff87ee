package io.lcbridge.demo;

import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.mock.env.MockEnvironment;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** When the webhook playground is on: in the offline preview, or when {@code demo.playground.enabled} says so. */
class PlaygroundSwitchTest {

    @Test
    void onInTheOfflinePreview() {
        assertThat(WebhookPlayground.enabled(offline())).isTrue();
    }

    @Test
    void offWithARealLicense() {
        assertThat(WebhookPlayground.enabled(withLicense())).isFalse();
    }

    @Test
    void propertySwitchesItOnWithARealLicense() {
        assertThat(WebhookPlayground.enabled(withLicense().withProperty(WebhookPlayground.ENABLED_PROPERTY, "true")))
                .isTrue();
    }

    @Test
    void propertySwitchesItOffOffline() {
        assertThat(WebhookPlayground.enabled(offline().withProperty(WebhookPlayground.ENABLED_PROPERTY, "false")))
                .isFalse();
    }

    @Test
    void demoWithARealLicenseRefusesThePlaygroundEvenToSignedInUsers() throws Exception {
        int port = DemoLogin.freePort();
        try (ConfigurableApplicationContext demo = DemoApplication.start(
                "--server.port=" + port,
                "--livechat.license=12345678",
                "--spring.datasource.url=jdbc:h2:mem:playground-off;DB_CLOSE_DELAY=-1")) {
            assertThat(demo.isActive()).isTrue();
            String base = "http://localhost:" + port;
            HttpClient alice = DemoLogin.newBrowser();
            String csrf = DemoLogin.csrfOf(alice.send(
                            HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
            HttpResponse<String> home = DemoLogin.postLogin(alice, base, "alice", csrf);
            assertThat(home.body()).contains("id=\"signed-in-as\">alice<");

            HttpResponse<String> page = alice.send(
                    HttpRequest.newBuilder(URI.create(base + "/playground")).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> simulate = alice.send(
                    HttpRequest.newBuilder(URI.create(base + "/playground/simulate"))
                            .header("Content-Type", "application/json")
                            .header("X-CSRF-TOKEN", csrf)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"variant\":\"incoming_chat\",\"vars\":{}}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> events = alice.send(
                    HttpRequest.newBuilder(URI.create(base + "/events")).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(403);
            assertThat(simulate.statusCode()).isEqualTo(403);
            assertThat(events.statusCode()).isEqualTo(200); // the app's own deliveries stay listed for their user
        }
    }

    private static MockEnvironment offline() {
        return new MockEnvironment().withProperty(DemoDefaults.NOTES_PROPERTY, "offline-preview,generated-signing-key");
    }

    private static MockEnvironment withLicense() {
        return new MockEnvironment()
                .withProperty("livechat.license", "12345678")
                .withProperty(DemoDefaults.NOTES_PROPERTY, "generated-signing-key");
    }
}
