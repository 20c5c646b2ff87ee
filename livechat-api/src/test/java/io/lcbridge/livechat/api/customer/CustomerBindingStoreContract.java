package io.lcbridge.livechat.api.customer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link CustomerBindingStore} must do; {@link #second()} is another node on the same storage. */
abstract class CustomerBindingStoreContract {

    abstract CustomerBindingStore store();

    /** A second store instance on the same storage (another app node). */
    abstract CustomerBindingStore second();

    @Test
    void unknownUserHasNoBinding() {
        assertThat(store().find("nobody-" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void firstBindingIsCreatedAndKept() {
        String user = "alice-" + UUID.randomUUID();

        assertThat(store().bind(user, "entity-1")).isEqualTo("entity-1");
        assertThat(store().bind(user, "entity-2")).isEqualTo("entity-1");
        assertThat(store().find(user)).contains("entity-1");
        assertThat(second().find(user)).contains("entity-1");
    }

    @Test
    void concurrentFirstUsesOnTwoNodesEndWithOneBinding() throws Exception {
        CustomerBindingStore a = store();
        CustomerBindingStore b = second();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                String user = "race-" + round + "-" + UUID.randomUUID();
                CountDownLatch start = new CountDownLatch(1);
                List<Future<String>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    CustomerBindingStore node = i % 2 == 0 ? a : b;
                    String candidate = "entity-" + round + "-" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        return node.bind(user, candidate);
                    }));
                }
                start.countDown();
                Set<String> winners = new HashSet<>();
                for (Future<String> f : results) {
                    winners.add(f.get(30, TimeUnit.SECONDS));
                }
                assertThat(winners).hasSize(1);
                assertThat(a.find(user)).contains(winners.iterator().next());
                assertThat(b.find(user)).contains(winners.iterator().next());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void longUserIdsAreBound() {
        String user = "x".repeat(400) + UUID.randomUUID();
        assertThat(store().bind(user, "entity-long")).isEqualTo("entity-long");
        assertThat(second().find(user)).contains("entity-long");
        assertThat(store().find(user.substring(1))).isEmpty();
    }
}
