package io.lcbridge.verifier;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class WebhookAuthenticatorTest {

    private static final byte[] BODY = "{\"action\":\"incoming_chat\"}".getBytes(StandardCharsets.UTF_8);
    private static final String RELAY = "relay-secret-0123456789";

    /** Authenticates at the current time. */
    private static boolean ok(WebhookAuthenticator auth, byte[] body, String secretKey, WebhookHeaders headers) {
        return auth.authenticate(body, secretKey, headers, Instant.now());
    }

    /** Relay builder accepting the deprecated body-only header. */
    @SuppressWarnings("deprecation")
    private static WebhookAuthenticator.Builder legacy() {
        return WebhookAuthenticator.builder().acceptLegacySignatureHeader(true);
    }

    @SuppressWarnings("deprecation")
    private static String legacySign(byte[] body, String secret) {
        return WebhookAuthenticator.sign(body, secret);
    }

    private static WebhookHeaders signature(String value) {
        return WebhookHeaders.of(Map.of(WebhookAuthenticator.DEFAULT_SIGNATURE_HEADER, value));
    }

    @Test
    void secretKeyModeAcceptsEveryConfiguredSecretAndNothingElse() {
        WebhookAuthenticator auth = WebhookAuthenticator.secretKey("old-secret", "new-secret");

        assertThat(auth.mode()).isEqualTo(WebhookAuthenticator.Mode.SECRET_KEY);
        assertThat(ok(auth, BODY, "old-secret", WebhookHeaders.none())).isTrue();
        assertThat(ok(auth, BODY, "new-secret", WebhookHeaders.none())).isTrue();
        assertThat(ok(auth, BODY, "new-secre", WebhookHeaders.none())).isFalse();
        assertThat(ok(auth, BODY, "new-secret ", WebhookHeaders.none())).isFalse();
        assertThat(ok(auth, BODY, "", WebhookHeaders.none())).isFalse();
        assertThat(ok(auth, BODY, null, WebhookHeaders.none())).isFalse();
    }

    @Test
    void legacySignatureModeChecksTheHmacOfTheExactBytesInAnyHexCase() {
        WebhookAuthenticator auth = legacy().signatureSecrets(RELAY).build();
        String hex = legacySign(BODY, RELAY);

        assertThat(auth.mode()).isEqualTo(WebhookAuthenticator.Mode.SIGNATURE);
        assertThat(hex).hasSize(64).matches("[0-9a-f]+");
        assertThat(ok(auth, BODY, null, signature(hex))).isTrue();
        assertThat(ok(auth, BODY, null, signature("SHA256=" + hex.toUpperCase())))
                .isTrue();
        byte[] altered = BODY.clone();
        altered[3] ^= 1;
        assertThat(ok(auth, altered, null, signature(hex))).isFalse();
        assertThat(ok(auth, BODY, null, signature(hex.substring(2)))).isFalse();
        assertThat(ok(auth, BODY, null, signature(hex.replace(hex.charAt(0), 'g'))))
                .isFalse();
        assertThat(ok(auth, BODY, null, WebhookHeaders.none())).isFalse();
    }

    @Test
    void bothSecretsConfiguredRequireBothProofsUnlessEitherIsChosen() {
        String hex = legacySign(BODY, RELAY);
        WebhookAuthenticator both =
                legacy().secretKeys("s3cret").signatureSecrets(RELAY).build();
        WebhookAuthenticator either = legacy().secretKeys("s3cret")
                .signatureSecrets(RELAY)
                .require(WebhookAuthenticator.Mode.SECRET_KEY_OR_SIGNATURE)
                .build();

        assertThat(both.mode()).isEqualTo(WebhookAuthenticator.Mode.SECRET_KEY_AND_SIGNATURE);
        assertThat(ok(both, BODY, "s3cret", signature(hex))).isTrue();
        assertThat(ok(both, BODY, "s3cret", WebhookHeaders.none())).isFalse();
        assertThat(ok(both, BODY, "wrong", signature(hex))).isFalse();
        assertThat(ok(either, BODY, "s3cret", WebhookHeaders.none())).isTrue();
        assertThat(ok(either, BODY, null, signature(hex))).isTrue();
        assertThat(ok(either, BODY, "wrong", signature("00"))).isFalse();
    }

    @Test
    void customHeaderNameIsReadIgnoringCase() {
        WebhookAuthenticator auth = legacy().signatureSecrets(RELAY)
                .signatureHeader("X-Relay-Signature")
                .build();

        assertThat(ok(auth, BODY, null, WebhookHeaders.of(Map.of("x-relay-signature", legacySign(BODY, RELAY)))))
                .isTrue();
    }

    @Test
    void misconfigurationIsRefusedWithAMessageNamingTheSetting() {
        assertThatThrownBy(() -> WebhookAuthenticator.builder().build())
                .hasMessageContaining("at least one secret key or signature secret");
        assertThatThrownBy(() -> WebhookAuthenticator.builder()
                        .secretKeys("s")
                        .require(WebhookAuthenticator.Mode.SIGNATURE)
                        .build())
                .hasMessageContaining("needs at least one signature secret");
        assertThatThrownBy(() -> WebhookAuthenticator.builder().signatureSecrets("short"))
                .hasMessageContaining("at least 16 characters");
        assertThat(WebhookAuthenticator.secretKey("do-not-print-me").toString()).doesNotContain("do-not-print-me");
    }
}
