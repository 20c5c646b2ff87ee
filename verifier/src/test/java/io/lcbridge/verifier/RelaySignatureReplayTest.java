package io.lcbridge.verifier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A relay's signature is timestamped (Standard Webhooks): a delivery replayed outside the tolerance is refused. */
final class RelaySignatureReplayTest {

    private static final String RELAY = "relay-secret-0123456789abcdef";
    private static final byte[] BODY = Fixtures.bytes(Fixtures.raw("chat_deactivated.v3.6.json"));

    private final Recorder recorder = new Recorder();

    private LiveChatWebhooks webhooks(WebhookAuthenticator authenticator) {
        return LiveChatWebhooks.builder()
                .authenticator(authenticator)
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .handlerForAll(recorder)
                .build();
    }

    private static WebhookAuthenticator relayOnly() {
        return WebhookAuthenticator.builder().signatureSecrets(RELAY).build();
    }

    private static WebhookHeaders signedAt(Instant at, String id) {
        return WebhookHeaders.of(WebhookAuthenticator.signatureHeaders(RELAY, id, at, BODY));
    }

    @Test
    void aFreshlySignedDeliveryIsAccepted() {
        WebhookOutcome outcome = webhooks(relayOnly()).process(BODY, signedAt(RECEIVED, "msg_1"), RECEIVED);

        assertThat(outcome.httpStatus()).isEqualTo(200);
        assertThat(recorder.events).hasSize(1);
    }

    @Test
    void theSameDeliveryReplayedAfterTheToleranceIsRefused() {
        WebhookHeaders captured = signedAt(RECEIVED, "msg_1");

        WebhookOutcome replayed = webhooks(relayOnly()).process(BODY, captured, RECEIVED.plus(Duration.ofMinutes(6)));

        assertThat(replayed.httpStatus()).isEqualTo(401);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void theToleranceHoldsBothWaysAndIsConfigurable() {
        WebhookAuthenticator tight = WebhookAuthenticator.builder()
                .signatureSecrets(RELAY)
                .signatureTolerance(Duration.ofSeconds(30))
                .build();
        WebhookAuthenticator standard = relayOnly();

        assertThat(standard.signatureTolerance()).isEqualTo(Duration.ofMinutes(5));
        assertThat(standard.authenticate(BODY, null, signedAt(RECEIVED.minusSeconds(299), "m"), RECEIVED))
                .isTrue();
        assertThat(standard.authenticate(BODY, null, signedAt(RECEIVED.plusSeconds(299), "m"), RECEIVED))
                .isTrue();
        assertThat(standard.authenticate(BODY, null, signedAt(RECEIVED.minusSeconds(301), "m"), RECEIVED))
                .isFalse();
        assertThat(standard.authenticate(BODY, null, signedAt(RECEIVED.plusSeconds(301), "m"), RECEIVED))
                .isFalse();
        assertThat(tight.authenticate(BODY, null, signedAt(RECEIVED.minusSeconds(31), "m"), RECEIVED))
                .isFalse();
        assertThatThrownBy(() -> WebhookAuthenticator.builder().signatureTolerance(Duration.ofHours(2)))
                .hasMessageContaining("between 1 second and 1 hour");
    }

    @Test
    void tamperingWithTheBodyTheIdTheTimestampOrTheSignatureIsRefused() {
        Map<String, String> good = WebhookAuthenticator.signatureHeaders(RELAY, "msg_1", RECEIVED, BODY);
        LiveChatWebhooks webhooks = webhooks(relayOnly());
        byte[] otherBody =
                Fixtures.bytes(Fixtures.raw("chat_deactivated.v3.6.json").replace("K600PKZON8", "K600PKZON9"));

        assertThat(webhooks.process(otherBody, WebhookHeaders.of(good), RECEIVED)
                        .httpStatus())
                .isEqualTo(401);
        assertThat(webhooks.process(BODY, WebhookHeaders.of(with(good, "webhook-id", "msg_2")), RECEIVED)
                        .httpStatus())
                .isEqualTo(401);
        String laterTimestamp = Long.toString(RECEIVED.getEpochSecond() + 1);
        assertThat(webhooks.process(BODY, WebhookHeaders.of(with(good, "webhook-timestamp", laterTimestamp)), RECEIVED)
                        .httpStatus())
                .isEqualTo(401);
        byte[] mac = Base64.getDecoder().decode(good.get("webhook-signature").substring(3));
        mac[0] ^= 1;
        String flipped = "v1," + Base64.getEncoder().encodeToString(mac);
        assertThat(webhooks.process(BODY, WebhookHeaders.of(with(good, "webhook-signature", flipped)), RECEIVED)
                        .httpStatus())
                .isEqualTo(401);
        assertThat(webhooks.process(
                                BODY,
                                WebhookHeaders.of(with(good, "webhook-timestamp", "+" + RECEIVED.getEpochSecond())),
                                RECEIVED)
                        .httpStatus())
                .isEqualTo(401);
        assertThat(recorder.events).isEmpty();
        assertThat(webhooks.process(BODY, WebhookHeaders.of(good), RECEIVED).httpStatus())
                .isEqualTo(200);
    }

    @Test
    void aSignatureListMayCarrySeveralEntriesAndAWhsecSecretIsDecoded() {
        String whsec = "whsec_" + Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
        WebhookAuthenticator auth =
                WebhookAuthenticator.builder().signatureSecrets(whsec).build();
        Map<String, String> good = WebhookAuthenticator.signatureHeaders(whsec, "msg_1", RECEIVED, BODY);
        String listed = "v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v2,xyz " + good.get("webhook-signature");

        assertThat(auth.authenticate(BODY, null, WebhookHeaders.of(with(good, "webhook-signature", listed)), RECEIVED))
                .isTrue();
        assertThat(auth.authenticate(
                        BODY,
                        null,
                        WebhookHeaders.of(WebhookAuthenticator.signatureHeaders(RELAY, "msg_1", RECEIVED, BODY)),
                        RECEIVED))
                .isFalse();
    }

    @Test
    void theOldBodyOnlyHeaderIsRefusedUnlessExplicitlyAccepted() {
        @SuppressWarnings("deprecation")
        String hex = WebhookAuthenticator.sign(BODY, RELAY);
        WebhookHeaders old = WebhookHeaders.of(Map.of(WebhookAuthenticator.DEFAULT_SIGNATURE_HEADER, hex));
        @SuppressWarnings("deprecation")
        WebhookAuthenticator legacy = WebhookAuthenticator.builder()
                .signatureSecrets(RELAY)
                .acceptLegacySignatureHeader(true)
                .build();

        assertThat(relayOnly().acceptsLegacySignatureHeader()).isFalse();
        assertThat(webhooks(relayOnly())
                        .process(BODY, old, RECEIVED.plus(Duration.ofDays(30)))
                        .httpStatus())
                .isEqualTo(401);
        assertThat(recorder.events).isEmpty();
        assertThat(legacy.acceptsLegacySignatureHeader()).isTrue();
        assertThat(legacy.authenticate(BODY, null, old, RECEIVED)).isTrue();
    }

    @Test
    void bothProofsStillRequireTheBodySecretAndAFreshSignature() {
        WebhookAuthenticator both = WebhookAuthenticator.builder()
                .secretKeys(SECRET)
                .signatureSecrets(RELAY)
                .build();
        byte[] body = Fixtures.bytes(Fixtures.raw("chat_deactivated.v3.6.json"));

        assertThat(both.authenticate(body, SECRET, signedAt(RECEIVED, "m"), RECEIVED))
                .isTrue();
        assertThat(both.authenticate(body, SECRET, signedAt(RECEIVED, "m"), RECEIVED.plusSeconds(600)))
                .isFalse();
        assertThat(both.authenticate(body, "wrong", signedAt(RECEIVED, "m"), RECEIVED))
                .isFalse();
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> copy = new HashMap<>(headers);
        copy.put(name, value);
        return copy;
    }
}
