package io.lcbridge.demo;

import com.nimbusds.jose.jwk.JWKSet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.RemoteJwkSet;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo run with {@code --livechat.signing.publish-jwks=true}: it signs with a generated ES256 key, anyone can read
 * the public half at {@code /.well-known/lcbridge-jwks.json}, and a signed-in user's {@code /livechat/identity} token
 * verifies with keys fetched from there, as a separate webhook service would fetch them.
 */
class DemoPublishedKeysTest {

    private static ConfigurableApplicationContext demo;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        int port = DemoLogin.freePort();
        demo = DemoApplication.start(
                "--server.port=" + port,
                "--livechat.signing.publish-jwks=true",
                "--livechat.webhook.secret-keys=test-webhook-secret",
                "--spring.datasource.url=jdbc:h2:mem:jwks-test;DB_CLOSE_DELAY=-1");
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void publishedJwkSetVerifiesTheSignedInUsersIdentityToken() throws Exception {
        HttpClient anyone = HttpClient.newHttpClient();
        HttpResponse<String> jwks = anyone.send(
                HttpRequest.newBuilder(URI.create(base + "/.well-known/lcbridge-jwks.json"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Cache-Control")).contains("public, max-age=300");
        assertThat(JWKSet.parse(jwks.body()).getKeys()).singleElement().satisfies(key -> {
            assertThat(key.getKeyID()).isEqualTo("demo-es256");
            assertThat(key.isPrivate()).isFalse();
        });

        HttpClient browser = DemoLogin.newBrowser();
        DemoLogin.logIn(browser, base, "alice");
        HttpResponse<String> identity = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/livechat/identity")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(identity.statusCode()).isEqualTo(200);
        JsonNode props = JsonMapper.builder().build().readTree(identity.body());
        assertThat(props.get("customerName").stringValue()).isEqualTo("Alice Anderson");
        String token = props.get("sessionVariables").get("lc_identity").stringValue();

        try (RemoteJwkSet keys = RemoteJwkSet.create(URI.create(base + "/.well-known/lcbridge-jwks.json"))) {
            TokenVerification verified = IdentityTokenVerifier.builder(keys)
                    .build()
                    .verify(token, demo.getEnvironment().getProperty("livechat.license"), Instant.now());
            assertThat(verified.status()).isEqualTo(TokenStatus.VERIFIED);
            assertThat(verified.identity().orElseThrow().subject()).isEqualTo("alice");
        }
    }
}
