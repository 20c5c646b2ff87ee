package io.lcbridge.verifier;

import io.lcbridge.core.TokenStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.lcbridge.verifier.Fixtures.ANDERSON;
import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Behaviour every SQL database must show for {@link JdbcChatContextStore}; run on H2 and on PostgreSQL. */
abstract class JdbcStoreContract {

    private static final AtomicInteger TABLES = new AtomicInteger();

    abstract DataSource dataSource();

    /** Settings a variant of the contract adds to every store it builds (e.g. the portable statements only). */
    JdbcChatContextStore.Builder tune(JdbcChatContextStore.Builder builder) {
        return builder;
    }

    final JdbcChatContextStore.Builder builder(DataSource dataSource) {
        return tune(JdbcChatContextStore.builder(dataSource));
    }

    /** A fresh table per test, so tests never see each other's rows. */
    final String table = "lcbridge_test_" + TABLES.incrementAndGet() + "_" + System.nanoTime() % 100000;

    /** The time the stores of a test live at; tests move it forward. */
    final TestClock clock = new TestClock(RECEIVED);

    private final List<JdbcChatContextStore> opened = new ArrayList<>();

    JdbcChatContextStore store() {
        return track(builder(dataSource())
                .table(table)
                .claimLease(Duration.ofSeconds(30))
                .clock(clock)
                .build());
    }

    JdbcChatContextStore track(JdbcChatContextStore store) {
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeStores() {
        opened.forEach(JdbcChatContextStore::close);
    }

    /** A clock tests set by hand; read by the store's purge thread too. */
    static final class TestClock extends Clock {
        private final AtomicReference<Instant> now;

        TestClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private int rows() throws Exception {
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void aContextOlderThanTheTtlIsNeverReturnedEvenBeforeItIsPurged() throws Exception {
        JdbcChatContextStore store = track(builder(dataSource())
                .table(table)
                .ttl(Duration.ofMinutes(10))
                .purgeInterval(Duration.ofHours(1))
                .clock(clock)
                .build());
        ChatContext context = sampleContext(); // written at RECEIVED
        store.save(context);
        await(() -> store.isPurging());

        clock.advance(Duration.ofMinutes(10));
        assertThat(store.find("PJ0MRSHTDG", "K600PKZON8")).contains(context);
        clock.advance(Duration.ofSeconds(1));
        Optional<ChatContext> afterTtl = store.find("PJ0MRSHTDG", "K600PKZON8");

        assertThat(afterTtl).isEmpty();
        assertThat(rows()).as("still stored: the next purge is an hour away").isEqualTo(1);
    }

    @Test
    void expiredRowsArePurgedOnScheduleWithoutAnyTraffic() throws Exception {
        JdbcChatContextStore store = track(builder(dataSource())
                .table(table)
                .ttl(Duration.ofMinutes(10))
                .purgeInterval(Duration.ofMillis(100))
                .clock(clock)
                .build());
        store.save(sampleContext());
        store.claim("incoming_chat|C|T", RECEIVED);
        store.complete("incoming_chat|C|T", RECEIVED);
        Thread.sleep(300); // several purge runs: nothing is expired yet
        assertThat(rows()).isEqualTo(2);

        clock.advance(Duration.ofMinutes(11)); // no store call from here on

        await(() -> rows() == 0);
        store.close();
        assertThat(store.isPurging()).isFalse();
    }

    @Test
    void startPurgingAtStartUpDeletesWhatAPreviousRunLeftBehind() throws Exception {
        JdbcChatContextStore previousRun = store();
        previousRun.save(sampleContext());
        previousRun.close();
        clock.advance(Duration.ofDays(2));
        JdbcChatContextStore store = track(builder(dataSource())
                .table(table)
                .purgeInterval(Duration.ofMillis(100))
                .clock(clock)
                .build());

        assertThat(store.isPurging()).isFalse();
        store.startPurging();

        await(() -> rows() == 0);
        store.close();
        store.startPurging();
        assertThat(store.isPurging()).as("no restart after close").isFalse();
    }

    interface Condition {
        boolean holds() throws Exception;
    }

    static void await(Condition condition) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(20);
        }
    }

    private static ChatContext sampleContext() {
        VerifiedCustomer customer = new VerifiedCustomer(
                "b7eff798",
                TokenStatus.VERIFIED,
                "verified",
                Optional.of(ANDERSON),
                Map.of("name", FieldStatus.MATCH, "vars.plan", FieldStatus.CHANGED),
                Map.of("region", "us-east-1"),
                List.of("plan"));
        return new ChatContext("PJ0MRSHTDG", "K600PKZON8", Fixtures.THREAD_START, customer, RECEIVED);
    }

    @Test
    void createsItsTableIfAbsentAndAgainWithoutError() throws Exception {
        store();
        store();
        try (Connection c = dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void savedContextIsFoundWithEveryDetail() {
        JdbcChatContextStore store = store();
        ChatContext context = sampleContext();

        store.save(context);

        assertThat(store.find("PJ0MRSHTDG", "K600PKZON8")).contains(context);
        assertThat(store.find("PJ0MRSHTDG", "OTHER")).isEmpty();
    }

    @Test
    void savingAgainReplacesTheContextOfTheThread() {
        JdbcChatContextStore store = store();
        store.save(sampleContext());
        VerifiedCustomer anonymous = new VerifiedCustomer(
                null, TokenStatus.NO_TOKEN, "no token", Optional.empty(), Map.of(), Map.of(), List.of());
        ChatContext replaced =
                new ChatContext("PJ0MRSHTDG", "K600PKZON8", Fixtures.THREAD_START, anonymous, RECEIVED.plusSeconds(5));

        store.save(replaced);

        assertThat(store.find("PJ0MRSHTDG", "K600PKZON8")).contains(replaced);
    }

    @Test
    void deliveryIsClaimedOnceCompletedAndThenAlreadyDone() {
        JdbcChatContextStore store = store();

        assertThat(store.claim("incoming_chat|C|T", RECEIVED)).isEqualTo(DeliveryClaim.CLAIMED);
        assertThat(store.claim("incoming_chat|C|T", RECEIVED.plusSeconds(5))).isEqualTo(DeliveryClaim.IN_PROGRESS);
        store.complete("incoming_chat|C|T", RECEIVED.plusSeconds(6));
        assertThat(store.claim("incoming_chat|C|T", RECEIVED.plusSeconds(40))).isEqualTo(DeliveryClaim.ALREADY_DONE);
        store.release("incoming_chat|C|T");
        assertThat(store.claim("incoming_chat|C|T", RECEIVED.plusSeconds(41))).isEqualTo(DeliveryClaim.ALREADY_DONE);
    }

    @Test
    void handledDeliveryOlderThanTheTtlIsClaimedAgainEvenBeforeItIsPurged() {
        JdbcChatContextStore store = track(builder(dataSource())
                .table(table)
                .ttl(Duration.ofMinutes(10))
                .purgeInterval(Duration.ofHours(1))
                .clock(clock)
                .build());
        store.claim("k", RECEIVED);
        store.complete("k", RECEIVED);

        assertThat(store.claim("k", RECEIVED.plusSeconds(599))).isEqualTo(DeliveryClaim.ALREADY_DONE);
        assertThat(store.claim("k", RECEIVED.plusSeconds(601))).isEqualTo(DeliveryClaim.CLAIMED);
        assertThat(store.claim("k", RECEIVED.plusSeconds(602))).isEqualTo(DeliveryClaim.IN_PROGRESS);
    }

    @Test
    void concurrentDeliveriesAreEachClaimedBoundSavedAndCompletedOnce() throws Exception {
        JdbcChatContextStore nodeA = store();
        JdbcChatContextStore nodeB = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<DeliveryClaim>> work = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String k = "incoming_chat|C" + (i % 100) + "|T";
                JdbcChatContextStore node = i % 2 == 0 ? nodeA : nodeB;
                int n = i;
                work.add(() -> {
                    DeliveryClaim claim = node.claim(k, RECEIVED);
                    if (claim == DeliveryClaim.CLAIMED) {
                        node.bindToken("jti-" + (n % 100), "customer-" + n, RECEIVED.plusSeconds(600), RECEIVED);
                        node.save(new ChatContext(
                                "C" + (n % 100),
                                "T",
                                Fixtures.THREAD_START,
                                sampleContext().customer(),
                                RECEIVED));
                        node.complete(k, RECEIVED);
                    }
                    return claim;
                });
            }
            int claimed = 0;
            for (Future<DeliveryClaim> f : pool.invokeAll(work)) {
                if (f.get() == DeliveryClaim.CLAIMED) {
                    claimed++;
                }
            }
            assertThat(claimed)
                    .as("each of the 100 deliveries claimed once over two nodes")
                    .isEqualTo(100);
            for (int i = 0; i < 100; i++) {
                assertThat(nodeA.claim("incoming_chat|C" + i + "|T", RECEIVED.plusSeconds(1)))
                        .isEqualTo(DeliveryClaim.ALREADY_DONE);
                assertThat(nodeB.find("C" + i, "T")).isPresent();
            }
            assertThat(rows()).isEqualTo(300);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void releasedDeliveryCanBeClaimedAgain() {
        JdbcChatContextStore store = store();
        store.claim("k", RECEIVED);

        store.release("k");

        assertThat(store.claim("k", RECEIVED.plusSeconds(1))).isEqualTo(DeliveryClaim.CLAIMED);
    }

    @Test
    void claimOfANodeThatDiedLapsesAfterTheLease() {
        JdbcChatContextStore store = store();
        store.claim("k", RECEIVED);

        assertThat(store.claim("k", RECEIVED.plusSeconds(29))).isEqualTo(DeliveryClaim.IN_PROGRESS);
        assertThat(store.claim("k", RECEIVED.plusSeconds(31))).isEqualTo(DeliveryClaim.CLAIMED);
        assertThat(store.claim("k", RECEIVED.plusSeconds(32))).isEqualTo(DeliveryClaim.IN_PROGRESS);
    }

    @Test
    void aClaimWithItsContextWritesTheContextOnlyWhenItClaims() {
        JdbcChatContextStore store = store();
        ChatContext first = sampleContext();
        ChatContext later = new ChatContext(
                first.chatId(), first.threadId(), first.threadStartedAt(), first.customer(), RECEIVED.plusSeconds(10));

        assertThat(store.claimSavingContext("k", RECEIVED, first)).isEqualTo(DeliveryClaim.CLAIMED);
        assertThat(store.find("PJ0MRSHTDG", "K600PKZON8")).contains(first);

        // held by another node: neither claimed nor written
        assertThat(store.claimSavingContext("k", RECEIVED.plusSeconds(10), later))
                .isEqualTo(DeliveryClaim.IN_PROGRESS);
        assertThat(store.find("PJ0MRSHTDG", "K600PKZON8")).contains(first);

        // a lapsed claim is taken over, and its context written with it
        assertThat(store.claimSavingContext("k", RECEIVED.plusSeconds(31), later))
                .isEqualTo(DeliveryClaim.CLAIMED);
        assertThat(store.find("PJ0MRSHTDG", "K600PKZON8")).contains(later);

        // handled: a retry is a duplicate and writes nothing
        store.complete("k", RECEIVED.plusSeconds(31));
        assertThat(store.claimSavingContext("k", RECEIVED.plusSeconds(40), first))
                .isEqualTo(DeliveryClaim.ALREADY_DONE);
        assertThat(store.find("PJ0MRSHTDG", "K600PKZON8")).contains(later);
    }

    @Test
    void veryLongDeliveryKeysAreStoredByDigest() {
        JdbcChatContextStore store = store();
        String longKey = "incoming_event|" + "x".repeat(600);

        assertThat(store.claim(longKey, RECEIVED)).isEqualTo(DeliveryClaim.CLAIMED);
        assertThat(store.claim(longKey, RECEIVED)).isEqualTo(DeliveryClaim.IN_PROGRESS);
        assertThat(store.claim(longKey + "y", RECEIVED)).isEqualTo(DeliveryClaim.CLAIMED);
    }

    @Test
    void recordsOlderThanTheTtlArePurged() {
        JdbcChatContextStore store = track(builder(dataSource())
                .table(table)
                .ttl(Duration.ofMinutes(10))
                .purgeInterval(Duration.ofHours(1))
                .clock(clock)
                .build());
        store.claim("old", RECEIVED);
        store.complete("old", RECEIVED);
        store.claim("new", RECEIVED.plusSeconds(590));

        assertThat(store.purgeExpired(RECEIVED.plusSeconds(601))).isEqualTo(1);
        assertThat(store.claim("old", RECEIVED.plusSeconds(602))).isEqualTo(DeliveryClaim.CLAIMED);
    }

    @Test
    void concurrentClaimsFromSeveralNodesLetExactlyOneWin() throws Exception {
        JdbcChatContextStore nodeA = store();
        JdbcChatContextStore nodeB = store();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int key = 0; key < 20; key++) {
                String k = "incoming_event|C|T|E" + key;
                List<Callable<DeliveryClaim>> attempts = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    JdbcChatContextStore node = i % 2 == 0 ? nodeA : nodeB;
                    attempts.add(() -> node.claim(k, RECEIVED));
                }
                int claimed = 0;
                for (Future<DeliveryClaim> f : pool.invokeAll(attempts)) {
                    if (f.get() == DeliveryClaim.CLAIMED) {
                        claimed++;
                    }
                }
                assertThat(claimed).as("winners for " + k).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void retryLandingOnAnotherNodeIsRecognisedAndEventsThereAreEnriched() throws Exception {
        Recorder onA = new Recorder();
        Recorder onB = new Recorder();
        LiveChatWebhooks nodeA = node(onA);
        LiveChatWebhooks nodeB = node(onB);

        assertThat(nodeA.process(Fixtures.incomingChat(), WebhookHeaders.none(), RECEIVED)
                        .kind())
                .isEqualTo(WebhookOutcome.Kind.HANDLED);
        completionsWritten(); // LiveChat retries seconds later; until then another node finds the claim in progress
        assertThat(nodeB.process(Fixtures.incomingChat(), WebhookHeaders.none(), RECEIVED.plusSeconds(20))
                        .kind())
                .isEqualTo(WebhookOutcome.Kind.DUPLICATE);
        byte[] event = Fixtures.bytes(Fixtures.raw("incoming_event.v3.6.json"));
        assertThat(nodeB.process(event, WebhookHeaders.none(), RECEIVED.plusSeconds(30))
                        .kind())
                .isEqualTo(WebhookOutcome.Kind.HANDLED);

        assertThat(onA.events).hasSize(1);
        assertThat(onB.events).hasSize(1);
        assertThat(onB.last().customer().orElseThrow().identity()).contains(ANDERSON);
    }

    @Test
    void unreachableDatabaseIsAStoreFailureAnswered503() {
        JdbcChatContextStore store = store();
        DataSource broken = new BrokenDataSource();
        JdbcChatContextStore down =
                track(JdbcChatContextStore.builder(broken).createTable(false).build());
        Recorder recorder = new Recorder();
        LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(down)
                .handlerForAll(recorder)
                .build();

        assertThat(webhooks.process(Fixtures.incomingChat(), WebhookHeaders.none(), RECEIVED)
                        .httpStatus())
                .isEqualTo(503);
        assertThat(recorder.events).isEmpty();
        assertThatThrownBy(() -> JdbcChatContextStore.create(broken))
                .isInstanceOf(ChatContextStoreException.class)
                .hasMessageContaining("cannot create table");
        assertThat(store.claim("incoming_chat|PJ0MRSHTDG|K600PKZON8", Instant.now()))
                .isEqualTo(DeliveryClaim.CLAIMED);
    }

    @Test
    void databaseDownThenUpLosesNothingAndDispatchesNothingTwice() throws Exception {
        SwitchableDataSource switchable = new SwitchableDataSource(dataSource());
        JdbcChatContextStore store =
                track(builder(switchable).table(table).clock(clock).build());
        Recorder recorder = new Recorder();
        LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .handlerForAll(recorder)
                .build();

        switchable.down = true;
        assertThat(webhooks.process(Fixtures.incomingChat(), WebhookHeaders.none(), RECEIVED)
                        .httpStatus())
                .isEqualTo(503);
        switchable.down = false;
        assertThat(webhooks.process(Fixtures.incomingChat(), WebhookHeaders.none(), RECEIVED.plusSeconds(10))
                        .kind())
                .isEqualTo(WebhookOutcome.Kind.HANDLED);
        // with group commit the completion is written after the answer (PostgresGroupCommitTest covers an outage
        // before it is written); here the database goes down once it is
        await(() -> store.pendingCompletions() == 0);
        switchable.down = true;
        assertThat(webhooks.process(Fixtures.incomingChat(), WebhookHeaders.none(), RECEIVED.plusSeconds(20))
                        .httpStatus())
                .isEqualTo(503);
        switchable.down = false;
        assertThat(webhooks.process(Fixtures.incomingChat(), WebhookHeaders.none(), RECEIVED.plusSeconds(40))
                        .kind())
                .isEqualTo(WebhookOutcome.Kind.DUPLICATE);

        assertThat(recorder.events).hasSize(1);
        assertThat(recorder.last().hasVerifiedCustomer()).isTrue();
    }

    /** Waits until every store of this test has written the completions it queued (group commit). */
    private void completionsWritten() throws Exception {
        for (JdbcChatContextStore s : opened) {
            await(() -> s.pendingCompletions() == 0);
        }
    }

    private LiveChatWebhooks node(Recorder recorder) {
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store())
                .handlerForAll(recorder)
                .build();
    }
}
