package io.lcbridge.widget;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.SessionClaim;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caching signer's cache keys: a keyed SipHash of every field, so field boundaries count and which identities
 * collide is a secret of each signer (an attacker choosing their own name, email or variables cannot aim at another
 * visitor's key).
 */
final class CacheKeyTest {

    private static final SessionClaim LAPTOP = SessionClaim.ofSessionId("session-on-the-laptop");

    @Test
    void theSameIdentityHasAnotherKeyInEverySigner() {
        CustomerIdentity alice = CustomerIdentity.builder("alice").name("Alice").build();
        Set<Long> keys = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            keys.add(CachingIdentitySigner.wrap(TestFixtures.signer()).keyOf(alice, LAPTOP));
        }
        assertThat(keys).hasSize(20);
    }

    @Test
    void oneSignerGivesOneIdentityOneKey() {
        CachingIdentitySigner signer = CachingIdentitySigner.wrap(TestFixtures.signer());
        CustomerIdentity alice = CustomerIdentity.builder("alice").name("Alice").build();
        CustomerIdentity again = CustomerIdentity.builder("alice").name("Alice").build();

        assertThat(signer.keyOf(again, LAPTOP)).isEqualTo(signer.keyOf(alice, LAPTOP));
    }

    @Test
    void fieldBoundariesSessionAndVariableOrderTellKeysApart() {
        CachingIdentitySigner signer = CachingIdentitySigner.wrap(TestFixtures.signer());
        List<CustomerIdentity> identities = List.of(
                CustomerIdentity.builder("alice").name("ab").email("c").build(),
                CustomerIdentity.builder("alice").name("a").email("bc").build(),
                CustomerIdentity.builder("alice").name("abc").build(),
                CustomerIdentity.builder("alice").email("abc").build(),
                CustomerIdentity.builder("alicea").name("bc").build(),
                CustomerIdentity.builder("alice").variable("a", "bc").build(),
                CustomerIdentity.builder("alice").variable("ab", "c").build(),
                CustomerIdentity.builder("alice").variable("a", "").build(),
                CustomerIdentity.builder("alice")
                        .variable("a", "1")
                        .variable("b", "2")
                        .build(),
                CustomerIdentity.builder("alice")
                        .variable("b", "2")
                        .variable("a", "1")
                        .build(),
                CustomerIdentity.builder("alice").build());
        Set<Long> keys = new HashSet<>();
        for (CustomerIdentity identity : identities) {
            keys.add(signer.keyOf(identity, null));
            keys.add(signer.keyOf(identity, LAPTOP));
        }
        assertThat(keys).hasSize(2 * identities.size());
    }
}
