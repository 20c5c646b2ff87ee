package io.lcbridge.verifier;

import io.lcbridge.testsupport.postgres.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    void aNewChatCostsOneStatementAndOneCommitPerStep() {
        CountingDataSource counting = new CountingDataSource(PostgresServer.dataSource(), false);
        try (JdbcChatContextStore store = JdbcChatContextStore.builder(counting.dataSource())
                        .table(table)
                        .createTable(false)
                        .build();
                LiveChatWebhooks webhooks = webhooks(store)) {
            assertThat(webhooks.process(chat("WARMUP0001"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.HANDLED);
            counting.reset();

            assertThat(webhooks.process(chat("NEWCHAT001"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.HANDLED);

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
    void aTokenPresentedAgainCostsNoBindingRoundTrip() {
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
            counting.reset();

            WebhookOutcome second = webhooks.process(chat("SECONDCHT1", token), WebhookHeaders.none(), RECEIVED);

            assertThat(second.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
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
            java.time.Instant exp = RECEIVED.plusSeconds(3600);
            assertThat(nodeA.bindToken("jti-a", "alice", exp, RECEIVED)).contains("alice");
            assertThat(nodeB.bindToken("jti-a", "mallory", exp, RECEIVED)).contains("alice");
            assertThat(nodeB.rememberedBindings()).isEqualTo(1);

            // remembered: answered without the database, and still the first customer's
            assertThat(nodeB.bindToken("jti-a", "mallory", exp, RECEIVED.plusSeconds(1)))
                    .contains("alice");
            // past its retention the remembered binding no longer answers: the database binds nothing
            java.time.Instant lapsed = exp.plus(java.time.Duration.ofDays(2));
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
    void anUnreachableDatabaseFailsEveryWriteOfTheGroup() {
        GroupCommit group = new GroupCommit(new BrokenDataSource(), List.of("UPDATE x SET y = ? WHERE z = ?"), 1);

        assertThatThrownBy(() -> group.execute(0, "k", 1L, "k")).isInstanceOf(SQLException.class);
    }

    private static void awaitCount(AtomicInteger counter, int value) throws Exception {
        JdbcStoreContract.await(() -> counter.get() >= value);
    }

    /** The webhook pipeline over {@code store}, every event handled by a no-op. */
    private static LiveChatWebhooks webhooks(JdbcChatContextStore store) {
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .handlerForAll(event -> {})
                .build();
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
