package io.lcbridge.core;

import com.nimbusds.jose.jwk.KeyOperation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static io.lcbridge.core.IdentityKeySetTest.withOps;
import static io.lcbridge.core.TestKeys.AUDIENCE;
import static io.lcbridge.core.TestKeys.jwkSetJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Time window, rotation and the plain verification contract; attacks live in {@link TokenAttackTest}. */
final class IdentityTokenVerifierTest {

    private static final Instant MINTED = Instant.parse("2026-05-10T08:00:00Z");
    private static final Duration LIFETIME = Duration.ofHours(1);
    private static final Instant EXPIRES = MINTED.plus(LIFETIME);
    private static final Duration SKEW = IdentityTokenVerifier.DEFAULT_CLOCK_SKEW;
    private static final CustomerIdentity IDENTITY = CustomerIdentity.builder("user-7")
            .email("u7@example.com")
            .variable("plan", "pro")
            .build();

    private static final IdentityKeySet KEYS = TestKeys.keys(IdentityAlgorithm.HS256);
    private static final IdentityTokenVerifier VERIFIER = IdentityTokenVerifier.create(KEYS);
    private static final String TOKEN = mint(KEYS, MINTED);

    private static String mint(IdentityKeySet keys, Instant at) {
        return IdentitySigner.builder(keys, AUDIENCE)
                .clock(Clock.fixed(at, ZoneOffset.UTC))
                .lifetime(LIFETIME)
                .build()
                .sign(IDENTITY)
                .token();
    }

    private static TokenStatus status(IdentityTokenVerifier verifier, Instant aliveAt, Instant mintedBy) {
        return verifier.verify(TOKEN, AUDIENCE, aliveAt, mintedBy).status();
    }

    // ---- time window ---------------------------------------------------------------------

    @Test
    void defaultClockSkewIsSixtySeconds() {
        assertThat(VERIFIER.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(VERIFIER.keys()).isSameAs(KEYS);
    }

    @Test
    void expiryExactlyAtTheSkewBoundaryPassesAndOneSecondLaterIsExpired() {
        Instant boundary = EXPIRES.plus(SKEW); // exp == aliveAt - skew

        assertThat(status(VERIFIER, boundary.minusSeconds(1), boundary)).isEqualTo(TokenStatus.VERIFIED);
        assertThat(status(VERIFIER, boundary, boundary)).isEqualTo(TokenStatus.VERIFIED);
        assertThat(status(VERIFIER, boundary.plusSeconds(1), boundary.plusSeconds(1)))
                .isEqualTo(TokenStatus.EXPIRED);
    }

    @Test
    void issuedAtExactlyAtTheSkewBoundaryPassesAndOneSecondLaterIsNotYetValid() {
        Instant boundary = MINTED.minus(SKEW); // iat == mintedBy + skew

        assertThat(status(VERIFIER, boundary.plusSeconds(1), boundary.plusSeconds(1)))
                .isEqualTo(TokenStatus.VERIFIED);
        assertThat(status(VERIFIER, boundary, boundary)).isEqualTo(TokenStatus.VERIFIED);
        assertThat(status(VERIFIER, boundary.minusSeconds(1), boundary.minusSeconds(1)))
                .isEqualTo(TokenStatus.NOT_YET_VALID);
    }

    static Stream<Duration> skews() {
        return Stream.of(Duration.ZERO, Duration.ofSeconds(5), Duration.ofMinutes(10));
    }

    @ParameterizedTest
    @MethodSource("skews")
    void aConfiguredSkewMovesBothBoundaries(Duration skew) {
        IdentityTokenVerifier verifier =
                IdentityTokenVerifier.builder(KEYS).clockSkew(skew).build();
        Instant lastAlive = EXPIRES.plus(skew);
        Instant earliestReception = MINTED.minus(skew);

        assertThat(verifier.clockSkew()).isEqualTo(skew);
        assertThat(status(verifier, lastAlive, lastAlive)).isEqualTo(TokenStatus.VERIFIED);
        assertThat(status(verifier, lastAlive.plusSeconds(1), lastAlive)).isEqualTo(TokenStatus.EXPIRED);
        assertThat(status(verifier, earliestReception, earliestReception)).isEqualTo(TokenStatus.VERIFIED);
        assertThat(status(verifier, earliestReception, earliestReception.minusSeconds(1)))
                .isEqualTo(TokenStatus.NOT_YET_VALID);
    }

    @Test
    void refusesNegativeOrExcessiveSkew() {
        IdentityTokenVerifier.Builder builder = IdentityTokenVerifier.builder(KEYS);

        assertThatThrownBy(() -> builder.clockSkew(Duration.ofSeconds(-1))).hasMessageContaining("clock skew");
        assertThatThrownBy(() -> builder.clockSkew(Duration.ofMinutes(10).plusSeconds(1)))
                .hasMessageContaining("clock skew");
        assertThatThrownBy(() -> builder.clockSkew(null)).hasMessageContaining("clock skew");
    }

    @Test
    void aTokenMintedAfterTheThreadStartedButBeforeReceptionIsVerified() {
        Instant threadStart = MINTED.minus(Duration.ofMinutes(10)); // customer moved to another page during the chat
        Instant received = MINTED.plus(Duration.ofMinutes(5));

        TokenVerification verification = VERIFIER.verify(TOKEN, AUDIENCE, threadStart, received);

        assertThat(verification.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(verification.identity()).contains(IDENTITY);
    }

    @Test
    void aTokenExpiredBeforeTheThreadStartedIsExpiredEvenIfReceivedLater() {
        Instant threadStart = EXPIRES.plus(Duration.ofMinutes(5));

        TokenVerification verification = VERIFIER.verify(TOKEN, AUDIENCE, threadStart, threadStart.plusSeconds(30));

        assertThat(verification.status()).isEqualTo(TokenStatus.EXPIRED);
        assertThat(verification.identity()).isEmpty();
        assertThat(verification.keyId()).contains("hs-1");
        assertThat(verification.expiresAt()).contains(EXPIRES);
        assertThat(verification.issuedAt()).contains(MINTED);
    }

    @Test
    void aTokenMintedAfterReceptionIsNotYetValidEvenIfTheThreadWasLater() {
        Instant received = MINTED.minus(Duration.ofMinutes(5));

        TokenVerification verification = VERIFIER.verify(TOKEN, AUDIENCE, MINTED, received);

        assertThat(verification.status()).isEqualTo(TokenStatus.NOT_YET_VALID);
        assertThat(verification.identity()).isEmpty();
    }

    @Test
    void theOneInstantFormUsesTheSameInstantForBothChecks() {
        for (Instant at : new Instant[] {
            MINTED.minus(SKEW).minusSeconds(1),
            MINTED.minus(SKEW),
            MINTED,
            EXPIRES.plus(SKEW),
            EXPIRES.plus(SKEW).plusSeconds(1)
        }) {
            assertThat(VERIFIER.verify(TOKEN, AUDIENCE, at).status())
                    .as(at.toString())
                    .isEqualTo(VERIFIER.verify(TOKEN, AUDIENCE, at, at).status());
        }
        assertThat(VERIFIER.verify(TOKEN, AUDIENCE, EXPIRES.plus(SKEW).plusSeconds(1))
                        .status())
                .isEqualTo(TokenStatus.EXPIRED);
        assertThat(VERIFIER.verify(TOKEN, AUDIENCE, MINTED.minus(SKEW).minusSeconds(1))
                        .status())
                .isEqualTo(TokenStatus.NOT_YET_VALID);
    }

    @Test
    void misconfigurationThrowsButABadTokenDoesNot() {
        assertThatThrownBy(() -> VERIFIER.verify(TOKEN, null, MINTED)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> VERIFIER.verify(TOKEN, AUDIENCE, null, MINTED))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> VERIFIER.verify(TOKEN, AUDIENCE, MINTED, null))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> IdentityTokenVerifier.create(null)).isInstanceOf(NullPointerException.class);
        assertThat(VERIFIER.verify("garbage", AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.MALFORMED);
    }

    @Test
    void aFailedVerificationSaysWhyWithoutQuotingTheToken() {
        TokenVerification verification = VERIFIER.verify(TOKEN, TestKeys.OTHER_AUDIENCE, MINTED);

        assertThat(verification.status()).isEqualTo(TokenStatus.WRONG_AUDIENCE);
        assertThat(verification.reason()).isNotBlank().doesNotContain(TOKEN.substring(0, 20));
        assertThat(verification.toString())
                .contains("WRONG_AUDIENCE")
                .doesNotContain(TOKEN.substring(TOKEN.lastIndexOf('.') + 1));
    }

    @Test
    void verifiesAVariableNamedLikeTheDefaultTokenVariableWhenACustomOneWasUsed() {
        CustomerIdentity identity = CustomerIdentity.builder("u")
                .tokenVariable("my_token")
                .variable(IdentityTokens.DEFAULT_TOKEN_VARIABLE, "an ordinary variable here")
                .build();
        String token =
                IdentitySigner.builder(KEYS, AUDIENCE).build().sign(identity).token();

        TokenVerification verification = VERIFIER.verify(token, AUDIENCE, Instant.now());

        assertThat(verification.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(verification.identity()).contains(identity);
    }

    // ---- rotation ------------------------------------------------------------------------

    @Test
    void afterRotationTheOldKidStillVerifiesAndTheNewKidSigns() {
        IdentityKeySet before = IdentityKeySet.fromJwkSet(jwkSetJson(TestKeys.EC));
        IdentityKeySet after = IdentityKeySet.fromJwkSet(jwkSetJson(
                withOps(TestKeys.EC, KeyOperation.VERIFY),
                withOps(TestKeys.ED, KeyOperation.SIGN, KeyOperation.VERIFY)));
        String oldToken = mint(before, MINTED);
        SignedIdentity fresh = IdentitySigner.builder(after, AUDIENCE)
                .clock(Clock.fixed(MINTED, ZoneOffset.UTC))
                .build()
                .sign(IDENTITY);
        IdentityTokenVerifier verifier = IdentityTokenVerifier.create(after);

        assertThat(after.activeKeyId()).contains("ed-1");
        assertThat(fresh.keyId()).isEqualTo("ed-1");
        TokenVerification old = verifier.verify(oldToken, AUDIENCE, MINTED);
        assertThat(old.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(old.keyId()).contains("ec-1");
        TokenVerification renewed = verifier.verify(fresh.token(), AUDIENCE, MINTED);
        assertThat(renewed.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(renewed.keyId()).contains("ed-1");
        assertThat(IdentityTokenVerifier.create(before)
                        .verify(fresh.token(), AUDIENCE, MINTED)
                        .status())
                .isEqualTo(TokenStatus.UNKNOWN_KEY);
    }

    @Test
    void rotatesFromASharedSecretToAnAsymmetricKey() {
        IdentityKeySet after = IdentityKeySet.fromJwkSet(
                jwkSetJson(withOps(TestKeys.HS, KeyOperation.VERIFY), withOps(TestKeys.EC, KeyOperation.SIGN)));
        IdentityTokenVerifier verifier = IdentityTokenVerifier.create(after);
        String fresh =
                IdentitySigner.builder(after, AUDIENCE).build().sign(IDENTITY).token();

        assertThat(verifier.verify(TOKEN, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(verifier.verify(fresh, AUDIENCE, Instant.now()).keyId()).contains("ec-1");
    }

    @Test
    void aRetiredKidIsUnknown() {
        IdentityKeySet retired = IdentityKeySet.fromJwkSet(jwkSetJson(TestKeys.ED));

        TokenVerification verification = IdentityTokenVerifier.create(retired).verify(TOKEN, AUDIENCE, MINTED);

        assertThat(verification.status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
        assertThat(verification.identity()).isEmpty();
    }
}
