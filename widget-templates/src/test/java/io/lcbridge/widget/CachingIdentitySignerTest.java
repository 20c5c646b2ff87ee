package io.lcbridge.widget;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.SignedIdentity;
import io.lcbridge.core.TokenTooLargeException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class CachingIdentitySignerTest {

    private final TestFixtures.MutableClock clock =
            new TestFixtures.MutableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final CachingIdentitySigner signer = CachingIdentitySigner.wrap(TestFixtures.signer(clock));

    private static CustomerIdentity.Builder alice() {
        return CustomerIdentity.builder("user-1")
                .name("Alice")
                .email("alice@example.com")
                .variable("plan", "gold")
                .variable("tenant", "acme");
    }

    @Test
    void reusesTheTokenForAnIdenticalIdentity() {
        SignedIdentity first = signer.sign(alice().build());
        clock.advance(Duration.ofHours(5).plusMinutes(59));
        SignedIdentity second = signer.sign(alice().build());

        assertThat(second.token()).isEqualTo(first.token());
        assertThat(second.issuedAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void signsAgainOnceHalfTheLifetimeHasPassed() {
        SignedIdentity first = signer.sign(alice().build());
        clock.advance(Duration.ofHours(6));
        SignedIdentity second = signer.sign(alice().build());

        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(second.issuedAt()).isEqualTo(Instant.parse("2026-11-24T16:00:00Z"));
        assertThat(signer.sign(alice().build()).token()).isEqualTo(second.token());
    }

    @Test
    void aChangedVariableGetsANewToken() {
        SignedIdentity gold = signer.sign(alice().build());
        SignedIdentity silver = signer.sign(alice().variable("plan", "silver").build());

        assertThat(silver.token()).isNotEqualTo(gold.token());
        assertThat(silver.identity().sessionVariables()).containsEntry("plan", "silver");
    }

    @Test
    void everyIdentityFieldAndTheVariableOrderTellIdentitiesApart() {
        Set<String> tokens = new HashSet<>();
        tokens.add(signer.sign(alice().build()).token());
        tokens.add(signer.sign(alice().name("Alicia").build()).token());
        tokens.add(signer.sign(alice().name(null).build()).token());
        tokens.add(signer.sign(alice().email("a2@example.com").build()).token());
        tokens.add(signer.sign(alice().email(null).build()).token());
        tokens.add(signer.sign(CustomerIdentity.builder("user-2")
                        .name("Alice")
                        .email("alice@example.com")
                        .variable("plan", "gold")
                        .variable("tenant", "acme")
                        .build())
                .token());
        tokens.add(signer.sign(CustomerIdentity.builder("user-1")
                        .name("Alice")
                        .email("alice@example.com")
                        .variable("tenant", "acme")
                        .variable("plan", "gold")
                        .build())
                .token());
        tokens.add(signer.sign(alice().variable("extra", "").build()).token());
        // a value moved between fields must not collide: "ab" + "c" vs "a" + "bc"
        tokens.add(signer.sign(CustomerIdentity.builder("x").variable("ab", "c").build())
                .token());
        tokens.add(signer.sign(CustomerIdentity.builder("x").variable("a", "bc").build())
                .token());

        assertThat(tokens).hasSize(10);
    }

    @Test
    void neverSharesATokenAcrossManyDifferentIdentities() {
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            SignedIdentity signed = signer.sign(CustomerIdentity.builder("user-" + i)
                    .variable("n", Integer.toString(i))
                    .build());
            assertThat(signed.identity().subject()).isEqualTo("user-" + i);
            tokens.add(signed.token());
        }
        assertThat(tokens).hasSize(500);
    }

    @Test
    void concurrentCallersGetTheirOwnIdentitysToken() throws Exception {
        CachingIdentitySigner shared = CachingIdentitySigner.wrap(TestFixtures.signer(clock), 50);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        int user = (i * 7 + seed) % 120;
                        CustomerIdentity identity = CustomerIdentity.builder("user-" + user)
                                .variable("n", Integer.toString(user))
                                .build();
                        if (!shared.sign(identity).identity().equals(identity)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(shared.cachedTokens()).isLessThanOrEqualTo(50);
    }

    @Test
    void staysWithinItsBound() {
        CachingIdentitySigner small = CachingIdentitySigner.wrap(TestFixtures.signer(clock), 10);
        for (int i = 0; i < 1000; i++) {
            small.sign(CustomerIdentity.builder("user-" + i).build());
        }
        assertThat(small.cachedTokens()).isLessThanOrEqualTo(10);
    }

    @Test
    void aTooLargeIdentityThrowsAndIsNotCached() {
        IdentitySigner tight = IdentitySigner.builder(TestFixtures.KEYS, TestFixtures.LICENSE)
                .clock(clock)
                .maxTokenLength(300)
                .build();
        CachingIdentitySigner caching = CachingIdentitySigner.wrap(tight);
        CustomerIdentity big = CustomerIdentity.builder("user-1")
                .variable("notes", "x".repeat(400))
                .build();

        assertThatThrownBy(() -> caching.sign(big)).isInstanceOf(TokenTooLargeException.class);
        assertThat(caching.cachedTokens()).isZero();
    }

    @Test
    void clearForgetsEveryToken() {
        SignedIdentity first = signer.sign(alice().build());
        signer.clear();
        clock.advance(Duration.ofSeconds(1));
        assertThat(signer.sign(alice().build()).token()).isNotEqualTo(first.token());
    }

    @Test
    void refusesANonPositiveBound() {
        assertThatThrownBy(() -> CachingIdentitySigner.wrap(TestFixtures.signer(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maximumSize");
    }
}
