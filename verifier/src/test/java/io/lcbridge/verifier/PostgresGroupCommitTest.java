package io.lcbridge.verifier;

import io.lcbridge.testsupport.postgres.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Round trips and commits of {@link JdbcChatContextStore} on a real PostgreSQL server, counted at the JDBC
 * boundary: one statement per step of a delivery, and writes that queue behind a write in flight share one batch
 * and one commit.
 */
@ExtendWith(PostgresServer.class)
final class PostgresGroupCommitTest {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private final String table = "lcbridge_gc_" + TABLES.incrementAndGet() + "_" + System.nanoTime() % 100000;

    @BeforeEach
    void createTable() {
        JdbcChatContextStore.builder(PostgresServer.dataSource())
                .table(table)
                .build()
                .close();
    }

    @Test
    void aNewChatCostsOneStatementAndOneCommitPerStep() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), false);
        try (JdbcChatContextStore store = JdbcChatContextStore.builder(counting.dataSource())
                        .table(table)
                        .createTable(false)
                        .build();
                LiveChatWebhooks webhooks = webhooks(store)) {
            assertThat(webhooks.process(chat("WARMUP0001"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.HANDLED);
            JdbcStoreContract.await(() -> store.pendingCompletions() == 0);
            counting.reset();

            assertThat(webhooks.process(chat("NEWCHAT001"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.HANDLED);
            // the completion is written after the answer (with the next group, here alone: nothing else in flight)
            JdbcStoreContract.await(() -> store.pendingCompletions() == 0);

            // token binding (insert if absent), then the claim (insert or take over a lapsed claim) with the
            // context (upsert) in one statement, then the completion (update): each its own commit when nothing
            // else is in flight
            assertThat(counting.executed)
                    .as("statements")
                    .satisfiesExactly(
                            binding -> assertThat(binding).startsWith("INSERT INTO " + table),
                            claimAndContext -> assertThat(claimAndContext).startsWith("WITH claimed AS (INSERT"),
                            done -> assertThat(done).startsWith("UPDATE " + table));
            assertThat(counting.commits.get()).isEqualTo(3);
        }
    }

    @Test
    void aTokenPresentedAgainCostsNoBindingRoundTrip() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), false);
        String token = Fixtures.token(Fixtures.ANDERSON);
        try (JdbcChatContextStore store = JdbcChatContextStore.builder(counting.dataSource())
                        .table(table)
                        .createTable(false)
                        .build();
                LiveChatWebhooks webhooks = webhooks(store)) {
            assertThat(webhooks.process(chat("FIRSTCHAT1", token), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.HANDLED);
            JdbcStoreContract.await(() -> store.pendingCompletions() == 0);
            counting.reset();

            WebhookOutcome second = webhooks.process(chat("SECONDCHT1", token), WebhookHeaders.none(), RECEIVED);

            assertThat(second.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
            JdbcStoreContract.await(() -> store.pendingCompletions() == 0);
            // the binding written by the first chat is remembered: claim with context, and completion only
            assertThat(counting.executed)
                    .as("statements")
                    .satisfiesExactly(
                            claimAndContext -> assertThat(claimAndContext).startsWith("WITH claimed AS (INSERT"),
                            done -> assertThat(done).startsWith("UPDATE " + table));
            assertThat(counting.commits.get()).isEqualTo(2);
        }
    }

    @Test
    void aBindingReadFromAnotherNodeIsRememberedAsTheWinner() {
        try (JdbcChatContextStore nodeA = JdbcChatContextStore.builder(PostgresServer.dataSource())
                        .table(table)
                        .createTable(false)
                        .build();
                JdbcChatContextStore nodeB = JdbcChatContextStore.builder(PostgresServer.dataSource())
                        .table(table)
                        .createTable(false)
                        .build()) {
            Instant exp = RECEIVED.plusSeconds(3600);
            assertThat(nodeA.bindToken("jti-a", "alice", exp, RECEIVED)).contains("alice");
            assertThat(nodeB.bindToken("jti-a", "mallory", exp, RECEIVED)).contains("alice");
            assertThat(nodeB.rememberedBindings()).isEqualTo(1);

            // remembered: answered without the database, and still the first customer's
            assertThat(nodeB.bindToken("jti-a", "mallory", exp, RECEIVED.plusSeconds(1)))
                    .contains("alice");
            // past its retention the remembered binding no longer answers: the database binds nothing
            Instant lapsed = exp.plus(Duration.ofDays(2));
            assertThat(nodeB.bindToken("jti-a", "mallory", exp, lapsed)).isEmpty();
            assertThat(nodeB.rememberedBindings()).isZero();
        }
    }

    @Test
    void writesQueuedBehindAWriteInFlightShareOneBatchAndOneCommit() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), true);
        GroupCommit group =
                new GroupCommit(counting.dataSource(), List.of(SqlDialect.POSTGRESQL.insertIfAbsent(table)), 1);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            results.add(pool.submit(() -> group.execute(0, "k0", "k0", "BOUND", "c", 1L)));
            awaitCount(counting.connections, 1); // the first write holds the only flusher, waiting for its connection
            for (int i = 1; i < 5; i++) {
                String key = i == 4 ? "k0" : "k" + i; // the last one repeats the first key
                results.add(pool.submit(() -> group.execute(0, key, key, "BOUND", "c", 1L)));
            }
            JdbcStoreContract.await(() -> group.queued() == 4);

            counting.releaseFirstConnection();

            List<Integer> counts = new ArrayList<>();
            for (Future<Integer> f : results) {
                counts.add(f.get());
            }
            assertThat(counts).containsExactly(1, 1, 1, 1, 0);
            assertThat(counting.statements.get())
                    .as("the first alone, then one batch")
                    .isEqualTo(2);
            assertThat(counting.commits.get())
                    .as("the first in auto-commit, then the group's commit")
                    .isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailingWriteInAGroupFailsAloneAndTheOthersAreWritten() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), true);
        String plainInsert = "INSERT INTO " + table + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)";
        GroupCommit group = new GroupCommit(counting.dataSource(), List.of(plainInsert), 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Integer> first = pool.submit(() -> group.execute(0, "a", "a", "BOUND", "c", 1L));
            awaitCount(counting.connections, 1);
            Future<Integer> duplicate = pool.submit(() -> group.execute(0, "a", "a", "BOUND", "c", 1L));
            Future<Integer> b = pool.submit(() -> group.execute(0, "b", "b", "BOUND", "c", 1L));
            Future<Integer> c = pool.submit(() -> group.execute(0, "c", "c", "BOUND", "c", 1L));
            JdbcStoreContract.await(() -> group.queued() == 3);

            counting.releaseFirstConnection();

            assertThat(first.get()).isEqualTo(1);
            assertThat(b.get()).isEqualTo(1);
            assertThat(c.get()).isEqualTo(1);
            assertThatThrownBy(duplicate::get)
                    .cause()
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23505"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCompletionIsAnsweredBeforeItIsWrittenAndARedeliveryMeanwhileIsNotDispatchedAgain() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), false);
        AtomicInteger dispatched = new AtomicInteger();
        try (JdbcChatContextStore store = JdbcChatContextStore.builder(counting.dataSource())
                        .table(table)
                        .createTable(false)
                        .build();
                JdbcChatContextStore otherStore = JdbcChatContextStore.builder(PostgresServer.dataSource())
                        .table(table)
                        .createTable(false)
                        .build();
                LiveChatWebhooks node = webhooks(store, dispatched);
                LiveChatWebhooks otherNode = webhooks(otherStore, dispatched)) {
            counting.holdBackgroundWriter();

            assertThat(node.process(chat("LATERDONE1"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.HANDLED);
            assertThat(store.pendingCompletions())
                    .as("answered, completion not written yet")
                    .isEqualTo(1);

            // until the completion is written: still claimed, on another node; handled, on this one (whose next
            // group may also carry the completion along)
            assertThat(otherNode
                            .process(chat("LATERDONE1"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.IN_PROGRESS);
            assertThat(node.process(chat("LATERDONE1"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.DUPLICATE);

            counting.releaseBackgroundWriter();
            JdbcStoreContract.await(() -> store.pendingCompletions() == 0);

            assertThat(otherNode
                            .process(chat("LATERDONE1"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.DUPLICATE);
            assertThat(dispatched.get()).isEqualTo(1);
        }
    }

    @Test
    void aCompletionThatCannotBeWrittenIsTriedAgainUntilTheDatabaseIsBack() throws Exception {
        SwitchableDataSource switchable = new SwitchableDataSource(PostgresServer.dataSource());
        CountingDataSource counting = new CountingDataSource(switchable, false);
        AtomicInteger dispatched = new AtomicInteger();
        try (JdbcChatContextStore store = JdbcChatContextStore.builder(counting.dataSource())
                        .table(table)
                        .createTable(false)
                        .build();
                LiveChatWebhooks node = webhooks(store, dispatched)) {
            counting.holdBackgroundWriter();
            assertThat(node.process(chat("OUTAGE0001"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.HANDLED);
            switchable.down = true; // the database goes away before the completion is written
            counting.releaseBackgroundWriter();

            Thread.sleep(JdbcChatContextStore.COMPLETION_RETRY_MILLIS + 500);
            assertThat(store.pendingCompletions())
                    .as("failed, kept for another try")
                    .isEqualTo(1);
            // this node knows it handled the delivery, database or not, lease lapsed or not
            assertThat(store.claim(
                            PayloadReader.key(WebhookPayload.INCOMING_CHAT, "OUTAGE0001", "K600PKZON8"),
                            RECEIVED.plusSeconds(60)))
                    .isEqualTo(DeliveryClaim.ALREADY_DONE);
            switchable.down = false;
            JdbcStoreContract.await(() -> store.pendingCompletions() == 0);

            assertThat(deliveryStates()).containsExactly("DONE");
            assertThat(dispatched.get()).isEqualTo(1);
        }
    }

    @Test
    void aWriteNobodyWaitsForGoesWithTheNextGroupOfWritesCallersWaitFor() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), true);
        String markDone = "UPDATE " + table + " SET state = 'DONE', updated_at = ? WHERE state_key = ?";
        List<String> failures = new CopyOnWriteArrayList<>(); // "null": written
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (GroupCommit group = new GroupCommit(
                counting.dataSource(), List.of(SqlDialect.POSTGRESQL.insertIfAbsent(table), markDone), 1)) {
            Future<Integer> first = pool.submit(() -> group.execute(0, "a", "a", "CLAIMED", null, 1L));
            awaitCount(counting.connections, 1); // holds the only flusher

            group.executeLater(1, "a", e -> failures.add(String.valueOf(e)), 2L, "a"); // returns at once
            Future<Integer> second = pool.submit(() -> group.execute(0, "b", "b", "CLAIMED", null, 1L));
            JdbcStoreContract.await(() -> group.queued() == 1);
            assertThat(group.queuedLater()).isEqualTo(1);
            assertThat(group.pendingLater()).isEqualTo(1);

            counting.releaseFirstConnection();

            assertThat(first.get()).isEqualTo(1);
            assertThat(second.get()).isEqualTo(1);
            JdbcStoreContract.await(() -> group.pendingLater() == 0);
            assertThat(counting.commits.get())
                    .as("the first alone, then the claim and the completion in one commit")
                    .isEqualTo(2);
            assertThat(counting.statements.get())
                    .as("one batch per statement kind")
                    .isEqualTo(3);
            assertThat(failures).containsExactly("null");
        } finally {
            pool.shutdownNow();
        }
        assertThat(state("a")).isEqualTo("DONE");
    }

    @Test
    void closeWritesTheWritesNobodyWaitsFor() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), false);
        String insert = "INSERT INTO " + table + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            GroupCommit group = new GroupCommit(counting.dataSource(), List.of(insert), 1);
            warmUp(group);
            counting.holdBackgroundWriter();
            group.executeLater(0, "y", e -> {}, "y", "DONE", null, 1L);
            awaitCount(counting.connections, 2); // the background writer waits for its connection

            Future<?> closing = pool.submit(group::close);
            Thread.sleep(100);
            assertThat(closing).as("close waits for the queued write").isNotDone();
            counting.releaseBackgroundWriter();
            closing.get(5, TimeUnit.SECONDS);

            assertThat(group.pendingLater()).isZero();
            assertThat(group.backgroundWriterState()).isEqualTo(Thread.State.TERMINATED);
            assertThat(state("y")).isEqualTo("DONE");
            // after close, a write nobody waits for is made at once on its caller's thread
            group.executeLater(0, "z", e -> {}, "z", "DONE", null, 1L);
            assertThat(state("z")).isEqualTo("DONE");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void closeDoesNotWaitForACallersGroupToWriteTheWritesNobodyWaitsFor() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), true);
        String insert = "INSERT INTO " + table + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)";
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            GroupCommit group = new GroupCommit(counting.dataSource(), List.of(insert), 1);
            Future<Integer> first = pool.submit(() -> group.execute(0, "x", "x", "DONE", null, 1L));
            awaitCount(counting.connections, 1); // holds the only flusher, its connection held back
            group.executeLater(0, "y", e -> {}, "y", "DONE", null, 1L);
            assertThat(group.queuedLater())
                    .as("left for the group in flight to wake someone")
                    .isEqualTo(1);

            group.close(); // the background writer writes it without a flusher

            assertThat(group.pendingLater()).isZero();
            assertThat(state("y")).isEqualTo("DONE");
            assertThat(first).isNotDone();
            counting.releaseFirstConnection();
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallersWriteNeverWaitsBehindTheBackgroundWriter() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), false);
        String insert = "INSERT INTO " + table + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)";
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try (GroupCommit group = new GroupCommit(counting.dataSource(), List.of(insert), 1)) {
            warmUp(group);
            counting.holdBackgroundWriter();
            CompletableFuture<SQLException> later = new CompletableFuture<>();
            group.executeLater(0, "y", later::complete, "y", "DONE", null, 1L);
            awaitCount(counting.connections, 2); // the background writer is stuck getting its connection

            // the only flusher is free: the caller's write goes through at once
            Future<Integer> caller = pool.submit(() -> group.execute(0, "x", "x", "DONE", null, 1L));
            assertThat(caller.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(later).isNotDone();

            counting.releaseBackgroundWriter();
            assertThat((Throwable) later.get(5, TimeUnit.SECONDS)).isNull();
            assertThat(state("y")).isEqualTo("DONE");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anIdleBackgroundWriterWaitsWithoutATimeLimitAndAWriteQueuedThenIsWrittenAtOnce() throws Exception {
        String insert = "INSERT INTO " + table + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)";
        try (GroupCommit group = new GroupCommit(PostgresServer.dataSource(), List.of(insert), 1)) {
            CompletableFuture<SQLException> first = new CompletableFuture<>();
            group.executeLater(0, "p", first::complete, "p", "DONE", null, 1L);
            assertThat((Throwable) first.get(10, TimeUnit.SECONDS)).isNull();

            // idle: parked until someone queues a write (it used to wake every 10 ms: TIMED_WAITING)
            JdbcStoreContract.await(() -> group.backgroundWriterState() == Thread.State.WAITING);
            Thread.sleep(50);
            assertThat(group.backgroundWriterState()).isEqualTo(Thread.State.WAITING);

            // a write queued while it is idle wakes it: written at once, not on a timer
            CompletableFuture<SQLException> second = new CompletableFuture<>();
            long queuedAt = System.nanoTime();
            group.executeLater(0, "q", second::complete, "q", "DONE", null, 1L);
            assertThat((Throwable) second.get(10, TimeUnit.SECONDS)).isNull();
            assertThat(Duration.ofNanos(System.nanoTime() - queuedAt)).isLessThan(Duration.ofSeconds(2));
            assertThat(state("q")).isEqualTo("DONE");
            JdbcStoreContract.await(() -> group.backgroundWriterState() == Thread.State.WAITING);
        }
    }

    @Test
    void aWaitingCallersGroupTakesTheWriteNobodyWaitsForAlongAndCloseThenReturnsAtOnce() throws Exception {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), true);
        String insert = "INSERT INTO " + table + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)";
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            GroupCommit group = new GroupCommit(counting.dataSource(), List.of(insert), 1);
            Future<Integer> first = pool.submit(() -> group.execute(0, "x", "x", "DONE", null, 1L));
            awaitCount(counting.connections, 1); // holds the only flusher
            Future<Integer> waiting = pool.submit(() -> group.execute(0, "w", "w", "DONE", null, 1L));
            JdbcStoreContract.await(() -> group.queued() == 1);
            group.executeLater(0, "y", e -> {}, "y", "DONE", null, 1L);
            assertThat(group.queuedLater()).isEqualTo(1);

            counting.releaseFirstConnection();

            // the first write's flusher wakes the waiting caller, whose group takes "y" along
            assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(1);
            JdbcStoreContract.await(() -> group.pendingLater() == 0);
            assertThat(counting.commits.get())
                    .as("the first alone, then the waiting caller's write and the later one in one commit")
                    .isEqualTo(2);
            assertThat(counting.statements.get()).as("one batch for both").isEqualTo(2);
            assertThat(state("y")).isEqualTo("DONE");

            Future<?> closing = pool.submit(group::close);
            closing.get(5, TimeUnit.SECONDS);
            assertThat(group.backgroundWriterState()).isEqualTo(Thread.State.TERMINATED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aWriteNobodyWaitsForReportsItsFailure() throws Exception {
        CompletableFuture<SQLException> failure = new CompletableFuture<>();
        try (GroupCommit group =
                new GroupCommit(new BrokenDataSource(), List.of("UPDATE x SET y = ? WHERE z = ?"), 1)) {
            group.executeLater(0, "k", e -> failure.complete(e), 1L, "k");

            assertThat((Throwable) failure.get(10, TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
            JdbcStoreContract.await(() -> group.pendingLater() == 0);
        }
    }

    @Test
    void anUnreachableDatabaseFailsEveryWriteOfTheGroup() {
        GroupCommit group = new GroupCommit(new BrokenDataSource(), List.of("UPDATE x SET y = ? WHERE z = ?"), 1);

        assertThatThrownBy(() -> group.execute(0, "k", 1L, "k")).isInstanceOf(SQLException.class);
    }

    /** Starts the background writer with one write nobody waits for, written and counted before the test's own. */
    private void warmUp(GroupCommit group) throws Exception {
        CompletableFuture<SQLException> done = new CompletableFuture<>();
        group.executeLater(0, "warm-up", done::complete, "warm-up", "DONE", null, 1L);
        assertThat((Throwable) done.get(10, TimeUnit.SECONDS)).isNull();
    }

    private static void awaitCount(AtomicInteger counter, int value) throws Exception {
        JdbcStoreContract.await(() -> counter.get() >= value);
    }

    /** The webhook pipeline over {@code store}, every event handled by a no-op. */
    private static LiveChatWebhooks webhooks(JdbcChatContextStore store) {
        return webhooks(store, new AtomicInteger());
    }

    /** The webhook pipeline over {@code store}, counting the events dispatched. */
    private static LiveChatWebhooks webhooks(JdbcChatContextStore store, AtomicInteger dispatched) {
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .handlerForAll(event -> dispatched.incrementAndGet())
                .build();
    }

    /** The {@code state} column of every delivery row ({@code d|…}), read on its own connection. */
    private List<String> deliveryStates() throws SQLException {
        List<String> states = new ArrayList<>();
        try (java.sql.Connection c = PostgresServer.dataSource().getConnection();
                java.sql.PreparedStatement ps =
                        c.prepareStatement("SELECT state FROM " + table + " WHERE state_key LIKE 'd|%'");
                java.sql.ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                states.add(rs.getString(1));
            }
        }
        return states;
    }

    /** The {@code state} column of row {@code key}, read on its own connection. */
    private String state(String key) throws SQLException {
        try (java.sql.Connection c = PostgresServer.dataSource().getConnection();
                java.sql.PreparedStatement ps =
                        c.prepareStatement("SELECT state FROM " + table + " WHERE state_key = ?")) {
            ps.setString(1, key);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("row " + key).isTrue();
                return rs.getString(1);
            }
        }
    }

    private static byte[] chat(String chatId) {
        return new String(Fixtures.incomingChat(), StandardCharsets.UTF_8)
                .replace("PJ0MRSHTDG", chatId)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chat(String chatId, String token) {
        return Fixtures.bytes(
                Fixtures.withToken("incoming_chat.v3.6.json", token).replace("PJ0MRSHTDG", chatId));
    }
}
