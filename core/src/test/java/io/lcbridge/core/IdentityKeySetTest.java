package io.lcbridge.core;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static io.lcbridge.core.TestKeys.EC;
import static io.lcbridge.core.TestKeys.ED;
import static io.lcbridge.core.TestKeys.HS;
import static io.lcbridge.core.TestKeys.RSA;
import static io.lcbridge.core.TestKeys.RSA_PS;
import static io.lcbridge.core.TestKeys.jwkSetJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class IdentityKeySetTest {

    /** 32 bytes whose base64 holds '+', '/' and padding, so base64 and base64url differ. */
    private static final byte[] SECRET = secretWithSpecialBase64Characters();

    private static final CustomerIdentity IDENTITY =
            CustomerIdentity.builder("user-1").variable("plan", "pro").build();

    // ---- HS256 secrets -------------------------------------------------------------------

    @Test
    void acceptsAnHs256SecretAsBase64OrBase64urlWithOrWithoutPadding() {
        String base64 = Base64.getEncoder().encodeToString(SECRET);
        String base64NoPad = Base64.getEncoder().withoutPadding().encodeToString(SECRET);
        String base64url = Base64.getUrlEncoder().encodeToString(SECRET);
        String base64urlNoPad = Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET);
        assertThat(base64).contains("+", "/", "=");
        assertThat(base64url).contains("-", "_", "=");

        List<IdentityKeySet> sets = new ArrayList<>();
        for (String encoded :
                List.of(base64, base64NoPad, base64url, base64urlNoPad, base64 + "\n", "  " + base64url + "\r\n")) {
            sets.add(IdentityKeySet.fromHs256Secret(encoded));
        }

        String kid = sets.get(0).activeKeyId().orElseThrow();
        String token = IdentitySigner.builder(sets.get(0), AUDIENCE)
                .build()
                .sign(IDENTITY)
                .token();
        for (IdentityKeySet set : sets) {
            assertThat(set.activeKeyId()).contains(kid);
            assertThat(set.algorithm(kid)).contains(IdentityAlgorithm.HS256);
            assertThat(IdentityTokenVerifier.create(set)
                            .verify(token, AUDIENCE, Instant.now())
                            .status())
                    .isEqualTo(TokenStatus.VERIFIED);
        }
    }

    @Test
    void derivesTheSameKidFromTheSameSecretAndADifferentOneFromAnother() {
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        String encoded = Base64.getEncoder().encodeToString(SECRET);

        String kid = IdentityKeySet.fromHs256Secret(encoded).activeKeyId().orElseThrow();

        assertThat(IdentityKeySet.fromHs256Secret(encoded).activeKeyId()).contains(kid);
        assertThat(IdentityKeySet.fromHs256Secret(Base64.getEncoder().encodeToString(other))
                        .activeKeyId()
                        .orElseThrow())
                .isNotEqualTo(kid);
        assertThat(kid).startsWith("hs256-").doesNotContain(encoded.substring(0, 8));
    }

    @Test
    void refusesAShortSecretExplainingHowToGenerateOneWithoutQuotingIt() {
        String shortSecret = Base64.getEncoder().encodeToString(Arrays.copyOf(SECRET, 31));

        InvalidKeyConfigurationException e = catchThrowableOfType(
                InvalidKeyConfigurationException.class, () -> IdentityKeySet.fromHs256Secret(shortSecret));

        assertThat(e)
                .hasMessageContaining("31 bytes")
                .hasMessageContaining("at least 32")
                .hasMessageContaining("openssl rand -base64 32")
                .hasMessageContaining("keys generate --alg HS256");
        assertThat(e.getMessage()).doesNotContain(shortSecret).doesNotContain(shortSecret.substring(0, 12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not base64 at all!!", "c2VjcmV0*c2VjcmV0"})
    void refusesEmptyOrNonBase64SecretsExplainingHowToGenerateOne(String secret) {
        InvalidKeyConfigurationException e = catchThrowableOfType(
                InvalidKeyConfigurationException.class, () -> IdentityKeySet.fromHs256Secret(secret));

        assertThat(e).hasMessageContaining("HS256 secret").hasMessageContaining("openssl rand -base64 32");
        if (!secret.isBlank()) {
            assertThat(e.getMessage()).doesNotContain(secret);
        }
    }

    @Test
    void refusesANullSecret() {
        assertThatThrownBy(() -> IdentityKeySet.fromHs256Secret(null))
                .isInstanceOf(InvalidKeyConfigurationException.class)
                .hasMessageContaining("empty");
    }

    // ---- JWK sets accepted --------------------------------------------------------------

    static Stream<Arguments> acceptedKeys() {
        return Stream.of(
                Arguments.of(HS, IdentityAlgorithm.HS256),
                Arguments.of(new OctetSequenceKey.Builder(HS).algorithm(null).build(), IdentityAlgorithm.HS256),
                Arguments.of(EC, IdentityAlgorithm.ES256),
                Arguments.of(
                        new ECKey.Builder(EC)
                                .algorithm(JWSAlgorithm.ES256)
                                .keyUse(KeyUse.SIGNATURE)
                                .build(),
                        IdentityAlgorithm.ES256),
                Arguments.of(ED, IdentityAlgorithm.EDDSA),
                Arguments.of(
                        new OctetKeyPair.Builder(ED)
                                .algorithm(JWSAlgorithm.EdDSA)
                                .build(),
                        IdentityAlgorithm.EDDSA),
                Arguments.of(RSA, IdentityAlgorithm.RS256),
                Arguments.of(new RSAKey.Builder(RSA).algorithm(null).build(), IdentityAlgorithm.RS256),
                Arguments.of(RSA_PS, IdentityAlgorithm.PS256));
    }

    @ParameterizedTest
    @MethodSource("acceptedKeys")
    void loadsASingleKeySetAndBindsTheKidToOneAlgorithm(JWK jwk, IdentityAlgorithm expected) {
        IdentityKeySet keys = IdentityKeySet.fromJwkSet(jwkSetJson(jwk));

        assertThat(keys.keyIds()).containsExactly(jwk.getKeyID());
        assertThat(keys.activeKeyId()).contains(jwk.getKeyID());
        assertThat(keys.algorithm(jwk.getKeyID())).contains(expected);
        assertThat(keys.algorithm("other")).isEmpty();
    }

    @Test
    void loadsAlreadyParsedJwks() {
        IdentityKeySet keys = IdentityKeySet.fromJwks(List.of(EC.toPublicJWK(), ED));

        assertThat(keys.keyIds()).containsExactly("ec-1", "ed-1");
        assertThat(keys.activeKeyId()).contains("ed-1");
    }

    @Test
    void activeKeyIsTheOneMarkedSignWhenSeveralHoldPrivateMaterial() {
        IdentityKeySet keys = IdentityKeySet.fromJwkSet(jwkSetJson(
                withOps(HS, KeyOperation.VERIFY),
                withOps(EC, KeyOperation.VERIFY),
                withOps(ED, KeyOperation.SIGN, KeyOperation.VERIFY)));

        assertThat(keys.activeKeyId()).contains("ed-1");
        assertThat(keys.keyIds()).containsExactly("hs-1", "ec-1", "ed-1");
    }

    @Test
    void activeKeyIsTheOnlyPrivateKeyWhenNoKeyDeclaresKeyOps() {
        IdentityKeySet keys = IdentityKeySet.fromJwkSet(jwkSetJson(EC.toPublicJWK(), RSA.toPublicJWK(), ED));

        assertThat(keys.activeKeyId()).contains("ed-1");
    }

    @Test
    void aPrivateKeyMarkedVerifyOnlyIsNeverTheSigningKey() {
        IdentityKeySet verifyOnly = IdentityKeySet.fromJwkSet(jwkSetJson(withOps(EC, KeyOperation.VERIFY)));
        IdentityKeySet withNewKey = IdentityKeySet.fromJwkSet(jwkSetJson(withOps(EC, KeyOperation.VERIFY), ED));

        assertThat(verifyOnly.activeKeyId()).isEmpty();
        assertThat(withNewKey.activeKeyId()).contains("ed-1");
    }

    // ---- JWK sets refused ----------------------------------------------------------------

    static Stream<Arguments> refusedSets() throws Exception {
        RSAKey rsa1024 = new RSAKeyGenerator(1024, true).keyID("rsa-weak").generate();
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("ec-384").generate();
        OctetKeyPair x25519 =
                new OctetKeyPairGenerator(Curve.X25519).keyID("x-1").generate();
        byte[] shortSecret = new byte[31];
        new SecureRandom().nextBytes(shortSecret);
        return Stream.of(
                Arguments.of(
                        "alg none",
                        jwkSetJson(new OctetSequenceKey.Builder(HS)
                                .algorithm(Algorithm.NONE)
                                .build()),
                        "'hs-1'",
                        "'none'"),
                Arguments.of(
                        "HS384",
                        jwkSetJson(new OctetSequenceKey.Builder(HS)
                                .algorithm(JWSAlgorithm.HS384)
                                .build()),
                        "'hs-1'",
                        "HS384"),
                Arguments.of(
                        "ES384",
                        jwkSetJson(new ECKey.Builder(EC)
                                .algorithm(JWSAlgorithm.ES384)
                                .build()),
                        "'ec-1'",
                        "ES384"),
                Arguments.of(
                        "unknown alg",
                        jwkSetJson(new ECKey.Builder(EC)
                                .algorithm(new Algorithm("XS999"))
                                .build()),
                        "'ec-1'",
                        "XS999"),
                Arguments.of(
                        "RS256 on an EC key",
                        jwkSetJson(new ECKey.Builder(EC)
                                .algorithm(JWSAlgorithm.RS256)
                                .build()),
                        "'ec-1'",
                        "EC P-256"),
                Arguments.of(
                        "ES256 on an RSA key",
                        jwkSetJson(new RSAKey.Builder(RSA)
                                .algorithm(JWSAlgorithm.ES256)
                                .build()),
                        "'rs-1'",
                        "RSA"),
                Arguments.of(
                        "HS256 on an Ed25519 key",
                        jwkSetJson(new OctetKeyPair.Builder(ED)
                                .algorithm(JWSAlgorithm.HS256)
                                .build()),
                        "'ed-1'",
                        "OKP Ed25519"),
                Arguments.of(
                        "EdDSA on an oct key",
                        jwkSetJson(new OctetSequenceKey.Builder(HS)
                                .algorithm(JWSAlgorithm.EdDSA)
                                .build()),
                        "'hs-1'",
                        "oct"),
                Arguments.of("EC P-384", jwkSetJson(p384), "'ec-384'", "P-384"),
                Arguments.of("X25519", jwkSetJson(x25519), "'x-1'", "X25519"),
                Arguments.of("RSA 1024", jwkSetJson(rsa1024), "'rsa-weak'", "1024 bits"),
                Arguments.of(
                        "oct of 248 bits",
                        jwkSetJson(new OctetSequenceKey.Builder(shortSecret)
                                .keyID("hs-short")
                                .build()),
                        "'hs-short'",
                        "31 bytes"),
                Arguments.of(
                        "oct of 128 bits",
                        jwkSetJson(new OctetSequenceKey.Builder(Arrays.copyOf(shortSecret, 16))
                                .keyID("hs-short")
                                .build()),
                        "'hs-short'",
                        "16 bytes"),
                Arguments.of(
                        "use enc",
                        jwkSetJson(
                                new ECKey.Builder(EC).keyUse(KeyUse.ENCRYPTION).build()),
                        "'ec-1'",
                        "use 'enc'"),
                Arguments.of(
                        "missing kid",
                        jwkSetJson(new ECKey.Builder(EC).keyID(null).build()),
                        "no kid",
                        "EC"),
                Arguments.of(
                        "kid with path characters",
                        jwkSetJson(
                                new ECKey.Builder(EC).keyID("../../etc/passwd").build()),
                        "kid must be",
                        "A-Z"),
                Arguments.of(
                        "duplicate kid",
                        jwkSetJson(
                                EC.toPublicJWK(),
                                new OctetKeyPair.Builder(ED).keyID("ec-1").build()),
                        "'ec-1'",
                        "twice"),
                Arguments.of("several private keys without key_ops", jwkSetJson(EC, ED), "ec-1, ed-1", "key_ops"),
                Arguments.of(
                        "two keys with key_ops sign",
                        jwkSetJson(withOps(EC, KeyOperation.SIGN), withOps(ED, KeyOperation.SIGN)),
                        "ec-1, ed-1",
                        "more than one"),
                Arguments.of(
                        "key_ops sign on a public key",
                        jwkSetJson(withOps(EC.toPublicJWK(), KeyOperation.SIGN), ED),
                        "'ec-1'",
                        "no private key"),
                Arguments.of("EC point not on P-256", offCurve(), "not valid", "JWK set"),
                Arguments.of("no keys", "{\"keys\":[]}", "no keys", "JWK set"),
                Arguments.of("not JSON", "{\"keys\":[", "not valid", "JWK set"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedSets")
    void refusesAtLoadTimeNamingTheKeyAndNeverItsMaterial(String why, String jwkSetJson, String names, String problem) {
        InvalidKeyConfigurationException e = catchThrowableOfType(
                InvalidKeyConfigurationException.class, () -> IdentityKeySet.fromJwkSet(jwkSetJson));

        assertThat(e).as(why).isNotNull();
        assertThat(e.getMessage()).contains(names).contains(problem);
        for (String secret : privateParameters(jwkSetJson)) {
            assertThat(e.getMessage()).doesNotContain(secret);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void refusesAnEmptyJwkSet(String json) {
        assertThatThrownBy(() -> IdentityKeySet.fromJwkSet(json))
                .isInstanceOf(InvalidKeyConfigurationException.class)
                .hasMessageContaining("empty");
    }

    // ---- verification-only sets and publishing -------------------------------------------

    @ParameterizedTest
    @MethodSource("asymmetric")
    void aPublicSetVerifiesButCannotSign(IdentityAlgorithm algorithm) {
        IdentityKeySet privateSet = TestKeys.keys(algorithm);
        IdentityKeySet publicSet = IdentityKeySet.fromJwkSet(privateSet.publicJwkSetJson());
        String token = IdentitySigner.builder(privateSet, AUDIENCE)
                .build()
                .sign(IDENTITY)
                .token();

        TokenVerification verification = IdentityTokenVerifier.create(publicSet).verify(token, AUDIENCE, Instant.now());

        assertThat(verification.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(verification.identity()).contains(IDENTITY);
        assertThat(publicSet.activeKeyId()).isEmpty();
        assertThat(publicSet.algorithm(TestKeys.jwk(algorithm).getKeyID())).contains(algorithm);
        assertThatThrownBy(() -> IdentitySigner.builder(publicSet, AUDIENCE))
                .isInstanceOf(InvalidKeyConfigurationException.class)
                .hasMessageContaining("no active signing key");
    }

    static Stream<IdentityAlgorithm> asymmetric() {
        return Stream.of(
                IdentityAlgorithm.ES256, IdentityAlgorithm.EDDSA, IdentityAlgorithm.RS256, IdentityAlgorithm.PS256);
    }

    @Test
    void publishesOnlyPublicParameters() throws Exception {
        String privateJson = jwkSetJson(
                withOps(HS, KeyOperation.VERIFY),
                withOps(EC, KeyOperation.VERIFY),
                withOps(ED, KeyOperation.SIGN, KeyOperation.VERIFY),
                withOps(RSA, KeyOperation.VERIFY));
        IdentityKeySet keys = IdentityKeySet.fromJwkSet(privateJson);

        String published = keys.publicJwkSetJson();

        JWKSet parsed = JWKSet.parse(published);
        assertThat(parsed.getKeys()).extracting(JWK::getKeyID).containsExactly("ec-1", "ed-1", "rs-1");
        assertThat(parsed.getKeys()).noneMatch(JWK::isPrivate);
        for (String secret : privateParameters(privateJson)) {
            assertThat(published).doesNotContain(secret);
        }
    }

    @Test
    void aPublishedRotationSetLoadsAsAVerificationOnlySet() {
        IdentityKeySet keys = IdentityKeySet.fromJwkSet(
                jwkSetJson(withOps(EC, KeyOperation.VERIFY), withOps(ED, KeyOperation.SIGN, KeyOperation.VERIFY)));
        String token =
                IdentitySigner.builder(keys, AUDIENCE).build().sign(IDENTITY).token();

        IdentityKeySet published = IdentityKeySet.fromJwkSet(keys.publicJwkSetJson());

        assertThat(published.keyIds()).containsExactly("ec-1", "ed-1");
        assertThat(published.activeKeyId()).isEmpty();
        assertThat(IdentityTokenVerifier.create(published)
                        .verify(token, AUDIENCE, Instant.now())
                        .status())
                .isEqualTo(TokenStatus.VERIFIED);
    }

    @Test
    void refusesToPublishAnOctOnlySet() {
        IdentityKeySet keys = IdentityKeySet.fromHs256Secret(Base64.getEncoder().encodeToString(SECRET));

        assertThatThrownBy(keys::publicJwkSetJson)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only symmetric (oct) keys")
                .hasMessageContaining("ES256")
                .hasMessageNotContaining(Base64.getEncoder().encodeToString(SECRET));
        assertThatThrownBy(() -> TestKeys.keys(IdentityAlgorithm.HS256).publicJwkSetJson())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void toStringNamesKidsAndAlgorithmsButNeverKeyMaterial() {
        String json = jwkSetJson(
                withOps(HS, KeyOperation.VERIFY),
                withOps(EC, KeyOperation.VERIFY),
                withOps(ED, KeyOperation.SIGN),
                withOps(RSA, KeyOperation.VERIFY));
        IdentityKeySet keys = IdentityKeySet.fromJwkSet(json);
        IdentityKeySet secret =
                IdentityKeySet.fromHs256Secret(Base64.getEncoder().encodeToString(SECRET));

        assertThat(keys.toString()).isEqualTo("IdentityKeySet[hs-1=HS256, ec-1=ES256, ed-1=EdDSA(active), rs-1=RS256]");
        for (String material : privateParameters(json)) {
            assertThat(keys.toString()).doesNotContain(material);
        }
        assertThat(secret.toString())
                .doesNotContain(Base64.getEncoder().encodeToString(SECRET))
                .doesNotContain(Base64.getUrlEncoder().withoutPadding().encodeToString(SECRET))
                .contains("HS256(active)");
    }

    // ---- helpers -------------------------------------------------------------------------

    static JWK withOps(JWK jwk, KeyOperation... ops) {
        Set<KeyOperation> set = Set.of(ops);
        if (jwk instanceof ECKey) {
            return new ECKey.Builder((ECKey) jwk).keyOperations(set).build();
        }
        if (jwk instanceof OctetKeyPair) {
            return new OctetKeyPair.Builder((OctetKeyPair) jwk)
                    .keyOperations(set)
                    .build();
        }
        if (jwk instanceof RSAKey) {
            return new RSAKey.Builder((RSAKey) jwk).keyOperations(set).build();
        }
        return new OctetSequenceKey.Builder((OctetSequenceKey) jwk)
                .keyOperations(set)
                .build();
    }

    /** Values of every secret or private JWK parameter in a JWK set JSON. */
    static List<String> privateParameters(String jwkSetJson) {
        List<String> values = new ArrayList<>();
        try {
            for (Object key : (List<?>)
                    com.nimbusds.jose.util.JSONObjectUtils.parse(jwkSetJson).get("keys")) {
                for (String name : List.of("k", "d", "p", "q", "dp", "dq", "qi")) {
                    Object v = ((Map<?, ?>) key).get(name);
                    if (v instanceof String) {
                        values.add(((String) v).substring(0, Math.min(16, ((String) v).length())));
                    }
                }
            }
        } catch (java.text.ParseException | RuntimeException e) {
            // not a parsable set (the "not JSON" case): no material to look for
        }
        return values;
    }

    @Test
    void refusesPrivateKeyWhosePublicHalfBelongsToAnotherKey() throws Exception {
        com.nimbusds.jose.jwk.ECKey otherEc =
                new com.nimbusds.jose.jwk.gen.ECKeyGenerator(com.nimbusds.jose.jwk.Curve.P_256).generate();
        Map<String, Object> ec = EC.toJSONObject();
        ec.put("d", otherEc.getD().toString());
        assertThatThrownBy(() -> IdentityKeySet.fromJwkSet(
                        "{\"keys\":[" + com.nimbusds.jose.util.JSONObjectUtils.toJSONString(ec) + "]}"))
                .isInstanceOf(InvalidKeyConfigurationException.class)
                .hasMessageContaining("ec-1")
                .hasMessageContaining("does not match its public key")
                .hasMessageNotContaining(otherEc.getD().toString().substring(0, 12));

        com.nimbusds.jose.jwk.OctetKeyPair otherEd =
                new com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator(com.nimbusds.jose.jwk.Curve.Ed25519).generate();
        Map<String, Object> ed = TestKeys.ED.toJSONObject();
        ed.put("d", otherEd.getD().toString());
        assertThatThrownBy(() -> IdentityKeySet.fromJwkSet(
                        "{\"keys\":[" + com.nimbusds.jose.util.JSONObjectUtils.toJSONString(ed) + "]}"))
                .isInstanceOf(InvalidKeyConfigurationException.class)
                .hasMessageContaining("does not match its public key");
    }

    /** The EC test key with one bit of its public x coordinate flipped: an invalid-curve key. */
    private static String offCurve() {
        byte[] x = EC.getX().decode();
        x[x.length - 1] ^= 1;
        Map<String, Object> json = EC.toJSONObject();
        json.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(x));
        return "{\"keys\":[" + com.nimbusds.jose.util.JSONObjectUtils.toJSONString(json) + "]}";
    }

    /** 32 fixed bytes that look random (a SHA-256) and whose base64 holds '+' and '/' (base64url: '-', '_'). */
    private static byte[] secretWithSpecialBase64Characters() {
        byte[] bytes = IdentityKeySet.sha256("lcbridge IdentityKeySetTest secret".getBytes(StandardCharsets.US_ASCII));
        bytes[0] = (byte) 0xfb;
        bytes[1] = (byte) 0xef;
        bytes[2] = (byte) 0xff;
        return bytes;
    }
}
