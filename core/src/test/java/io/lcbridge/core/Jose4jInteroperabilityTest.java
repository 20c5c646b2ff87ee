package io.lcbridge.core;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import org.jose4j.jwa.AlgorithmConstraints.ConstraintType;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * jose4j 0.9.6, an independent JOSE implementation, and our signer/verifier understand each
 * other for every algorithm (EdDSA included: jose4j uses the JDK's Ed25519 on Java 15+).
 */
final class Jose4jInteroperabilityTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final CustomerIdentity IDENTITY = CustomerIdentity.builder("user-\u00e9-42")
            .name("Zo\u00eb \"Q\" \\ O'Brien")
            .email("zoe@example.com")
            .variable("plan", "pro")
            .variable("note", "a\u2028b\n\"c\"")
            .variable("city", "M\u00fcnchen \uD83C\uDF7A")
            .build();

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void jose4jVerifiesOurTokens(IdentityAlgorithm algorithm) throws Exception {
        SignedIdentity signed = IdentitySigner.builder(TestKeys.keys(algorithm), AUDIENCE)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                .build()
                .sign(IDENTITY);

        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(verificationKey(TestKeys.jwk(algorithm)))
                .setJwsAlgorithmConstraints(ConstraintType.PERMIT, algorithm.joseName())
                .setExpectedType(true, IdentityTokens.TYPE)
                .setExpectedAudience(AUDIENCE)
                .setExpectedIssuer("lcbridge")
                .setRequireSubject()
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setEvaluationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + 60))
                .build();
        JwtClaims claims = consumer.processToClaims(signed.token());

        assertThat(claims.getSubject()).isEqualTo("user-\u00e9-42");
        assertThat(claims.getStringClaimValue("name")).isEqualTo("Zo\u00eb \"Q\" \\ O'Brien");
        assertThat(claims.getStringClaimValue("email")).isEqualTo("zoe@example.com");
        assertThat(claims.getClaimValue("vars")).isEqualTo(IDENTITY.sessionVariables());
        assertThat(claims.getIssuedAt().getValue()).isEqualTo(NOW.getEpochSecond());
        assertThat(claims.getExpirationTime().getValue())
                .isEqualTo(NOW.plusSeconds(2 * 3600).getEpochSecond());
        assertThat(claims.getJwtId()).isEqualTo(signed.tokenId());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(signed.token());
        assertThat(jws.getKeyIdHeaderValue()).isEqualTo(TestKeys.jwk(algorithm).getKeyID());
        assertThat(jws.getAlgorithmHeaderValue()).isEqualTo(algorithm.joseName());
    }

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void jose4jRejectsOurTokenForAnotherAudience(IdentityAlgorithm algorithm) throws Exception {
        String token = IdentitySigner.builder(TestKeys.keys(algorithm), TestKeys.OTHER_AUDIENCE)
                .build()
                .sign(IDENTITY)
                .token();
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setVerificationKey(verificationKey(TestKeys.jwk(algorithm)))
                .setExpectedAudience(AUDIENCE)
                .build();

        assertThatThrownBy(() -> consumer.processToClaims(token)).isInstanceOf(InvalidJwtException.class);
    }

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void ourVerifierAcceptsTokensJose4jSignsWithOurKeyAlgAndTyp(IdentityAlgorithm algorithm) throws Exception {
        JWK jwk = TestKeys.jwk(algorithm);
        String token = jose4jSign(
                signingKey(jwk), algorithm.joseName(), jwk.getKeyID(), IdentityTokens.TYPE, claims(AUDIENCE));

        TokenVerification verification =
                IdentityTokenVerifier.create(TestKeys.keys(algorithm)).verify(token, AUDIENCE, NOW);

        assertThat(verification.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(verification.identity()).contains(IDENTITY);
        assertThat(List.copyOf(
                        verification.identity().orElseThrow().sessionVariables().keySet()))
                .containsExactly("plan", "note", "city");
        assertThat(verification.keyId()).contains(jwk.getKeyID());
    }

    @Test
    void ourVerifierAcceptsAJose4jAudienceListHoldingOurLicense() throws Exception {
        JwtClaims claims = claims(AUDIENCE);
        claims.setAudience("other-license", AUDIENCE);
        String token = jose4jSign(signingKey(TestKeys.EC), "ES256", "ec-1", IdentityTokens.TYPE, claims);

        assertThat(IdentityTokenVerifier.create(TestKeys.keys(IdentityAlgorithm.ES256))
                        .verify(token, AUDIENCE, NOW)
                        .status())
                .isEqualTo(TokenStatus.VERIFIED);
    }

    @Test
    void ourVerifierRejectsJose4jTokensWhoseAlgDoesNotMatchTheKid() throws Exception {
        // rs-1 is bound to RS256; jose4j signs genuinely with the same RSA key under PS256
        String ps256 = jose4jSign(
                signingKey(TestKeys.RSA),
                AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                "rs-1",
                IdentityTokens.TYPE,
                claims(AUDIENCE));
        // ps-1 is bound to PS256; jose4j signs with RS256
        String rs256 = jose4jSign(
                signingKey(TestKeys.RSA_PS),
                AlgorithmIdentifiers.RSA_USING_SHA256,
                "ps-1",
                IdentityTokens.TYPE,
                claims(AUDIENCE));
        // hs-1 is bound to HS256; jose4j signs HS512 with the same secret
        String hs512 = jose4jSign(
                new HmacKey(TestKeys.HS.toByteArray()),
                AlgorithmIdentifiers.HMAC_SHA512,
                "hs-1",
                IdentityTokens.TYPE,
                claims(AUDIENCE));
        // ec-1 is bound to ES256; jose4j signs HS256 with the EC public key's encoded bytes
        String confused = jose4jSign(
                new HmacKey(TestKeys.EC.toECPublicKey().getEncoded()),
                AlgorithmIdentifiers.HMAC_SHA256,
                "ec-1",
                IdentityTokens.TYPE,
                claims(AUDIENCE));

        assertThat(statusIn(IdentityAlgorithm.RS256, ps256)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(statusIn(IdentityAlgorithm.PS256, rs256)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(statusIn(IdentityAlgorithm.HS256, hs512)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(statusIn(IdentityAlgorithm.ES256, confused)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void ourVerifierRejectsJose4jTokensWithAnUnknownOrMissingKid(IdentityAlgorithm algorithm) throws Exception {
        JWK jwk = TestKeys.jwk(algorithm);
        Key key = signingKey(jwk);
        String unknown = jose4jSign(key, algorithm.joseName(), "not-in-the-set", IdentityTokens.TYPE, claims(AUDIENCE));
        String missing = jose4jSign(key, algorithm.joseName(), null, IdentityTokens.TYPE, claims(AUDIENCE));

        assertThat(statusIn(algorithm, unknown)).isEqualTo(TokenStatus.UNKNOWN_KEY);
        assertThat(statusIn(algorithm, missing)).isEqualTo(TokenStatus.UNKNOWN_KEY);
    }

    @Test
    void ourVerifierRejectsJose4jTokensWithAnotherTypOrAudience() throws Exception {
        Key key = signingKey(TestKeys.ED);
        String jwt = jose4jSign(key, "EdDSA", "ed-1", "JWT", claims(AUDIENCE));
        String noTyp = jose4jSign(key, "EdDSA", "ed-1", null, claims(AUDIENCE));
        String otherAudience = jose4jSign(key, "EdDSA", "ed-1", IdentityTokens.TYPE, claims(TestKeys.OTHER_AUDIENCE));

        assertThat(statusIn(IdentityAlgorithm.EDDSA, jwt)).isEqualTo(TokenStatus.MALFORMED);
        assertThat(statusIn(IdentityAlgorithm.EDDSA, noTyp)).isEqualTo(TokenStatus.MALFORMED);
        assertThat(statusIn(IdentityAlgorithm.EDDSA, otherAudience)).isEqualTo(TokenStatus.WRONG_AUDIENCE);
    }

    @Test
    void aJose4jNoneTokenIsRejected() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims(AUDIENCE).toJson());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.NONE);
        jws.setAlgorithmConstraints(org.jose4j.jwa.AlgorithmConstraints.NO_CONSTRAINTS);
        jws.setKeyIdHeaderValue("hs-1");
        jws.setHeader("typ", IdentityTokens.TYPE);

        assertThat(statusIn(IdentityAlgorithm.HS256, jws.getCompactSerialization()))
                .isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    // ---- helpers -------------------------------------------------------------------------

    private static TokenStatus statusIn(IdentityAlgorithm algorithm, String token) {
        return IdentityTokenVerifier.create(TestKeys.keys(algorithm))
                .verify(token, AUDIENCE, NOW)
                .status();
    }

    private static JwtClaims claims(String audience) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject(IDENTITY.subject());
        claims.setStringClaim("name", IDENTITY.name().orElseThrow());
        claims.setStringClaim("email", IDENTITY.email().orElseThrow());
        claims.setClaim("vars", new LinkedHashMap<>(IDENTITY.sessionVariables()));
        claims.setAudience(audience);
        claims.setIssuer("jose4j");
        claims.setIssuedAt(NumericDate.fromSeconds(NOW.getEpochSecond() - 5));
        claims.setExpirationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + 600));
        return claims;
    }

    @Test
    void jose4jLeavesHalfItsEs256SignaturesHighSWhichWeRefuseUntilNormalised() throws Exception {
        IdentityTokenVerifier verifier = IdentityTokenVerifier.create(TestKeys.keys(IdentityAlgorithm.ES256));
        int high = 0;
        for (int i = 0; i < 64; i++) {
            String token =
                    jose4jSignAsIs(signingKey(TestKeys.EC), "ES256", "ec-1", IdentityTokens.TYPE, claims(AUDIENCE));
            boolean isHigh = Es256LowSTest.s(token).compareTo(KeyEntry.LowSEcdsa.N.shiftRight(1)) > 0;
            high += isHigh ? 1 : 0;

            assertThat(verifier.verify(token, AUDIENCE, NOW).status())
                    .isEqualTo(isHigh ? TokenStatus.INVALID_SIGNATURE : TokenStatus.VERIFIED);
            assertThat(verifier.verify(lowS(token), AUDIENCE, NOW).status()).isEqualTo(TokenStatus.VERIFIED);
        }
        assertThat(high).as("jose4j does not normalise s").isBetween(8, 56);
    }

    /**
     * jose4j's token, with an ES256 signature brought into low-S form ({@code s ≤ n/2}): what any
     * library other than ours must do for our verifier to accept its ES256 tokens.
     */
    private static String jose4jSign(Key key, String alg, String kid, String typ, JwtClaims claims) throws Exception {
        String token = jose4jSignAsIs(key, alg, kid, typ, claims);
        return "ES256".equals(alg) ? lowS(token) : token;
    }

    private static String lowS(String token) {
        java.math.BigInteger s = Es256LowSTest.s(token);
        java.math.BigInteger n = KeyEntry.LowSEcdsa.N;
        return s.compareTo(n.shiftRight(1)) > 0 ? Es256LowSTest.withS(token, n.subtract(s)) : token;
    }

    private static String jose4jSignAsIs(Key key, String alg, String kid, String typ, JwtClaims claims)
            throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(alg);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        if (typ != null) {
            jws.setHeader("typ", typ);
        }
        jws.setDoKeyValidation(false); // HS512 with a 256-bit secret, deliberately
        return jws.getCompactSerialization();
    }

    private static Key signingKey(JWK jwk) throws Exception {
        if (jwk instanceof OctetSequenceKey) {
            return new HmacKey(((OctetSequenceKey) jwk).toByteArray());
        }
        return PublicJsonWebKey.Factory.newPublicJwk(jwk.toJSONString()).getPrivateKey();
    }

    private static Key verificationKey(JWK jwk) throws Exception {
        if (jwk instanceof OctetSequenceKey) {
            return new HmacKey(((OctetSequenceKey) jwk).toByteArray());
        }
        Map<String, Object> publicOnly = jwk.toPublicJWK().toJSONObject();
        return JsonWebKey.Factory.newJwk(publicOnly).getKey();
    }
}
