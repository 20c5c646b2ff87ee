package io.lcbridge.livechat.api;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.testsupport.fixtures.TestKeys;
import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.testsupport.livechat.Fault;
import io.lcbridge.verifier.ChatContextStore;
import io.lcbridge.verifier.InMemoryChatContextStore;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookAuthenticator;
import io.lcbridge.verifier.WebhookHeaders;
import io.lcbridge.verifier.WebhookOutcome;
import io.lcbridge.verifier.WebhookPayload;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The verdict reaches the agent: one internal note per chat thread, off the request thread. */
class AgentNotesTest extends FakeBacked {

    private static final String SECRET = "laudla991lamda0pnoaa0";
    private static final String AUDIENCE = "12345678";
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(TestKeys.HS256_SECRET);
    private static final Instant THREAD_START = Instant.parse("2026-11-20T11:42:47.383Z");
    private static final Instant RECEIVED = THREAD_START.plusSeconds(60);
    private static final CustomerIdentity ANDERSON = CustomerIdentity.builder("user-42")
            .name("Thomas Anderson")
            .email("t.anderson@example.com")
            .variable("plan", "enterprise")
            .variable("account_id", "acc_12345")
            .build();

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private ChatContextStore store;

    @BeforeEach
    void store() {
        store = InMemoryChatContextStore.builder().build();
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closeables) {
            c.close();
        }
    }

    private AgentNotes notes(ChatContextStore claims) {
        AgentNotes notes = AgentNotes.builder(client, claims)
                .retryDelays(List.of(Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(200)))
                .clock(Clock.fixed(RECEIVED, ZoneOffset.UTC))
                .build();
        closeables.add(notes);
        return notes;
    }

    private LiveChatWebhooks webhooks(ChatContextStore shared, AgentNotes notes) {
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(shared)
                .handler(WebhookPayload.INCOMING_CHAT, notes)
                .build();
    }

    private static byte[] incomingChat(CustomerIdentity identity) {
        String token = IdentitySigner.builder(KEYS, AUDIENCE)
                .clock(Clock.fixed(THREAD_START.minusSeconds(300), ZoneOffset.UTC))
                .lifetime(Duration.ofHours(12))
                .build()
                .sign(identity)
                .token();
        return rawIncomingChat().replace("{{TOKEN}}", token).getBytes(StandardCharsets.UTF_8);
    }

    /** The verifier's sample {@code incoming_chat} (from its test-jar), token placeholder left in. */
    private static String rawIncomingChat() {
        try (InputStream in = AgentNotesTest.class.getResourceAsStream("/livechat/incoming_chat.v3.6.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private List<JsonNode> notesInSampleChat(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID).size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID);
    }

    private static void settle() throws InterruptedException {
        Thread.sleep(500);
    }

    @Test
    void aVerifiedIncomingChatGetsOneInternalNote() throws Exception {
        AgentNotes notes = notes(store);
        WebhookOutcome outcome =
                webhooks(store, notes).process(incomingChat(ANDERSON), WebhookHeaders.none(), RECEIVED);

        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        List<JsonNode> sent = notesInSampleChat(1);
        assertThat(sent).singleElement().satisfies(e -> {
            assertThat(e.get("type").asString()).isEqualTo("message");
            assertThat(e.get("visibility").asString()).isEqualTo("agents");
            assertThat(e.get("custom_id").asString()).isEqualTo("lcbridge-note-K600PKZON8");
            assertThat(e.get("text").asString())
                    .isEqualTo("Identity verified: Thomas Anderson <t.anderson@example.com>, "
                            + "plan enterprise, account_id acc_12345");
        });
        settle();
        assertThat(notes.counts().sent()).isEqualTo(1);
    }

    @Test
    void aChangedEmailIsReportedWithTheEnteredValueMarkedUnverified() throws Exception {
        CustomerIdentity ada = CustomerIdentity.builder("user-7")
                .name("Thomas Anderson")
                .email("ada@example.com")
                .variable("plan", "enterprise")
                .build();
        AgentNotes notes = notes(store);
        webhooks(store, notes).process(incomingChat(ada), WebhookHeaders.none(), RECEIVED);

        assertThat(notesInSampleChat(1))
                .singleElement()
                .satisfies(e -> assertThat(e.get("text").asString())
                        .isEqualTo("Not verified: email changed by the customer (signed \"ada@example.com\", entered "
                                + "\"t.anderson@example.com\", unverified). Signed identity: Thomas Anderson "
                                + "<ada@example.com>, plan enterprise"));
    }

    @Test
    void aChatWithoutATokenSaysNotVerified() throws Exception {
        AgentNotes notes = notes(store);
        String withoutToken = rawIncomingChat().replace("\"lc_identity\": \"{{TOKEN}}\"", "\"other\": \"x\"");
        assertThat(withoutToken).doesNotContain("lc_identity");
        byte[] body = withoutToken.getBytes(StandardCharsets.UTF_8);
        webhooks(store, notes).process(body, WebhookHeaders.none(), RECEIVED);

        assertThat(notesInSampleChat(1))
                .singleElement()
                .satisfies(e -> assertThat(e.get("text").asString()).startsWith("Not verified (NO_TOKEN)"));
    }

    @Test
    void theWebhookIsAnsweredBeforeASlowNoteIsSent() throws Exception {
        fake.failNext("send_event", Fault.slow(Duration.ofSeconds(2)));
        AgentNotes notes = notes(store);
        LiveChatWebhooks hooks = webhooks(store, notes);

        long start = System.nanoTime();
        WebhookOutcome outcome = hooks.process(incomingChat(ANDERSON), WebhookHeaders.none(), RECEIVED);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(outcome.kind().httpStatus()).isEqualTo(200);
        assertThat(took).isLessThan(Duration.ofMillis(1500));
        assertThat(notesInSampleChat(1)).hasSize(1);
    }

    @Test
    void liveChatRetriesOfTheWebhookPostOneNote() throws Exception {
        AgentNotes notes = notes(store);
        LiveChatWebhooks hooks = webhooks(store, notes);
        byte[] body = incomingChat(ANDERSON);

        for (int i = 0; i < 3; i++) {
            assertThat(hooks.process(body, WebhookHeaders.none(), RECEIVED.plusSeconds(i))
                            .kind()
                            .httpStatus())
                    .isEqualTo(200);
        }

        assertThat(notesInSampleChat(1)).hasSize(1);
        settle();
        assertThat(fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID)).hasSize(1);
    }

    @Test
    void aRedispatchAfterAnotherHandlerFailedPostsNoSecondNote() throws Exception {
        AgentNotes notes = notes(store);
        boolean[] failOnce = {true};
        LiveChatWebhooks hooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .handler(WebhookPayload.INCOMING_CHAT, notes)
                .handlerForAll(e -> {
                    if (failOnce[0]) {
                        failOnce[0] = false;
                        throw new IllegalStateException("app handler failed once");
                    }
                })
                .build();
        byte[] body = incomingChat(ANDERSON);

        assertThat(hooks.process(body, WebhookHeaders.none(), RECEIVED).kind().httpStatus())
                .isEqualTo(500);
        assertThat(notesInSampleChat(1)).hasSize(1);
        assertThat(hooks.process(body, WebhookHeaders.none(), RECEIVED.plusSeconds(5))
                        .kind()
                        .httpStatus())
                .isEqualTo(200);

        settle();
        assertThat(fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID)).hasSize(1);
        assertThat(notes.counts().skipped()).isEqualTo(1);
    }

    @Test
    void twoNodesRacingPostOneNote() throws Exception {
        // two nodes: their own verifier stores, one shared claim store (a JDBC store in production)
        ChatContextStore sharedClaims = InMemoryChatContextStore.builder().build();
        List<LiveChatWebhooks> nodes = List.of(
                webhooks(InMemoryChatContextStore.builder().build(), notes(sharedClaims)),
                webhooks(InMemoryChatContextStore.builder().build(), notes(sharedClaims)));
        byte[] body = incomingChat(ANDERSON);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        try {
            for (LiveChatWebhooks node : nodes) {
                pool.execute(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    node.process(body, WebhookHeaders.none(), RECEIVED);
                });
            }
            go.countDown();
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(notesInSampleChat(1)).hasSize(1);
        settle();
        assertThat(fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID)).hasSize(1);
    }

    @Test
    void aServerErrorIsRetriedWithBackoff() throws Exception {
        fake.failNext("send_event", Fault.serverError());
        fake.failNext("send_event", Fault.tooManyRequests(0));
        AgentNotes notes = notes(store);

        webhooks(store, notes).process(incomingChat(ANDERSON), WebhookHeaders.none(), RECEIVED);

        assertThat(notesInSampleChat(1)).hasSize(1);
        settle();
        assertThat(fake.calls("send_event")).hasSize(3);
        assertThat(notes.counts().retried()).isGreaterThanOrEqualTo(1);
        assertThat(notes.counts().sent()).isEqualTo(1);
    }

    @Test
    void aLostAnswerDoesNotPostTheNoteTwice() throws Exception {
        fake.failNext("send_event", Fault.serverErrorAfterHandling());
        AgentNotes notes = notes(store);

        webhooks(store, notes).process(incomingChat(ANDERSON), WebhookHeaders.none(), RECEIVED);

        assertThat(notesInSampleChat(1)).hasSize(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (notes.counts().sent() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        settle();
        assertThat(fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID)).hasSize(1);
        assertThat(fake.calls("send_event")).hasSize(1);
        assertThat(fake.calls("get_chat")).hasSize(1);
        assertThat(notes.counts().sent()).isEqualTo(1);
    }

    @Test
    void aPermanentErrorIsCountedAndNeverReachesTheWebhookAnswer() throws Exception {
        fake.failNext("send_event", Fault.forbidden());
        AgentNotes notes = notes(store);

        WebhookOutcome outcome =
                webhooks(store, notes).process(incomingChat(ANDERSON), WebhookHeaders.none(), RECEIVED);

        assertThat(outcome.kind().httpStatus()).isEqualTo(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (notes.counts().failed() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(notes.counts().failed()).isEqualTo(1);
        assertThat(fake.calls("send_event")).hasSize(1);
        assertThat(fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID)).isEmpty();
    }

    @Test
    void aTemplateCanReplaceTheWording() throws Exception {
        AgentNotes notes = AgentNotes.builder(client, store)
                .template(e ->
                        "custom: " + e.customer().map(c -> c.status().name()).orElse("-"))
                .build();
        closeables.add(notes);

        webhooks(store, notes).process(incomingChat(ANDERSON), WebhookHeaders.none(), RECEIVED);

        assertThat(notesInSampleChat(1))
                .singleElement()
                .satisfies(e -> assertThat(e.get("text").asString()).isEqualTo("custom: VERIFIED"));
    }

    @Test
    void otherActionsGetNoNote() throws Exception {
        AgentNotes notes = notes(store);
        byte[] body = new String(incomingChat(ANDERSON), StandardCharsets.UTF_8)
                .replace("\"action\": \"incoming_chat\"", "\"action\": \"incoming_chat_x\"")
                .getBytes(StandardCharsets.UTF_8);
        LiveChatWebhooks hooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .handlerForAll(notes)
                .build();
        hooks.process(body, WebhookHeaders.none(), RECEIVED);

        settle();
        assertThat(fake.calls("send_event")).isEmpty();
    }
}
