package io.lcbridge.verifier;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class WebhookAuthenticatorTest {

    private static final byte[] BODY = "{\"action\":\"incoming_chat\"}".getBytes(StandardCharsets.UTF_8);
    private static final String RELAY = "relay-secret-0123456789";

    private static WebhookHeaders signature(String value) {
        return WebhookHeaders.of(Map.of(WebhookAuthenticator.DEFAULT_SIGNATURE_HEADER, value));
    }

    @Test
    void secretKeyModeAcceptsEveryConfiguredSecretAndNothingElse() {
        WebhookAuthenticator auth = WebhookAuthenticator.secretKey("old-secret", "new-secret");

        assertThat(auth.mode()).isEqualTo(WebhookAuthenticator.Mode.SECRET_KEY);
        assertThat(auth.authenticate(BODY, "old-secret", WebhookHeaders.none())).isTrue();
        assertThat(auth.authenticate(BODY, "new-secret", WebhookHeaders.none())).isTrue();
        assertThat(auth.authenticate(BODY, "new-secre", WebhookHeaders.none())).isFalse();
        assertThat(auth.authenticate(BODY, "new-secret ", WebhookHeaders.none()))
                .isFalse();
        assertThat(auth.authenticate(BODY, "", WebhookHeaders.none())).isFalse();
        assertThat(auth.authenticate(BODY, null, WebhookHeaders.none())).isFalse();
    }

    @Test
    void signatureModeChecksTheHmacOfTheExactBytesInAnyHexCase() {
        WebhookAuthenticator auth =
                WebhookAuthenticator.builder().signatureSecrets(RELAY).build();
        String hex = WebhookAuthenticator.sign(BODY, RELAY);

        assertThat(auth.mode()).isEqualTo(WebhookAuthenticator.Mode.SIGNATURE);
        assertThat(hex).hasSize(64).matches("[0-9a-f]+");
        assertThat(auth.authenticate(BODY, null, signature(hex))).isTrue();
        assertThat(auth.authenticate(BODY, null, signature("SHA256=" + hex.toUpperCase())))
                .isTrue();
        byte[] altered = BODY.clone();
        altered[3] ^= 1;
        assertThat(auth.authenticate(altered, null, signature(hex))).isFalse();
        assertThat(auth.authenticate(BODY, null, signature(hex.substring(2)))).isFalse();
        assertThat(auth.authenticate(BODY, null, signature(hex.replace(hex.charAt(0), 'g'))))
                .isFalse();
        assertThat(auth.authenticate(BODY, null, WebhookHeaders.none())).isFalse();
    }

    @Test
    void bothSecretsConfiguredRequireBothProofsUnlessEitherIsChosen() {
        String hex = WebhookAuthenticator.sign(BODY, RELAY);
        WebhookAuthenticator both = WebhookAuthenticator.builder()
                .secretKeys("s3cret")
                .signatureSecrets(RELAY)
                .build();
        WebhookAuthenticator either = WebhookAuthenticator.builder()
                .secretKeys("s3cret")
                .signatureSecrets(RELAY)
                .require(WebhookAuthenticator.Mode.SECRET_KEY_OR_SIGNATURE)
                .build();

        assertThat(both.mode()).isEqualTo(WebhookAuthenticator.Mode.SECRET_KEY_AND_SIGNATURE);
        assertThat(both.authenticate(BODY, "s3cret", signature(hex))).isTrue();
        assertThat(both.authenticate(BODY, "s3cret", WebhookHeaders.none())).isFalse();
        assertThat(both.authenticate(BODY, "wrong", signature(hex))).isFalse();
        assertThat(either.authenticate(BODY, "s3cret", WebhookHeaders.none())).isTrue();
        assertThat(either.authenticate(BODY, null, signature(hex))).isTrue();
        assertThat(either.authenticate(BODY, "wrong", signature("00"))).isFalse();
    }

    @Test
    void customHeaderNameIsReadIgnoringCase() {
        WebhookAuthenticator auth = WebhookAuthenticator.builder()
                .signatureSecrets(RELAY)
                .signatureHeader("X-Relay-Signature")
                .build();

        assertThat(auth.authenticate(
                        BODY,
                        null,
                        WebhookHeaders.of(Map.of("x-relay-signature", WebhookAuthenticator.sign(BODY, RELAY)))))
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
