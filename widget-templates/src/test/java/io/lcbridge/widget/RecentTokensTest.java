package io.lcbridge.widget;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.SignedIdentity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The caching signer's recent-token table (the token each browser session was handed last, in front of the cache)
 * never hands a token to another identity or another session, re-signs on time, and stays within its slots. Most
 * cases run with a table of one slot, where every session and subject collides.
 */
final class RecentTokensTest {

    private static final SessionClaim ALICE_LAPTOP = SessionClaim.ofSessionId("alice-laptop-session");
    private static final SessionClaim ALICE_PHONE = SessionClaim.ofSessionId("alice-phone-session");
    private static final SessionClaim BOB_LAPTOP = SessionClaim.ofSessionId("bob-laptop-session");

    private final TestFixtures.MutableClock clock =
            new TestFixtures.MutableClock(Instant.parse("2026-12-01T08:00:00Z"));

    private static CustomerIdentity alice() {
        return CustomerIdentity.builder("alice").name("Alice").build();
    }

    private static CustomerIdentity bob() {
        return CustomerIdentity.builder("bob").name("Bob").build();
    }

    private CachingIdentitySigner oneSlot() {
        return new CachingIdentitySigner(TestFixtures.signer(clock), CachingIdentitySigner.DEFAULT_MAXIMUM_SIZE, 1);
    }

    @Test
    void twoUsersInterleavedInOneSlotEachKeepTheirOwnToken() {
        CachingIdentitySigner signer = oneSlot();
        SignedIdentity alice = signer.sign(alice(), ALICE_LAPTOP);
        SignedIdentity bob = signer.sign(bob(), BOB_LAPTOP);

        for (int i = 0; i < 50; i++) {
            assertThat(signer.sign(alice(), ALICE_LAPTOP)).isSameAs(alice);
            assertThat(signer.sign(bob(), BOB_LAPTOP)).isSameAs(bob);
        }
        assertThat(alice.identity()).isEqualTo(alice());
        assertThat(bob.identity()).isEqualTo(bob());
        assertThat(alice.token()).isNotEqualTo(bob.token());
    }

    @Test
    void twoSessionsOfOneUserInterleavedKeepTheirOwnTokens() {
        CachingIdentitySigner signer = oneSlot();
        SignedIdentity laptop = signer.sign(alice(), ALICE_LAPTOP);
        SignedIdentity phone = signer.sign(alice(), ALICE_PHONE);
        SignedIdentity none = signer.sign(alice(), null);

        for (int i = 0; i < 50; i++) {
            assertThat(signer.sign(alice(), ALICE_PHONE)).isSameAs(phone);
            assertThat(signer.sign(alice(), null)).isSameAs(none);
            assertThat(signer.sign(alice(), ALICE_LAPTOP)).isSameAs(laptop);
        }
        assertThat(laptop.session()).contains(ALICE_LAPTOP);
        assertThat(phone.session()).contains(ALICE_PHONE);
        assertThat(none.session()).isEmpty();
        assertThat(Set.of(laptop.tokenId(), phone.tokenId(), none.tokenId())).hasSize(3);
    }

    @Test
    void aSessionsLastTokenIsNeverAnotherUsersInTheSameSession() {
        CachingIdentitySigner signer = CachingIdentitySigner.wrap(TestFixtures.signer(clock));
        SignedIdentity alice = signer.sign(alice(), ALICE_LAPTOP);

        SignedIdentity bob = signer.sign(bob(), ALICE_LAPTOP); // a shared computer: another login, same session

        assertThat(bob).isNotSameAs(alice);
        assertThat(bob.identity()).isEqualTo(bob());
        assertThat(signer.sign(alice(), ALICE_LAPTOP).identity()).isEqualTo(alice());
    }

    @Test
    void aChangedNameWithinOneSessionGetsAFreshToken() {
        for (CachingIdentitySigner signer :
                List.of(oneSlot(), CachingIdentitySigner.wrap(TestFixtures.signer(clock)))) {
            SignedIdentity before = signer.sign(alice(), ALICE_LAPTOP);
            CustomerIdentity renamed =
                    CustomerIdentity.builder("alice").name("Alice Smith").build();

            SignedIdentity after = signer.sign(renamed, ALICE_LAPTOP);

            assertThat(after).isNotSameAs(before);
            assertThat(after.tokenId()).isNotEqualTo(before.tokenId());
            assertThat(after.identity()).isEqualTo(renamed);
            assertThat(signer.sign(renamed, ALICE_LAPTOP)).isSameAs(after);
        }
    }

    @Test
    void aTokenPastHalfItsLifetimeIsSignedAfreshAndTheFreshOneKept() {
        CachingIdentitySigner signer = CachingIdentitySigner.wrap(TestFixtures.signer(clock));
        SignedIdentity first = signer.sign(alice(), ALICE_LAPTOP);
        Duration half = Duration.between(first.issuedAt(), first.expiresAt()).dividedBy(2);

        clock.advance(half.minusSeconds(1));
        assertThat(signer.sign(alice(), ALICE_LAPTOP)).isSameAs(first);

        clock.advance(Duration.ofSeconds(1));
        SignedIdentity second = signer.sign(alice(), ALICE_LAPTOP);
        assertThat(second).isNotSameAs(first);
        assertThat(second.issuedAt()).isEqualTo(first.issuedAt().plus(half));
        assertThat(signer.sign(alice(), ALICE_LAPTOP)).isSameAs(second);
    }

    @Test
    void aClockTurnedBackIsNotServedATokenFromTheFuture() {
        CachingIdentitySigner signer = CachingIdentitySigner.wrap(TestFixtures.signer(clock));
        SignedIdentity first = signer.sign(alice(), ALICE_LAPTOP);

        clock.advance(Duration.ofMinutes(-5));

        assertThat(signer.sign(alice(), ALICE_LAPTOP)).isNotSameAs(first);
    }

    @Test
    void clearForgetsTheRecentTokensToo() {
        CachingIdentitySigner signer = CachingIdentitySigner.wrap(TestFixtures.signer(clock));
        SignedIdentity first = signer.sign(alice(), ALICE_LAPTOP);

        signer.clear();

        assertThat(signer.recentTokens()).isZero();
        assertThat(signer.sign(alice(), ALICE_LAPTOP)).isNotSameAs(first);
    }

    @Test
    void staysWithinItsSlots() {
        CachingIdentitySigner signer = CachingIdentitySigner.wrap(TestFixtures.signer(clock), 10);
        Set<String> tokens = new HashSet<>();
        for (int i = 0; i < 3 * CachingIdentitySigner.RECENT_SLOTS; i++) {
            SessionClaim session = SessionClaim.ofSessionId("session-" + i);
            SignedIdentity signed =
                    signer.sign(CustomerIdentity.builder("user-" + i).build(), session);
            assertThat(signed.identity().subject()).isEqualTo("user-" + i);
            assertThat(signed.session()).contains(session);
            tokens.add(signed.token());
        }
        assertThat(tokens).hasSize(3 * CachingIdentitySigner.RECENT_SLOTS);
        assertThat(signer.recentTokens()).isBetween(1, CachingIdentitySigner.RECENT_SLOTS);
        assertThat(signer.cachedTokens()).isLessThanOrEqualTo(10);
    }

    @Test
    void refusesASlotCountThatIsNotAPowerOfTwo() {
        assertThatThrownBy(() -> new CachingIdentitySigner(TestFixtures.signer(clock), 10, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recentSlots");
    }
}
