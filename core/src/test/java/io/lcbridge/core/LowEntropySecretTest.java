package io.lcbridge.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** HS256 secrets whose bytes were plainly not random are refused, naming the rule and never the secret. */
final class LowEntropySecretTest {

    static Stream<Arguments> weakSecrets() {
        byte[] repeated = new byte[48];
        for (int i = 0; i < repeated.length; i++) {
            repeated[i] = (byte) ((i % 20) * 11 + (i % 20) % 3); // 20 distinct values, then again
        }
        byte[] counter = new byte[32];
        for (int i = 0; i < counter.length; i++) {
            counter[i] = (byte) (7 + 3 * i);
        }
        return Stream.of(
                Arguments.of("all zero", new byte[32], "distinct byte values"),
                Arguments.of("one letter", "a".repeat(40).getBytes(StandardCharsets.US_ASCII), "distinct byte values"),
                Arguments.of(
                        "a short hex string",
                        "deadbeefdeadbeefdeadbeef01234567".getBytes(StandardCharsets.US_ASCII),
                        "distinct byte values"),
                Arguments.of(
                        "a typed phrase",
                        "secret-for-the-templated-example-test".getBytes(StandardCharsets.US_ASCII),
                        "distinct byte values"),
                Arguments.of("20 random bytes repeated", repeated, "repeats a sequence of 20 bytes"),
                Arguments.of("a counter", counter, "count up or down"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weakSecrets")
    void aLowEntropySecretIsRefusedAsBase64(String why, byte[] secret, String rule) {
        String encoded = Base64.getEncoder().encodeToString(secret);

        InvalidKeyConfigurationException e = catchThrowableOfType(
                InvalidKeyConfigurationException.class, () -> IdentityKeySet.fromHs256Secret(encoded));

        assertThat(e).as(why).isNotNull();
        assertThat(e.getMessage())
                .startsWith("HS256 secret has trivially low entropy")
                .contains(rule)
                .contains("openssl rand -base64 32")
                .doesNotContain(encoded.substring(0, 12))
                .doesNotContain(new String(secret, StandardCharsets.ISO_8859_1).substring(0, 12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("weakSecrets")
    void aLowEntropySecretIsRefusedInAJwkSetNamingTheKid(String why, byte[] secret, String rule) {
        OctetSequenceKey jwk = new OctetSequenceKey.Builder(Base64URL.encode(secret))
                .keyID("weak-1")
                .algorithm(JWSAlgorithm.HS256)
                .build();

        InvalidKeyConfigurationException e = catchThrowableOfType(
                InvalidKeyConfigurationException.class, () -> IdentityKeySet.fromJwkSet(TestKeys.jwkSetJson(jwk)));

        assertThat(e).as(why).isNotNull().hasMessageContaining("kid 'weak-1'").hasMessageContaining(rule);
        assertThat(e.getMessage()).doesNotContain(jwk.getKeyValue().toString().substring(0, 12));
    }

    @Test
    void randomSecretsOfEveryAcceptedLengthLoad() {
        for (int length = 32; length <= 64; length++) {
            for (int i = 0; i < 20; i++) {
                byte[] secret = randomBytes(length);
                assertThat(SecretStrength.weakness(secret))
                        .as(Arrays.toString(secret))
                        .isNull();
                assertThat(IdentityKeySet.fromHs256Secret(Base64.getEncoder().encodeToString(secret))
                                .activeKeyId())
                        .isPresent();
            }
        }
        assertThat(IdentityKeySet.fromJwkSet(TestKeys.jwkSetJson(TestKeys.HS)).activeKeyId())
                .contains("hs-1");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new SecureRandom().nextBytes(b);
        return b;
    }
}
