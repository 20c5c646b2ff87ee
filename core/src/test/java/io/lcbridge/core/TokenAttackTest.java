package io.lcbridge.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static io.lcbridge.core.TestKeys.EC;
import static io.lcbridge.core.TestKeys.ED;
import static io.lcbridge.core.TestKeys.HS;
import static io.lcbridge.core.TestKeys.RSA;
import static io.lcbridge.core.TokenForge.b64;
import static io.lcbridge.core.TokenForge.claims;
import static io.lcbridge.core.TokenForge.decode;
import static io.lcbridge.core.TokenForge.header;
import static io.lcbridge.core.TokenForge.hs256;
import static io.lcbridge.core.TokenForge.sign;
import static io.lcbridge.core.TokenForge.signProperly;
import static io.lcbridge.core.TokenForge.unsigned;
import static org.assertj.core.api.Assertions.assertThat;

/** Each attack on the verifier, with the exact status it must yield. */
final class TokenAttackTest {

    private static final long IAT = 1_780_000_000L;
    private static final long EXP = IAT + 3600;
    private static final Instant AT = Instant.ofEpochSecond(IAT + 10);
    private static final String CLAIMS = claims("user-1", IAT, EXP);

    /** Every test key in one verification set (public halves for the asymmetric ones). */
    private static final IdentityKeySet ALL = IdentityKeySet.fromJwks(
            List.of(HS, EC.toPublicJWK(), ED.toPublicJWK(), RSA.toPublicJWK(), TestKeys.RSA_PS.toPublicJWK()));

    private static final IdentityTokenVerifier VERIFIER = IdentityTokenVerifier.create(ALL);

    private static TokenVerification verify(String token) {
        return VERIFIER.verify(token, AUDIENCE, AT);
    }

    private static TokenStatus status(String token) {
        return verify(token).status();
    }

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void aProperlySignedTokenVerifies(IdentityAlgorithm algorithm) {
        TokenVerification verification = verify(signProperly(TestKeys.jwk(algorithm), algorithm, CLAIMS));

        assertThat(verification.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(verification.identity().orElseThrow().subject()).isEqualTo("user-1");
    }

    // ---- alg none and algorithm confusion ------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "nOnE"})
    void algNoneWithAKnownKidIsAnInvalidSignature(String none) {
        for (String kid : List.of("hs-1", "ec-1", "ed-1", "rs-1")) {
            String token = unsigned(header(none, kid), CLAIMS) + ".";
            assertThat(status(token)).as(kid).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        }
    }

    @Test
    void algNoneWithoutKidIsAnUnknownKey() {
        String token = unsigned("{\"typ\":\"lc-identity+jwt\",\"alg\":\"none\"}", CLAIMS) + ".";

        assertThat(status(token)).isEqualTo(TokenStatus.UNKNOWN_KEY);
    }

    @Test
    void algNoneWithoutASignatureSegmentIsMalformed() {
        assertThat(status(unsigned(header("none", "hs-1"), CLAIMS))).isEqualTo(TokenStatus.MALFORMED);
    }

    static Stream<Arguments> publicKeyBytes() throws Exception {
        List<Arguments> cases = new ArrayList<>();
        for (JWK key : List.of(EC, RSA, TestKeys.RSA_PS, ED)) {
            JWK pub = key.toPublicJWK();
            byte[] der = key instanceof ECKey
                    ? EC.toECPublicKey().getEncoded()
                    : key.getKeyType().getValue().equals("RSA")
                            ? RSA.toRSAPublicKey().getEncoded()
                            : ED.getDecodedX();
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
            cases.add(Arguments.of(key.getKeyID(), "DER", der));
            cases.add(Arguments.of(key.getKeyID(), "PEM", pem.getBytes(StandardCharsets.US_ASCII)));
            cases.add(
                    Arguments.of(key.getKeyID(), "JWK JSON", pub.toJSONString().getBytes(StandardCharsets.UTF_8)));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("publicKeyBytes")
    void hs256SignedWithAPublicKeysBytesIsAnInvalidSignature(String kid, String form, byte[] publicKeyBytes) {
        String token = hs256(publicKeyBytes, header("HS256", kid), CLAIMS);
        String reordered = hs256(
                publicKeyBytes, "{\"alg\":\"HS256\",\"kid\":\"" + kid + "\",\"typ\":\"lc-identity+jwt\"}", CLAIMS);

        assertThat(status(token)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(status(reordered)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        // a signing set holding the private key behaves the same
        IdentityKeySet privateSet = TestKeys.keys(ALL.algorithm(kid).orElseThrow());
        assertThat(IdentityTokenVerifier.create(privateSet)
                        .verify(token, AUDIENCE, AT)
                        .status())
                .isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    @Test
    void aHeaderAlgDifferentFromTheKidsBoundAlgorithmIsAnInvalidSignatureEvenIfTheSignatureHolds() {
        // RSA key bound to RS256 under rs-1, signed genuinely with PS256
        String ps = sign(RSA, JWSAlgorithm.PS256, header("PS256", "rs-1"), CLAIMS);
        // the HS256 secret used for HS512
        String hs512 = TokenForge.hmac("HmacSHA512", HS.toByteArray(), header("HS512", "hs-1"), CLAIMS);
        // the Ed25519 kid, signed with an EC key (alg ES256)
        String es = sign(EC, JWSAlgorithm.ES256, header("ES256", "ed-1"), CLAIMS);

        assertThat(status(ps)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(status(hs512)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(status(es)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    // ---- kid -----------------------------------------------------------------------------

    @Test
    void anUnknownKidIsAnUnknownKeyEvenWhenProperlySigned() throws Exception {
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID("ec-2").generate();

        TokenVerification verification = verify(signProperly(stranger, IdentityAlgorithm.ES256, CLAIMS));

        assertThat(verification.status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
        assertThat(verification.identity()).isEmpty();
        assertThat(verification.keyId()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "../../../../etc/passwd",
                "/dev/null",
                "..\\\\..\\\\windows\\\\win.ini",
                "file:///etc/shadow",
                "hs-1/../hs-1",
                "' OR '1'='1",
                "hs-1'; DROP TABLE keys; --",
                "1 UNION SELECT secret FROM keys",
                "%2e%2e%2f",
                "hs-1\\u0000",
                "HS-1",
                " hs-1",
                "hs-1 ",
                "*",
                ""
            })
    void aKidWithPathOrSqlCharactersIsAnUnknownKey(String kid) {
        String token = hs256(HS.toByteArray(), header("HS256", kid), CLAIMS);

        assertThat(status(token)).isEqualTo(TokenStatus.UNKNOWN_KEY);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ",\"kid\":null",
                ",\"kid\":1",
                ",\"kid\":[\"hs-1\"]",
                ",\"kid\":{\"id\":\"hs-1\"}",
                ",\"kid\":true"
            })
    void aMissingOrNonStringKidIsAnUnknownKey(String kidMember) {
        String token =
                hs256(HS.toByteArray(), "{\"typ\":\"lc-identity+jwt\",\"alg\":\"HS256\"" + kidMember + "}", CLAIMS);

        assertThat(status(token)).isEqualTo(TokenStatus.UNKNOWN_KEY);
    }

    @Test
    void anEmbeddedJwkInTheHeaderIsIgnored() throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        String embedded = "{\"typ\":\"lc-identity+jwt\",\"alg\":\"ES256\",\"kid\":\"ec-1\",\"jwk\":"
                + attacker.toPublicJWK().toJSONString() + ",\"jku\":\"https://attacker.example/jwks\"}";

        assertThat(status(sign(attacker, JWSAlgorithm.ES256, embedded, CLAIMS)))
                .isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    @Test
    void aTokenPresentedUnderAnotherKidOfTheSameAlgorithmIsAnInvalidSignature() {
        com.nimbusds.jose.jwk.OctetSequenceKey second =
                TestKeys.generate(() -> new com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator(256)
                        .keyID("hs-2")
                        .generate());
        IdentityKeySet two = IdentityKeySet.fromJwks(List.of(
                IdentityKeySetTest.withOps(HS, com.nimbusds.jose.jwk.KeyOperation.VERIFY),
                IdentityKeySetTest.withOps(second, com.nimbusds.jose.jwk.KeyOperation.SIGN)));
        String signedByFirst = hs256(HS.toByteArray(), header("HS256", "hs-2"), CLAIMS);

        assertThat(IdentityTokenVerifier.create(two)
                        .verify(signedByFirst, AUDIENCE, AT)
                        .status())
                .isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    // ---- tampering and structure ---------------------------------------------------------

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void aTamperedClaimIsAnInvalidSignature(IdentityAlgorithm algorithm) {
        String token = signProperly(TestKeys.jwk(algorithm), algorithm, CLAIMS);
        String[] parts = token.split("\\.");

        for (String tampered : List.of(
                CLAIMS.replace("user-1", "admin"),
                CLAIMS.replace("\"pro\"", "\"enterprise\""),
                CLAIMS.replace(Long.toString(EXP), Long.toString(EXP + 86_400)),
                CLAIMS + " ")) {
            String forged = parts[0] + "." + b64(tampered) + "." + parts[2];
            assertThat(status(forged)).as(tampered).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        }
    }

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void aSignatureSplicedFromAnotherTokenIsAnInvalidSignature(IdentityAlgorithm algorithm) {
        String mine = signProperly(TestKeys.jwk(algorithm), algorithm, CLAIMS);
        String other = signProperly(TestKeys.jwk(algorithm), algorithm, claims("admin", IAT, EXP));

        String spliced = other.substring(0, other.lastIndexOf('.')) + mine.substring(mine.lastIndexOf('.'));

        assertThat(status(spliced)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void aNonCanonicalSignatureEncodingIsAnInvalidSignature(IdentityAlgorithm algorithm) {
        String token = signProperly(TestKeys.jwk(algorithm), algorithm, CLAIMS);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        // flips the lowest bit of the last character: an unused padding bit for 32, 64 and 256-byte signatures
        char flipped = alphabet.charAt(alphabet.indexOf(last) ^ 1);
        String variant = token.substring(0, token.length() - 1) + flipped;

        assertThat(status(token)).isEqualTo(TokenStatus.VERIFIED);
        assertThat(status(variant)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    @Test
    void anAllZeroEcdsaSignatureIsAnInvalidSignature() {
        String token = unsigned(header("ES256", "ec-1"), CLAIMS) + "." + b64(new byte[64]);

        assertThat(status(token)).isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void everyTruncationIsMalformedOrAnInvalidSignature(IdentityAlgorithm algorithm) {
        String token = signProperly(TestKeys.jwk(algorithm), algorithm, CLAIMS);
        int secondDot = token.lastIndexOf('.');

        for (int length = 1; length < token.length(); length++) {
            String truncated = token.substring(0, length);
            TokenStatus expected = length > secondDot ? TokenStatus.INVALID_SIGNATURE : TokenStatus.MALFORMED;
            assertThat(status(truncated))
                    .as("first %d of %d characters", length, token.length())
                    .isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {".x", ".x.y", ".", "..", ".AAAA.BBBB"})
    void extraSegmentsAreMalformed(String suffix) {
        String token = signProperly(HS, IdentityAlgorithm.HS256, CLAIMS);

        assertThat(status(token + suffix)).isEqualTo(TokenStatus.MALFORMED);
        assertThat(status(suffix.substring(1) + "." + token)).isEqualTo(TokenStatus.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"\"JWT\"", "\"jwt\"", "\"lc-identity+JWT\"", "\"application/lc-identity+jwt\"", "null", "1"})
    void aWrongTypIsMalformed(String typ) {
        String headerJson = "{\"typ\":" + typ + ",\"alg\":\"HS256\",\"kid\":\"hs-1\"}";

        assertThat(status(hs256(HS.toByteArray(), headerJson, CLAIMS))).isEqualTo(TokenStatus.MALFORMED);
    }

    @Test
    void aMissingTypIsMalformed() {
        assertThat(status(hs256(HS.toByteArray(), "{\"alg\":\"HS256\",\"kid\":\"hs-1\"}", CLAIMS)))
                .isEqualTo(TokenStatus.MALFORMED);
    }

    @Test
    void aCriticalHeaderIsMalformed() {
        String headerJson =
                "{\"typ\":\"lc-identity+jwt\",\"alg\":\"HS256\",\"kid\":\"hs-1\",\"crit\":[\"b64\"],\"b64\":false}";

        assertThat(status(hs256(HS.toByteArray(), headerJson, CLAIMS))).isEqualTo(TokenStatus.MALFORMED);
    }

    @Test
    void aDuplicatedHeaderMemberIsMalformed() {
        String headerJson = "{\"typ\":\"lc-identity+jwt\",\"alg\":\"none\",\"kid\":\"hs-1\",\"alg\":\"HS256\"}";

        assertThat(status(hs256(HS.toByteArray(), headerJson, CLAIMS))).isEqualTo(TokenStatus.MALFORMED);
    }

    @Test
    void aDeeplyNestedHeaderIsMalformedWithoutThrowing() {
        String headerJson = "{\"typ\":\"lc-identity+jwt\",\"alg\":\"HS256\",\"kid\":\"hs-1\",\"x\":" + "[".repeat(2000)
                + "]".repeat(2000) + "}";

        assertThat(status(hs256(HS.toByteArray(), headerJson, CLAIMS))).isEqualTo(TokenStatus.MALFORMED);
        assertThat(status(b64("[".repeat(40_000)) + ".e30.sig")).isEqualTo(TokenStatus.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[]", "{", "\"a string\"", "null", "42", ""})
    void aHeaderThatIsNotAJsonObjectIsMalformed(String headerText) {
        assertThat(status(hs256(HS.toByteArray(), headerText, CLAIMS))).isEqualTo(TokenStatus.MALFORMED);
    }

    // ---- audience ------------------------------------------------------------------------

    @Test
    void aTokenForAnotherLicenseIsTheWrongAudience() {
        String token = signProperly(EC, IdentityAlgorithm.ES256, CLAIMS.replace(AUDIENCE, TestKeys.OTHER_AUDIENCE));

        TokenVerification verification = verify(token);

        assertThat(verification.status()).isEqualTo(TokenStatus.WRONG_AUDIENCE);
        assertThat(verification.identity()).isEmpty();
        assertThat(VERIFIER.verify(token, TestKeys.OTHER_AUDIENCE, AT).status()).isEqualTo(TokenStatus.VERIFIED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"aud\":[\"11111111\",\"22222222\"]",
                "\"aud\":19581325",
                "\"aud\":null",
                "\"aud\":\"\"",
                "\"aud\":\" 19581325\"",
                "\"aud\":[]"
            })
    void anAudienceWithoutThisLicenseIsTheWrongAudience(String audMember) {
        String token =
                signProperly(HS, IdentityAlgorithm.HS256, CLAIMS.replace("\"aud\":\"" + AUDIENCE + "\"", audMember));

        assertThat(status(token)).isEqualTo(TokenStatus.WRONG_AUDIENCE);
    }

    @Test
    void aMissingAudienceIsTheWrongAudience() {
        String token = signProperly(HS, IdentityAlgorithm.HS256, CLAIMS.replace(",\"aud\":\"" + AUDIENCE + "\"", ""));

        assertThat(status(token)).isEqualTo(TokenStatus.WRONG_AUDIENCE);
    }

    @Test
    void anAudienceListHoldingThisLicenseIsAccepted() {
        String token = signProperly(
                HS,
                IdentityAlgorithm.HS256,
                CLAIMS.replace("\"aud\":\"" + AUDIENCE + "\"", "\"aud\":[\"11111111\",\"" + AUDIENCE + "\"]"));

        assertThat(status(token)).isEqualTo(TokenStatus.VERIFIED);
    }

    // ---- size, emptiness, encoding -------------------------------------------------------

    @Test
    void aValidTokenOfExactly64KiBVerifiesAndOneCharacterMoreIsMalformedUnparsed() {
        // base64url lengths skip every value = 1 (mod 4), so vary the kid length too to reach both sizes
        String exact = null;
        String over = null;
        IdentityKeySet exactKeys = null;
        IdentityKeySet overKeys = null;
        for (String kid : List.of("h", "hh", "hhh", "hhhh")) {
            IdentityKeySet keys = IdentityKeySet.fromJwks(List.of(new com.nimbusds.jose.jwk.OctetSequenceKey.Builder(HS)
                    .keyID(kid)
                    .build()));
            IdentitySigner signer = IdentitySigner.builder(keys, AUDIENCE)
                    .maxTokenLength(200_000)
                    .build();
            int probe = signer.sign(CustomerIdentity.builder("u")
                            .variables(bigVars(48_000))
                            .build())
                    .token()
                    .length();
            int start = 48_000 + (IdentityTokenVerifier.MAX_TOKEN_LENGTH - probe) * 3 / 4 - 6;
            for (int n = start; n < start + 12; n++) {
                String token = signer.sign(CustomerIdentity.builder("u")
                                .variables(bigVars(n))
                                .build())
                        .token();
                if (token.length() == IdentityTokenVerifier.MAX_TOKEN_LENGTH && exact == null) {
                    exact = token;
                    exactKeys = keys;
                } else if (token.length() == IdentityTokenVerifier.MAX_TOKEN_LENGTH + 1 && over == null) {
                    over = token;
                    overKeys = keys;
                }
            }
        }

        assertThat(exact).hasSize(65_536);
        assertThat(over).hasSize(65_537);
        assertThat(IdentityTokenVerifier.create(exactKeys)
                        .verify(exact, AUDIENCE, Instant.now())
                        .status())
                .isEqualTo(TokenStatus.VERIFIED);
        TokenVerification tooLong = IdentityTokenVerifier.create(overKeys).verify(over, AUDIENCE, Instant.now());
        assertThat(tooLong.status()).isEqualTo(TokenStatus.MALFORMED);
        assertThat(tooLong.reason()).contains("longer than 65536");
        assertThat(tooLong.keyId()).isEmpty(); // refused before the header was even looked at
    }

    @Test
    void aHugeGarbageTokenIsMalformedBySizeAlone() {
        String huge = "{".repeat(5_000_000) + "." + "[".repeat(5_000_000) + ".x";

        TokenVerification verification = verify(huge);

        assertThat(verification.status()).isEqualTo(TokenStatus.MALFORMED);
        assertThat(verification.reason()).contains("longer than");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "\t\n", "\r\n  "})
    void noTokenIsNoToken(String token) {
        TokenVerification verification = verify(token);

        assertThat(verification.status()).isEqualTo(TokenStatus.NO_TOKEN);
        assertThat(verification.identity()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"+", "/", "=", " ", "%", "\u00e9", "\u0000", "\n", "\u2028", "*"})
    void aCharacterOutsideBase64urlIsMalformed(String character) {
        String token = signProperly(HS, IdentityAlgorithm.HS256, CLAIMS);
        int secondDot = token.lastIndexOf('.');

        for (int at : new int[] {5, token.indexOf('.') + 3, secondDot + 3, token.length()}) {
            String bad = token.substring(0, at) + character + token.substring(at);
            assertThat(status(bad)).as("at %d", at).isEqualTo(TokenStatus.MALFORMED);
        }
    }

    // ---- properly signed, but not our claims ---------------------------------------------

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[1,2]",
                "{\"sub\":",
                "null",
                "\"text\"",
                "{\"sub\":\"u\",\"sub\":\"admin\",\"iat\":1780000000,\"exp\":1780003600,\"aud\":\"19581325\"}"
            })
    void signedClaimsThatAreNotAJsonObjectAreMalformed(String claimsText) {
        assertThat(status(signProperly(HS, IdentityAlgorithm.HS256, claimsText)))
                .isEqualTo(TokenStatus.MALFORMED);
        assertThat(status(signProperly(ED, IdentityAlgorithm.EDDSA, claimsText)))
                .isEqualTo(TokenStatus.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"a\":1}",
                "{\"a\":null}",
                "{\"a\":true}",
                "{\"a\":{\"b\":\"c\"}}",
                "{\"a\":[\"x\"]}",
                "\"plan=pro\"",
                "[\"pro\"]",
                "7",
                "{\"caf\u00e9\":\"x\"}",
                "{\"\":\"x\"}",
                "{\"a\":\"x\u0001\"}"
            })
    void signedVarsThatAreNotStringToStringAreMalformed(String vars) {
        String claimsText = CLAIMS.replace("{\"plan\":\"pro\"}", vars);

        TokenVerification verification = verify(signProperly(HS, IdentityAlgorithm.HS256, claimsText));

        assertThat(verification.status()).isEqualTo(TokenStatus.MALFORMED);
        assertThat(verification.identity()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"sub\":\"user-1\",",
                "\"sub\":\"user-1\",\"name\":3,",
                "\"sub\":\"user-1\",\"email\":{},",
                "\"sub\":7,",
                "\"sub\":\"  \",",
                "\"sub\":null,"
            })
    void signedIdentityClaimsOfTheWrongShapeAreMalformed(String replacement) {
        String claimsText =
                CLAIMS.replace("\"sub\":\"user-1\",", replacement.equals("\"sub\":\"user-1\",") ? "" : replacement);

        assertThat(status(signProperly(HS, IdentityAlgorithm.HS256, claimsText)))
                .isEqualTo(TokenStatus.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"iat\":\"1780000000\"", "\"iat\":null", "\"iat\":-5", "\"iat\":1e300"})
    void signedDatesThatAreNotNumericDatesAreMalformed(String iatMember) {
        String claimsText = CLAIMS.replace("\"iat\":" + IAT, iatMember);

        assertThat(status(signProperly(HS, IdentityAlgorithm.HS256, claimsText)))
                .isEqualTo(TokenStatus.MALFORMED);
        assertThat(status(signProperly(HS, IdentityAlgorithm.HS256, CLAIMS.replace(",\"exp\":" + EXP, ""))))
                .isEqualTo(TokenStatus.MALFORMED);
    }

    @Test
    void theMessageOfAFailureNeverQuotesTheToken() {
        String forged = signProperly(HS, IdentityAlgorithm.HS256, CLAIMS.replace(AUDIENCE, "x"));
        for (String token : List.of(forged, forged + ".x", forged.replace('.', '+'), forged.substring(0, 30))) {
            TokenVerification verification = verify(token);
            assertThat(verification.reason())
                    .doesNotContain(decode(forged.split("\\.")[0]).substring(0, 10))
                    .doesNotContain(forged.substring(0, 12));
        }
    }

    private static java.util.Map<String, String> bigVars(int totalChars) {
        java.util.Map<String, String> vars = new java.util.LinkedHashMap<>();
        int i = 0;
        while (totalChars > 0) {
            int n = Math.min(3500, totalChars);
            vars.put("v" + i++, "y".repeat(n));
            totalChars -= n;
        }
        return vars;
    }
}
