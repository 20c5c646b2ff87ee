package io.lcbridge.verifier;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ChatContextStore} must do with token bindings: the first customer wins, everyone else is told
 * who won, a binding outlives the token by the store's TTL and is never taken over afterwards, and nodes racing to
 * bind one token agree on one winner.
 */
abstract class TokenBindingStoreContract {

    static final Duration TTL = Duration.ofHours(1);
    static final Instant TOKEN_EXP = RECEIVED.plus(Duration.ofHours(2));

    /** A store with {@link #TTL}; two calls give two nodes sharing the same state (for stores that can). */
    abstract ChatContextStore node();

    /** Rows or entries currently holding a binding (after a purge, for stores that purge explicitly). */
    abstract int bindingsAfterPurge(ChatContextStore store, Instant now);

    @Test
    void theFirstCustomerToPresentATokenOwnsItAndOthersAreToldWho() {
        ChatContextStore store = node();

        assertThat(store.bindToken("jti-1", "alice-customer", TOKEN_EXP, RECEIVED))
                .contains("alice-customer");
        assertThat(store.bindToken("jti-1", "mallory-customer", TOKEN_EXP, RECEIVED.plusSeconds(5)))
                .contains("alice-customer");
        assertThat(store.bindToken("jti-1", "alice-customer", TOKEN_EXP, RECEIVED.plusSeconds(9)))
                .contains("alice-customer");
        assertThat(store.bindToken("jti-2", "mallory-customer", TOKEN_EXP, RECEIVED))
                .contains("mallory-customer");
    }

    @Test
    void aBindingLastsUntilTheTtlAfterTheTokenExpiredAndIsNeverTakenOverAfterwards() {
        ChatContextStore store = node();
        store.bindToken("jti-old", "alice-customer", TOKEN_EXP, RECEIVED);

        // a thread that started while the token was alive may present it after exp: still Alice's
        Instant stillKept = TOKEN_EXP.plus(TTL).minusSeconds(1);
        assertThat(store.bindToken("jti-old", "mallory-customer", TOKEN_EXP, stillKept))
                .contains("alice-customer");

        Instant lapsed = TOKEN_EXP.plus(TTL).plusSeconds(1);
        assertThat(bindingsAfterPurge(store, lapsed)).isZero();
        assertThat(store.bindToken("jti-old", "mallory-customer", TOKEN_EXP, lapsed))
                .isEmpty();
        assertThat(store.bindToken("jti-never-seen", "mallory-customer", TOKEN_EXP, lapsed))
                .isEmpty();
        assertThat(bindingsAfterPurge(store, lapsed)).isZero();
    }

    @Test
    void nodesRacingToBindOneTokenAgreeOnExactlyOneCustomer() throws Exception {
        ChatContextStore nodeA = node();
        ChatContextStore nodeB = node();
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int token = 0; token < 25; token++) {
                String jti = "race-" + token;
                CyclicBarrier start = new CyclicBarrier(racers);
                List<Callable<Optional<String>>> attempts = new ArrayList<>();
                for (int i = 0; i < racers; i++) {
                    ChatContextStore node = i % 2 == 0 ? nodeA : nodeB;
                    String customer = "customer-" + i;
                    attempts.add(() -> {
                        start.await(10, TimeUnit.SECONDS);
                        return node.bindToken(jti, customer, TOKEN_EXP, RECEIVED);
                    });
                }
                Set<Optional<String>> answers = new HashSet<>();
                for (Future<Optional<String>> f : pool.invokeAll(attempts)) {
                    answers.add(f.get());
                }
                assertThat(answers).as("answers for " + jti).hasSize(1);
                assertThat(answers.iterator().next()).as(jti).isPresent();
                assertThat(nodeB.bindToken(jti, "late-customer", TOKEN_EXP, RECEIVED.plusSeconds(1)))
                        .isEqualTo(answers.iterator().next());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
