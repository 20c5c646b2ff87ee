package io.lcbridge.verifier;

import com.github.benmanes.caffeine.cache.Scheduler;
import io.lcbridge.core.TokenStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static org.assertj.core.api.Assertions.assertThat;

/** The memory store drops expired chat contexts (personal data) on a schedule, not only when called again. */
final class InMemoryStoreRetentionTest {

    @Test
    void expiredEntriesLeaveMemoryWithoutAnyFurtherCall() {
        AtomicLong nanos = new AtomicLong();
        List<Runnable> scheduled = new CopyOnWriteArrayList<>();
        Scheduler manual = (executor, command, delay, unit) -> {
            scheduled.add(command);
            return CompletableFuture.completedFuture(null);
        };
        InMemoryChatContextStore store = InMemoryChatContextStore.builder()
                .ttl(Duration.ofMinutes(10))
                .timing(nanos::get, manual)
                .build();
        VerifiedCustomer anonymous = new VerifiedCustomer(
                null, TokenStatus.NO_TOKEN, "no token", Optional.empty(), Map.of(), Map.of(), List.of());
        store.save(new ChatContext("C1", "T1", RECEIVED, anonymous, RECEIVED));
        store.claim("incoming_chat|C1|T1", RECEIVED);
        store.complete("incoming_chat|C1|T1", RECEIVED);
        assertThat(store.heldEntries()).isEqualTo(2);

        nanos.addAndGet(Duration.ofMinutes(11).toNanos());
        assertThat(scheduled)
                .as("an eviction run was scheduled when the entries were written")
                .isNotEmpty();
        scheduled.forEach(Runnable::run); // the scheduler's thread, not a store call

        assertThat(store.heldEntries()).isZero();
        assertThat(store.find("C1", "T1")).isEmpty();
    }
}
