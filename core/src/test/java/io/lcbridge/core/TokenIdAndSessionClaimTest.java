package io.lcbridge.core;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static io.lcbridge.core.TokenForge.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every token has its own {@code jti}; a token minted for a browser session names it by a digest, never by its id. */
class TokenIdAndSessionClaimTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final IdentityKeySet KEYS = TestKeys.keys(IdentityAlgorithm.HS256);
    private static final IdentitySigner SIGNER = IdentitySigner.builder(KEYS, AUDIENCE)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    private static final CustomerIdentity ALICE =
            CustomerIdentity.builder("alice").build();

    @Test
    void everyTokenOfTheSameIdentityAndInstantHasItsOwnJti() {
        Set<String> ids = new HashSet<>();
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            SignedIdentity signed = SIGNER.sign(ALICE);
            ids.add(signed.tokenId());
            tokens.add(signed.token());
            assertThat(json(signed.token().split("\\.")[1])).containsEntry("jti", signed.tokenId());
        }

        assertThat(ids).hasSize(200);
        assertThat(tokens).hasSize(200);
    }

    @Test
    void sessionClaimIsATruncatedDigestOfTheSessionIdNeverTheIdItself() {
        String sessionId = "node0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6";
        SessionClaim claim = SessionClaim.ofSessionId(sessionId);

        SignedIdentity signed = SIGNER.sign(ALICE, claim);
        String claims = new String(
                java.util.Base64.getUrlDecoder().decode(signed.token().split("\\.")[1]), StandardCharsets.UTF_8);

        assertThat(claim.value()).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(SessionClaim.ofSessionId(sessionId)).isEqualTo(claim);
        assertThat(SessionClaim.ofSessionId(sessionId + "x")).isNotEqualTo(claim);
        assertThat(json(signed.token().split("\\.")[1])).containsEntry("sid", claim.value());
        assertThat(claims).doesNotContain(sessionId).doesNotContain("node0a1b2c");
        assertThat(signed.session()).contains(claim);
        assertThatThrownBy(() -> SessionClaim.ofSessionId("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void verificationReportsTheJtiAndTheSessionClaim() {
        SessionClaim claim = SessionClaim.ofSessionId("s-1");
        SignedIdentity signed = SIGNER.sign(ALICE, claim);

        TokenVerification v = IdentityTokenVerifier.create(KEYS).verify(signed.token(), AUDIENCE, NOW);

        assertThat(v.isVerified()).isTrue();
        assertThat(v.tokenId()).contains(signed.tokenId());
        assertThat(v.session()).contains(claim);
    }

    @Test
    void aTokenWithoutJtiIsKnownByADigestOfItsClaims() {
        String claims = TokenForge.claims("alice", NOW.getEpochSecond(), NOW.getEpochSecond() + 600);
        String token = TokenForge.signProperly(TestKeys.jwk(IdentityAlgorithm.HS256), IdentityAlgorithm.HS256, claims);
        String other = TokenForge.signProperly(
                TestKeys.jwk(IdentityAlgorithm.HS256),
                IdentityAlgorithm.HS256,
                TokenForge.claims("alice", NOW.getEpochSecond(), NOW.getEpochSecond() + 601));
        IdentityTokenVerifier verifier = IdentityTokenVerifier.create(KEYS);

        TokenVerification v = verifier.verify(token, AUDIENCE, NOW);

        assertThat(v.isVerified()).isTrue();
        assertThat(v.tokenId().orElseThrow()).startsWith("#").hasSize(23);
        assertThat(verifier.verify(token, AUDIENCE, NOW).tokenId()).isEqualTo(v.tokenId());
        assertThat(verifier.verify(other, AUDIENCE, NOW).tokenId()).isNotEqualTo(v.tokenId());
    }

    @Test
    void aJtiOrSidOfTheWrongShapeIsMalformed() {
        long iat = NOW.getEpochSecond();
        String base = "{\"sub\":\"alice\",\"aud\":\"" + AUDIENCE + "\",\"iat\":" + iat + ",\"exp\":" + (iat + 600);
        IdentityTokenVerifier verifier = IdentityTokenVerifier.create(KEYS);

        for (String extra : new String[] {
            ",\"jti\":12}",
            ",\"jti\":\"\"}",
            ",\"jti\":\"a.b\"}",
            ",\"jti\":\"" + "a".repeat(129) + "\"}",
            ",\"sid\":\"short\"}",
            ",\"sid\":7}"
        }) {
            String token = TokenForge.signProperly(
                    TestKeys.jwk(IdentityAlgorithm.HS256), IdentityAlgorithm.HS256, base + extra);
            assertThat(verifier.verify(token, AUDIENCE, NOW).status()).as(extra).isEqualTo(TokenStatus.MALFORMED);
        }
    }
}
