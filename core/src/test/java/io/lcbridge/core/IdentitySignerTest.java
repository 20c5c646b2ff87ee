package io.lcbridge.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static io.lcbridge.core.TokenForge.decode;
import static io.lcbridge.core.TokenForge.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

final class IdentitySignerTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30.750Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final CustomerIdentity FULL = CustomerIdentity.builder("user-42")
            .name("Zoë \"Q\" O'Brien")
            .email("zoe@example.com")
            .variable("plan", "pro")
            .variable("company", "Acme \\ Co")
            .variable("a", "line1\nline2")
            .build();

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void roundTripsEveryAlgorithm(IdentityAlgorithm algorithm) {
        IdentityKeySet keys = TestKeys.keys(algorithm);
        IdentitySigner signer =
                IdentitySigner.builder(keys, AUDIENCE).clock(CLOCK).build();

        SignedIdentity signed = signer.sign(FULL);
        TokenVerification verification = IdentityTokenVerifier.create(keys).verify(signed.token(), AUDIENCE, NOW);

        assertThat(verification.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(verification.isVerified()).isTrue();
        assertThat(verification.identity()).contains(FULL);
        assertThat(List.copyOf(
                        verification.identity().orElseThrow().sessionVariables().keySet()))
                .containsExactly("plan", "company", "a");
        assertThat(verification.keyId()).contains(TestKeys.jwk(algorithm).getKeyID());
        assertThat(verification.issuedAt()).contains(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(verification.expiresAt()).contains(Instant.parse("2026-03-01T12:15:30Z"));
        assertThat(verification.tokenId()).contains(signed.tokenId());
        assertThat(signed.tokenId()).matches("[A-Za-z0-9_-]{22}");
        assertThat(verification.session()).isEmpty();
        assertThat(verification.issuer()).contains("lcbridge");
        assertThat(signed.identity()).isSameAs(FULL);
        assertThat(signed.keyId()).isEqualTo(TestKeys.jwk(algorithm).getKeyID()).isEqualTo(signer.keyId());
    }

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void headerIsExactlyTypAlgKid(IdentityAlgorithm algorithm) {
        String token = IdentitySigner.builder(TestKeys.keys(algorithm), AUDIENCE)
                .build()
                .sign(FULL)
                .token();
        String[] parts = token.split("\\.", -1);

        assertThat(parts).hasSize(3);
        assertThat(decode(parts[0]))
                .isEqualTo("{\"typ\":\"lc-identity+jwt\",\"alg\":\"" + algorithm.joseName() + "\",\"kid\":\""
                        + TestKeys.jwk(algorithm).getKeyID() + "\"}");
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    }

    @Test
    void claimsAreSubNameEmailVarsAudIssJtiIatExpInThatOrder() {
        SignedIdentity signed = IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.HS256), AUDIENCE)
                .clock(CLOCK)
                .build()
                .sign(FULL);

        String claims = decode(signed.token().split("\\.")[1]);

        assertThat(claims)
                .isEqualTo("{\"sub\":\"user-42\",\"name\":\"Zoë \\\"Q\\\" O'Brien\",\"email\":\"zoe@example.com\","
                        + "\"vars\":{\"plan\":\"pro\",\"company\":\"Acme \\\\ Co\",\"a\":\"line1\\nline2\"},"
                        + "\"aud\":\"19581325\",\"iss\":\"lcbridge\",\"jti\":\"" + signed.tokenId()
                        + "\",\"iat\":1772360130,\"exp\":1772367330}");
        Map<String, Object> parsed = json(signed.token().split("\\.")[1]);
        assertThat(parsed.get("name")).isEqualTo("Zoë \"Q\" O'Brien");
        assertThat(parsed.get("vars")).isEqualTo(Map.of("plan", "pro", "company", "Acme \\ Co", "a", "line1\nline2"));
        assertThat(signed.issuedAt()).isEqualTo(Instant.ofEpochSecond(1772360130));
        assertThat(signed.expiresAt()).isEqualTo(Instant.ofEpochSecond(1772367330));
    }

    @Test
    void omitsAbsentNameAndEmailAndWritesEmptyVars() {
        SignedIdentity signed = IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.ES256), AUDIENCE)
                .clock(CLOCK)
                .build()
                .sign(CustomerIdentity.builder("u-1").name("").build());

        Map<String, Object> claims = json(signed.token().split("\\.")[1]);

        assertThat(claims).containsOnlyKeys("sub", "vars", "aud", "iss", "jti", "iat", "exp");
        assertThat(claims.get("vars")).isEqualTo(Map.of());
        TokenVerification v = IdentityTokenVerifier.create(TestKeys.keys(IdentityAlgorithm.ES256))
                .verify(signed.token(), AUDIENCE, NOW);
        assertThat(v.identity().orElseThrow().name()).isEmpty();
        assertThat(v.identity().orElseThrow().email()).isEmpty();
    }

    @Test
    void issuerIsConfigurableAndNullOmitsIt() {
        IdentityKeySet keys = TestKeys.keys(IdentityAlgorithm.HS256);
        IdentityTokenVerifier verifier = IdentityTokenVerifier.create(keys);

        String custom = IdentitySigner.builder(keys, AUDIENCE)
                .issuer("https://app.example")
                .build()
                .sign(FULL)
                .token();
        String none = IdentitySigner.builder(keys, AUDIENCE)
                .issuer(null)
                .build()
                .sign(FULL)
                .token();

        assertThat(json(custom.split("\\.")[1])).containsEntry("iss", "https://app.example");
        assertThat(json(none.split("\\.")[1])).doesNotContainKey("iss");
        assertThat(verifier.verify(custom, AUDIENCE, Instant.now()).issuer()).contains("https://app.example");
        assertThat(verifier.verify(none, AUDIENCE, Instant.now()).issuer()).isEmpty();
        assertThat(verifier.verify(none, AUDIENCE, Instant.now()).status()).isEqualTo(TokenStatus.VERIFIED);
    }

    @Test
    void readsIatFromTheInjectedClock() {
        IdentitySigner signer = IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.HS256), AUDIENCE)
                .clock(CLOCK)
                .build();
        IdentitySigner later = IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.HS256), AUDIENCE)
                .clock(Clock.offset(CLOCK, Duration.ofDays(3)))
                .build();

        assertThat(signer.clock()).isSameAs(CLOCK);
        assertThat(signer.sign(FULL).issuedAt()).isEqualTo(Instant.parse("2026-03-01T10:15:30Z"));
        assertThat(later.sign(FULL).issuedAt()).isEqualTo(Instant.parse("2026-03-04T10:15:30Z"));
        assertThat(json(later.sign(FULL).token().split("\\.")[1])).containsEntry("iat", 1772619330L);
    }

    @Test
    void lifetimeDefaultsToTwoHoursAndIsConfigurable() {
        IdentityKeySet keys = TestKeys.keys(IdentityAlgorithm.HS256);
        IdentitySigner byDefault =
                IdentitySigner.builder(keys, AUDIENCE).clock(CLOCK).build();
        IdentitySigner tenMinutes = IdentitySigner.builder(keys, AUDIENCE)
                .clock(CLOCK)
                .lifetime(Duration.ofMinutes(10))
                .build();

        SignedIdentity a = byDefault.sign(FULL);
        SignedIdentity b = tenMinutes.sign(FULL);

        assertThat(byDefault.lifetime()).isEqualTo(Duration.ofHours(2));
        assertThat(Duration.between(a.issuedAt(), a.expiresAt())).isEqualTo(Duration.ofHours(2));
        assertThat(Duration.between(b.issuedAt(), b.expiresAt())).isEqualTo(Duration.ofMinutes(10));
        Map<String, Object> claims = json(b.token().split("\\.")[1]);
        assertThat((Long) claims.get("exp") - (Long) claims.get("iat")).isEqualTo(600L);
    }

    @Test
    void refusesLifetimesUnderOneMinute() {
        IdentitySigner.Builder builder = IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.HS256), AUDIENCE);

        assertThatThrownBy(() -> builder.lifetime(Duration.ofSeconds(59))).hasMessageContaining("lifetime");
        assertThatThrownBy(() -> builder.lifetime(null)).hasMessageContaining("lifetime");
        assertThat(builder.lifetime(Duration.ofMinutes(1)).build().lifetime()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void requiresAnAudience() {
        assertThatThrownBy(() -> IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.HS256), " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audience");
        assertThat(IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.HS256), AUDIENCE)
                        .build()
                        .audience())
                .isEqualTo(AUDIENCE);
    }

    @ParameterizedTest
    @EnumSource(IdentityAlgorithm.class)
    void aTokenOverTheBudgetFailsWithItsExactSize(IdentityAlgorithm algorithm) {
        IdentityKeySet keys = TestKeys.keys(algorithm);
        CustomerIdentity identity =
                CustomerIdentity.builder("u").variable("notes", "n".repeat(600)).build();
        int length = IdentitySigner.builder(keys, AUDIENCE)
                .maxTokenLength(100_000)
                .clock(CLOCK)
                .build()
                .sign(identity)
                .token()
                .length();

        IdentitySigner exact = IdentitySigner.builder(keys, AUDIENCE)
                .maxTokenLength(length)
                .clock(CLOCK)
                .build();
        IdentitySigner oneLess = IdentitySigner.builder(keys, AUDIENCE)
                .maxTokenLength(length - 1)
                .clock(CLOCK)
                .build();
        IdentitySigner tiny = IdentitySigner.builder(keys, AUDIENCE)
                .maxTokenLength(200)
                .clock(CLOCK)
                .build();

        assertThat(exact.sign(identity).token()).hasSize(length);
        TokenTooLargeException overByOne =
                catchThrowableOfType(TokenTooLargeException.class, () -> oneLess.sign(identity));
        assertThat(overByOne.tokenLength()).isEqualTo(length);
        assertThat(overByOne.budget()).isEqualTo(length - 1);
        assertThat(overByOne)
                .hasMessageContaining(length + " characters")
                .hasMessageContaining("budget of " + (length - 1));
        TokenTooLargeException farOver = catchThrowableOfType(TokenTooLargeException.class, () -> tiny.sign(identity));
        assertThat(farOver.tokenLength()).isEqualTo(length);
        assertThat(farOver.getMessage()).doesNotContain("nnnn");
    }

    @Test
    void theDefaultBudgetIs2000Characters() {
        IdentitySigner signer = IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.HS256), AUDIENCE)
                .build();
        CustomerIdentity big = CustomerIdentity.builder("u")
                .variable("notes", "x".repeat(1600))
                .build();

        TokenTooLargeException e = catchThrowableOfType(TokenTooLargeException.class, () -> signer.sign(big));

        assertThat(e.budget()).isEqualTo(2000);
        assertThat(e.tokenLength()).isGreaterThan(2000);
        assertThat(signer.sign(CustomerIdentity.builder("u")
                                .variable("notes", "x".repeat(1270))
                                .build())
                        .token()
                        .length())
                .isLessThanOrEqualTo(2000);
    }

    @Test
    void refusesBudgetsUnder100Characters() {
        assertThatThrownBy(() -> IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.HS256), AUDIENCE)
                        .maxTokenLength(99))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("budget");
    }

    @ParameterizedTest
    @EnumSource(
            value = IdentityAlgorithm.class,
            names = {"HS256", "EDDSA"})
    void oneSignerAndOneVerifierServeManyThreadsAtOnce(IdentityAlgorithm algorithm) throws Exception {
        IdentityKeySet keys = TestKeys.keys(algorithm);
        IdentitySigner signer = IdentitySigner.builder(keys, AUDIENCE).build();
        IdentityTokenVerifier verifier = IdentityTokenVerifier.create(keys);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int verified = 0;
                    for (int i = 0; i < 200; i++) {
                        CustomerIdentity identity = CustomerIdentity.builder("user-" + thread + "-" + i)
                                .variable("n", Integer.toString(i))
                                .build();
                        TokenVerification v =
                                verifier.verify(signer.sign(identity).token(), AUDIENCE, Instant.now());
                        if (v.isVerified() && v.identity().orElseThrow().equals(identity)) {
                            verified++;
                        }
                    }
                    return verified;
                }));
            }
            for (java.util.concurrent.Future<Integer> result : results) {
                assertThat(result.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void signedIdentityToStringKeepsTheTokenOut() {
        SignedIdentity signed = IdentitySigner.builder(TestKeys.keys(IdentityAlgorithm.HS256), AUDIENCE)
                .build()
                .sign(FULL);
        String signature = signed.token().substring(signed.token().lastIndexOf('.') + 1);

        assertThat(signed.toString())
                .doesNotContain(signed.token())
                .doesNotContain(signature)
                .doesNotContain("zoe@example.com")
                .contains("hs-1");
    }
}
