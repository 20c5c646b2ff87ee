package io.lcbridge.servlet;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.RemoteJwkSet;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.verifier.InMemoryChatContextStore;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookAuthenticator;
import io.lcbridge.verifier.WebhookEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two services, two Jetty servers, one test: the web app signs identity tokens with an ES256 key and publishes the
 * public half at {@code /.well-known/lcbridge-jwks.json}; a separate webhook service verifies LiveChat's deliveries
 * with keys fetched from that URL, holding no secret of the web app. The web app rotates its key in between; tokens
 * of the new key and of the retired one both verify.
 */
final class KeysAcrossServicesOnJettyTest {

    private static final String AUDIENCE = "12345678";
    private static final String WEBHOOK_SECRET = "laudla991lamda0pnoaa0";
    private static final Instant THREAD_START = Instant.parse("2026-11-20T11:42:47.383Z");
    private static final CustomerIdentity ANDERSON = CustomerIdentity.builder("user-42")
            .name("Thomas Anderson")
            .email("t.anderson@example.com")
            .variable("plan", "enterprise")
            .build();

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void webhookServiceVerifiesTokensOfTheWebAppBeforeAndAfterAKeyRotationWithoutItsSecret() throws Exception {
        ECKey first = new ECKeyGenerator(Curve.P_256).keyID("web-2026-11").generate();
        ECKey second = new ECKeyGenerator(Curve.P_256).keyID("web-2026-12").generate();
        AtomicReference<IdentityKeySet> webAppKeys = new AtomicReference<>(IdentityKeySet.fromJwks(List.of(first)));
        List<WebhookEvent> received = new CopyOnWriteArrayList<>();

        try (LoopbackJetty webApp = new LoopbackJetty();
                LoopbackJetty webhookService = new LoopbackJetty()) {
            webApp.servlet(LiveChatJwksServlet.builder(webAppKeys::get).build(), LiveChatJwksServlet.DEFAULT_PATH);
            URI jwksUrl = webApp.start().resolve(LiveChatJwksServlet.DEFAULT_PATH.substring(1));

            try (RemoteJwkSet remoteKeys = RemoteJwkSet.builder(jwksUrl)
                    .minRefreshInterval(Duration.ofMillis(1))
                    .build()) {
                LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                        .authenticator(WebhookAuthenticator.secretKey(WEBHOOK_SECRET))
                        .identityVerifier(
                                IdentityTokenVerifier.builder(remoteKeys).build())
                        .audience(AUDIENCE)
                        .store(InMemoryChatContextStore.builder().build())
                        .handlerForAll(received::add)
                        .build();
                webhookService.servlet(
                        new LiveChatWebhookServlet(webhooks, Clock.fixed(THREAD_START.plusSeconds(60), ZoneOffset.UTC)),
                        "/livechat/webhooks");
                URI webhookUrl = webhookService.start().resolve("livechat/webhooks");

                // before the rotation: a token of the first key
                assertThat(deliver(webhookUrl, "CHAT000001", tokenSignedBy(webAppKeys.get())))
                        .isEqualTo(200);
                assertThat(webApp.requests.get()).as("one fetch of the JWK set").isEqualTo(1);

                // the web app rotates: the first key leaves its configuration, the second one signs
                webAppKeys.set(IdentityKeySet.fromJwks(List.of(second)));
                String newToken = tokenSignedBy(webAppKeys.get());
                assertThat(deliver(webhookUrl, "CHAT000002", newToken)).isEqualTo(200);
                assertThat(webApp.requests.get())
                        .as("the unknown kid refreshed the cached JWK set once")
                        .isEqualTo(2);

                // a page rendered before the rotation still carries a token of the first key
                assertThat(deliver(webhookUrl, "CHAT000003", tokenSignedBy(IdentityKeySet.fromJwks(List.of(first)))))
                        .isEqualTo(200);
                assertThat(webApp.requests.get())
                        .as("served from the refreshed cache")
                        .isEqualTo(2);
            }
        }

        assertThat(received).hasSize(3);
        assertThat(received)
                .allSatisfy(event ->
                        assertThat(event.customer().orElseThrow().status()).isEqualTo(TokenStatus.VERIFIED));
        assertThat(received.get(1).customer().orElseThrow().identity()).contains(ANDERSON);
    }

    private static String tokenSignedBy(IdentityKeySet keys) {
        return IdentitySigner.builder(keys, AUDIENCE)
                .clock(Clock.fixed(THREAD_START.minusSeconds(60), ZoneOffset.UTC))
                .build()
                .sign(ANDERSON)
                .token();
    }

    private int deliver(URI webhookUrl, String chatId, String token) throws Exception {
        String body;
        try (InputStream in =
                KeysAcrossServicesOnJettyTest.class.getResourceAsStream("/livechat/incoming_chat.v3.6.json")) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("{{TOKEN}}", token)
                    .replace("PJ0MRSHTDG", chatId);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return http.send(
                        HttpRequest.newBuilder(webhookUrl)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
