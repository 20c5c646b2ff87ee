package io.lcbridge.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static io.lcbridge.core.TokenForge.claims;
import static io.lcbridge.core.TokenForge.header;
import static io.lcbridge.core.TokenForge.unsigned;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Ed25519 public keys that would accept forged signatures are refused when the key set loads. */
final class Ed25519WeakKeyTest {

    private static final String IDENTITY_POINT = "0100000000000000000000000000000000000000000000000000000000000000";

    @Test
    void theIdentityPointKeyAcceptsAForgedSignatureSoLoadingItIsRefused() throws Exception {
        OctetKeyPair smallOrder = publicKey(IDENTITY_POINT);
        String input = unsigned(header("EdDSA", "evil"), claims("admin", 1_780_000_000L, 1_780_003_600L));
        // R = the identity, S = 0: [S]B = R + [k]A holds for every message when A is the identity
        String forged = IDENTITY_POINT + "00".repeat(32);
        boolean forgeryVerifies = new Ed25519Verifier(smallOrder)
                .verify(
                        new JWSHeader(JWSAlgorithm.EdDSA),
                        input.getBytes(StandardCharsets.US_ASCII),
                        Base64URL.encode(HexFormat.of().parseHex(forged)));

        InvalidKeyConfigurationException refused = catchThrowableOfType(
                InvalidKeyConfigurationException.class,
                () -> IdentityKeySet.fromJwkSet(TestKeys.jwkSetJson(smallOrder)));

        assertThat(forgeryVerifies)
                .as("Nimbus alone accepts the forgery (why the key must be refused)")
                .isTrue();
        assertThat(refused).isNotNull().hasMessageContaining("kid 'evil'").hasMessageContaining("small order");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // order 1, 2, 4 and 8 points, each also with the sign bit set
                "0100000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000080",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0000000000000000000000000000000000000000000000000000000000000080",
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
                "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
                "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
            })
    void everySmallOrderPointIsRefused(String hex) {
        assertRefused(hex, "small order");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // y = p and y = p + 1: non-canonical spellings of the order-4 and order-1 points
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
                "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
                // y = 2^255 - 1, the largest value the 255 bits can spell
                "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
            })
    void nonCanonicalEncodingsAreRefused(String hex) {
        assertRefused(hex, "non-canonical");
    }

    @Test
    void anEncodingThatIsNotAPointIsRefused() {
        // y = 2: (y² − 1)/(d·y² + 1) is not a square mod p
        assertRefused("02" + "00".repeat(31), "not an Ed25519 public key");
    }

    @Test
    void realKeysStillLoadPublicAndPrivate() throws Exception {
        for (int i = 0; i < 50; i++) {
            OctetKeyPair key =
                    new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-" + i).generate();
            assertThat(IdentityKeySet.fromJwkSet(TestKeys.jwkSetJson(key.toPublicJWK()))
                            .keyIds())
                    .containsExactly("ed-" + i);
            assertThat(IdentityKeySet.fromJwkSet(TestKeys.jwkSetJson(key)).activeKeyId())
                    .contains("ed-" + i);
        }
        assertThat(TestKeys.keys(IdentityAlgorithm.EDDSA).activeKeyId()).contains("ed-1");
    }

    @Test
    void aTokenSignedWithARealKeyStillVerifies() {
        String token = TokenForge.signProperly(
                TestKeys.ED, IdentityAlgorithm.EDDSA, claims("user-1", 1_780_000_000L, 1_780_003_600L));

        assertThat(IdentityTokenVerifier.create(TestKeys.keys(IdentityAlgorithm.EDDSA))
                        .verify(token, AUDIENCE, java.time.Instant.ofEpochSecond(1_780_000_010L))
                        .status())
                .isEqualTo(TokenStatus.VERIFIED);
    }

    private static void assertRefused(String hex, String why) {
        InvalidKeyConfigurationException refused = catchThrowableOfType(
                InvalidKeyConfigurationException.class,
                () -> IdentityKeySet.fromJwkSet(TestKeys.jwkSetJson(publicKey(hex))));

        assertThat(refused)
                .as(hex)
                .isNotNull()
                .hasMessageContaining("kid 'evil'")
                .hasMessageContaining(why);
    }

    private static OctetKeyPair publicKey(String hex) {
        return new OctetKeyPair.Builder(
                        Curve.Ed25519, Base64URL.encode(HexFormat.of().parseHex(hex)))
                .keyID("evil")
                .build();
    }
}
