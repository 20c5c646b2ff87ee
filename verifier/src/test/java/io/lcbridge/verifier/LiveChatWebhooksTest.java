package io.lcbridge.verifier;

import io.lcbridge.core.TokenStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.lcbridge.verifier.Fixtures.ANDERSON;
import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The processing pipeline: authenticity, parsing limits, enrichment, dedupe, store outages, async dispatch. */
final class LiveChatWebhooksTest {

    private final Recorder recorder = new Recorder();
    private final FlakyStore store =
            new FlakyStore(InMemoryChatContextStore.builder().build());

    private LiveChatWebhooks.Builder base() {
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .handlerForAll(recorder);
    }

    private final LiveChatWebhooks webhooks = base().build();

    private WebhookOutcome send(byte[] body) {
        return webhooks.process(body, WebhookHeaders.none(), RECEIVED);
    }

    private static byte[] fixture(String name) {
        return Fixtures.bytes(Fixtures.withToken(name, Fixtures.token(ANDERSON)));
    }

    private static byte[] edit(String name, java.util.function.Consumer<ObjectNode> change) {
        ObjectNode root = (ObjectNode) Envelope.MAPPER.readTree(Fixtures.withToken(name, Fixtures.token(ANDERSON)));
        change.accept(root);
        return Fixtures.bytes(root.toString());
    }

    @Test
    void wrongSecretIsNotAuthenticAndReachesNoHandlerNorStore() {
        WebhookOutcome outcome = send(edit("incoming_chat.v3.6.json", r -> r.put("secret_key", "guess")));

        assertThat(outcome.httpStatus()).isEqualTo(401);
        assertThat(outcome.reason())
                .isEqualTo("not authentic")
                .doesNotContain("guess")
                .doesNotContain(SECRET);
        assertThat(recorder.events).isEmpty();
        assertThat(store.find("PJ0MRSHTDG", "K600PKZON8")).isEmpty();
    }

    @Test
    void missingSecretIsNotAuthentic() {
        assertThat(send(edit("chat_deactivated.v3.6.json", r -> r.remove("secret_key")))
                        .httpStatus())
                .isEqualTo(401);
        assertThat(send(edit("chat_deactivated.v3.6.json", r -> r.put("secret_key", 12)))
                        .httpStatus())
                .isEqualTo(401);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void bothSecretsAreAcceptedWhileRotating() {
        LiveChatWebhooks rotating = base().authenticator(
                        WebhookAuthenticator.secretKey("new-secret-0123456789", SECRET))
                .build();

        assertThat(rotating.process(fixture("chat_deactivated.v3.6.json"), WebhookHeaders.none(), RECEIVED)
                        .httpStatus())
                .isEqualTo(200);
        byte[] withNew = edit("incoming_event.v3.6.json", r -> r.put("secret_key", "new-secret-0123456789"));
        assertThat(rotating.process(withNew, WebhookHeaders.none(), RECEIVED).httpStatus())
                .isEqualTo(200);
        assertThat(recorder.events).hasSize(2);
    }

    @Test
    void deliveryForAnotherAccountIsRefusedWhenAccountsAreConfigured() {
        LiveChatWebhooks pinned =
                base().accountIds(Fixtures.ORGANIZATION, "104130623").build();

        assertThat(pinned.process(fixture("chat_deactivated.v3.6.json"), WebhookHeaders.none(), RECEIVED)
                        .httpStatus())
                .isEqualTo(200);
        byte[] other = edit("incoming_event.v3.6.json", r -> r.put("organization_id", "another-org"));
        assertThat(pinned.process(other, WebhookHeaders.none(), RECEIVED).httpStatus())
                .isEqualTo(401);
        byte[] oldApi = edit("incoming_event.v3.6.json", r -> {
            r.remove("organization_id");
            r.put("license_id", 104130623);
        });
        assertThat(pinned.process(oldApi, WebhookHeaders.none(), RECEIVED).httpStatus())
                .isEqualTo(200);
        assertThat(recorder.events).hasSize(2);
    }

    @Test
    void relaySignatureHeaderIsCheckedOverTheRawBody() {
        String relaySecret = "relay-secret-0123456789abcdef";
        LiveChatWebhooks relayed = base().authenticator(WebhookAuthenticator.builder()
                        .secretKeys(SECRET)
                        .signatureSecrets(relaySecret)
                        .build())
                .build();
        byte[] body = fixture("chat_deactivated.v3.6.json");
        Map<String, String> signed = WebhookAuthenticator.signatureHeaders(relaySecret, "msg_1", RECEIVED, body);

        assertThat(relayed.process(body, WebhookHeaders.of(signed), RECEIVED).httpStatus())
                .isEqualTo(200);
        byte[] altered = fixture("incoming_event.v3.6.json");
        assertThat(relayed.process(altered, WebhookHeaders.of(signed), RECEIVED).httpStatus())
                .isEqualTo(401);
        assertThat(relayed.process(altered, WebhookHeaders.none(), RECEIVED).httpStatus())
                .isEqualTo(401);
        assertThat(recorder.events).hasSize(1);
    }

    @Test
    void bodyOverTheLimitIsTooLarge() {
        LiveChatWebhooks small = base().maxBodyBytes(2048).build();

        assertThat(small.process(fixture("incoming_chat.v3.6.json"), WebhookHeaders.none(), RECEIVED)
                        .httpStatus())
                .isEqualTo(413);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void malformedBodiesAreAnswered400WithAShortReason() {
        assertThat(send(Fixtures.bytes("not json")).httpStatus()).isEqualTo(400);
        assertThat(send(Fixtures.bytes("[1,2]")).httpStatus()).isEqualTo(400);
        assertThat(send(Fixtures.bytes("{\"action\":\"incoming_chat\"} trailing"))
                        .httpStatus())
                .isEqualTo(400);
        assertThat(send(edit("incoming_chat.v3.6.json", r -> r.remove("action")))
                        .reason())
                .isEqualTo("action is missing");
        assertThat(send(Fixtures.bytes("[".repeat(100) + "]".repeat(100))).httpStatus())
                .isEqualTo(400);
        WebhookOutcome noChatId = send(edit(
                "incoming_chat.v3.6.json", r -> ((ObjectNode) r.get("payload").get("chat")).remove("id")));
        assertThat(noChatId.httpStatus()).isEqualTo(400);
        assertThat(noChatId.reason()).isEqualTo("payload.chat.id is missing");
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void deeplyNestedJsonIsRefusedByTheParserLimits() {
        String deep = "{\"action\":\"x\",\"secret_key\":\"" + SECRET + "\",\"payload\":{\"a\":" + "[".repeat(70)
                + "]".repeat(70) + "}}";
        assertThat(send(Fixtures.bytes(deep)).kind()).isEqualTo(WebhookOutcome.Kind.MALFORMED);
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void chatDeactivatedAndIncomingEventAreDeliveredWithTheContextOfTheirThread() {
        send(fixture("incoming_chat.v3.6.json"));
        send(fixture("incoming_event.v3.6.json"));
        send(fixture("chat_deactivated.v3.6.json"));

        assertThat(recorder.events).hasSize(3);
        WebhookEvent event = recorder.events.get(1);
        assertThat(event.payload()).isInstanceOfSatisfying(WebhookPayload.IncomingEvent.class, e -> {
            assertThat(e.event().id()).isEqualTo("K600PKZON8_3");
            assertThat(e.event().text()).isEqualTo("hi");
            assertThat(e.event().toString()).doesNotContain("hi]");
        });
        assertThat(event.customer().orElseThrow().identity()).contains(ANDERSON);
        WebhookEvent closed = recorder.events.get(2);
        assertThat(closed.payload())
                .isEqualTo(new WebhookPayload.ChatDeactivated(
                        "PJ0MRSHTDG", "K600PKZON8", "b7eff798-f8df-4364-8059-649c35c9ed0c"));
        assertThat(closed.hasVerifiedCustomer()).isTrue();
        assertThat(closed.context().orElseThrow().threadStartedAt()).isEqualTo(Fixtures.THREAD_START);
    }

    @Test
    void eventsOfAnUnknownThreadCarryNoCustomer() {
        send(fixture("incoming_event.v3.6.json"));

        assertThat(recorder.last().customer()).isEmpty();
        assertThat(recorder.last().context()).isEmpty();
    }

    @Test
    void sessionFieldsUpdateIsJudgedAtTheStoredThreadStartAndKeepsNameAndEmailVerdicts() {
        send(fixture("incoming_chat.v3.6.json"));
        // minted 13 h before reception but 12 h before the stored thread start would be expired; minted in-thread is
        // fine
        String fresh = Fixtures.token(KEYS, ANDERSON, AUDIENCE, Fixtures.THREAD_START.plusSeconds(20));
        send(Fixtures.bytes(Fixtures.withToken("customer_session_fields_updated.v3.6.json", fresh)));

        WebhookEvent update = recorder.last();
        assertThat(update.payload())
                .isEqualTo(new WebhookPayload.CustomerSessionFieldsUpdated(
                        "b7eff798-f8df-4364-8059-649c35c9ed0c", "PJ0MRSHTDG", "K600PKZON8"));
        VerifiedCustomer customer = update.customer().orElseThrow();
        assertThat(customer.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(customer.fields())
                .containsEntry("name", FieldStatus.MATCH)
                .containsEntry("vars.plan", FieldStatus.MATCH);
        assertThat(update.context().orElseThrow().threadStartedAt()).isEqualTo(Fixtures.THREAD_START);
    }

    @Test
    void sessionFieldsUpdateWithoutActiveChatStillRebuildsTheCustomer() {
        send(edit(
                "customer_session_fields_updated.v3.6.json",
                r -> ((ObjectNode) r.get("payload")).remove("active_chat")));

        assertThat(recorder.last().customer().orElseThrow().status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(recorder.last().context()).isEmpty();
    }

    @Test
    void customerAddedToChatIsRebuiltFromTheUserObject() {
        String token = Fixtures.token(ANDERSON);
        String body = "{\"webhook_id\":\"w\",\"secret_key\":\"" + SECRET + "\",\"action\":\"user_added_to_chat\","
                + "\"organization_id\":\"" + Fixtures.ORGANIZATION + "\",\"payload\":{\"chat_id\":\"PJ0MRSHTDG\","
                + "\"thread_id\":\"K600PKZON8\",\"user\":{\"id\":\"b7eff798\",\"type\":\"customer\",\"name\":\"Thomas Anderson\","
                + "\"email\":\"t.anderson@example.com\",\"session_fields\":[{\"lc_identity\":\"" + token + "\"}]},"
                + "\"user_type\":\"customer\",\"reason\":\"manual\",\"requester_id\":\"smith@example.com\"},\"additional_data\":{}}";

        assertThat(send(Fixtures.bytes(body)).httpStatus()).isEqualTo(200);

        WebhookEvent event = recorder.last();
        assertThat(event.payload())
                .isEqualTo(new WebhookPayload.UserAddedToChat(
                        "PJ0MRSHTDG", "K600PKZON8", "b7eff798", "customer", "manual", "smith@example.com"));
        assertThat(event.customer().orElseThrow().fields())
                .containsEntry("name", FieldStatus.MATCH)
                .containsEntry("vars.plan", FieldStatus.MISSING);
    }

    @Test
    void otherActionsArePassedOnRaw() {
        String body = "{\"webhook_id\":\"w\",\"secret_key\":\"" + SECRET + "\",\"action\":\"chat_properties_updated\","
                + "\"organization_id\":\"o\",\"payload\":{\"chat_id\":\"C\",\"properties\":{\"a\":{\"b\":1}}}}";

        assertThat(send(Fixtures.bytes(body)).httpStatus()).isEqualTo(200);

        WebhookEvent event = recorder.last();
        assertThat(event.payload()).isEqualTo(new WebhookPayload.Other("chat_properties_updated"));
        assertThat(event.rawPayload().get("properties").get("a").get("b").asInt())
                .isEqualTo(1);
        assertThat(send(Fixtures.bytes(body)).kind()).isEqualTo(WebhookOutcome.Kind.DUPLICATE);
    }

    @Test
    void handlersOfTheActionRunBeforeHandlersForAll() {
        StringBuilder order = new StringBuilder();
        LiveChatWebhooks ordered = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .handlerForAll(e -> order.append("all;"))
                .handler("chat_deactivated", e -> order.append("specific;"))
                .handler("incoming_chat", e -> order.append("wrong;"))
                .build();

        ordered.process(fixture("chat_deactivated.v3.6.json"), WebhookHeaders.none(), RECEIVED);

        assertThat(order).hasToString("specific;all;");
    }

    @Test
    void retryOfAHandledDeliveryIsAcknowledgedButNotDispatchedAgain() {
        assertThat(send(fixture("incoming_chat.v3.6.json")).kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        WebhookOutcome retry =
                webhooks.process(fixture("incoming_chat.v3.6.json"), WebhookHeaders.none(), RECEIVED.plusSeconds(20));

        assertThat(retry.kind()).isEqualTo(WebhookOutcome.Kind.DUPLICATE);
        assertThat(retry.httpStatus()).isEqualTo(200);
        assertThat(recorder.events).hasSize(1);
    }

    @Test
    void differentEventsOfOneThreadAreNotDuplicates() {
        send(fixture("incoming_event.v3.6.json"));
        send(edit(
                "incoming_event.v3.6.json",
                r -> ((ObjectNode) r.get("payload").get("event")).put("id", "K600PKZON8_4")));
        send(edit(
                "incoming_chat.v3.6.json",
                r -> ((ObjectNode) r.get("payload").get("chat").get("thread")).put("id", "NEXTTHREAD")));
        send(fixture("incoming_chat.v3.6.json"));

        assertThat(recorder.events).hasSize(4);
    }

    @Test
    void deliveryWhoseHandlerFailedIsDispatchedAgainOnRetry() {
        recorder.fail = true;
        WebhookOutcome first = send(fixture("incoming_event.v3.6.json"));
        assertThat(first.kind()).isEqualTo(WebhookOutcome.Kind.HANDLER_FAILED);
        assertThat(first.httpStatus()).isEqualTo(500);

        recorder.fail = false;
        assertThat(send(fixture("incoming_event.v3.6.json")).kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(send(fixture("incoming_event.v3.6.json")).kind()).isEqualTo(WebhookOutcome.Kind.DUPLICATE);
        assertThat(recorder.events).hasSize(2);
    }

    @Test
    void storeDownThenUpLosesNothingAndDispatchesNothingTwice() {
        store.down = true;
        WebhookOutcome duringOutage = send(fixture("incoming_chat.v3.6.json"));
        assertThat(duringOutage.kind()).isEqualTo(WebhookOutcome.Kind.STORE_UNAVAILABLE);
        assertThat(duringOutage.httpStatus()).isEqualTo(503);
        assertThat(recorder.events).isEmpty();

        store.down = false;
        store.downAfterClaim = true; // fails in the middle: after the claim, before the context is saved
        assertThat(send(fixture("incoming_chat.v3.6.json")).httpStatus()).isEqualTo(503);
        assertThat(recorder.events).isEmpty();

        store.downAfterClaim = false;
        assertThat(send(fixture("incoming_chat.v3.6.json")).kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(send(fixture("incoming_chat.v3.6.json")).kind()).isEqualTo(WebhookOutcome.Kind.DUPLICATE);
        assertThat(recorder.events).hasSize(1);
        assertThat(recorder.last().hasVerifiedCustomer()).isTrue();
    }

    @Test
    void concurrentAttemptOfTheSameDeliveryIsAskedToRetryLater() throws Exception {
        CountDownLatch inHandler = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LiveChatWebhooks slow = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .handlerForAll(e -> {
                    inHandler.countDown();
                    release.await(5, TimeUnit.SECONDS);
                })
                .build();
        Thread first =
                new Thread(() -> slow.process(fixture("chat_deactivated.v3.6.json"), WebhookHeaders.none(), RECEIVED));
        first.start();
        assertThat(inHandler.await(5, TimeUnit.SECONDS)).isTrue();

        WebhookOutcome second =
                slow.process(fixture("chat_deactivated.v3.6.json"), WebhookHeaders.none(), RECEIVED.plusSeconds(10));

        release.countDown();
        first.join();
        assertThat(second.kind()).isEqualTo(WebhookOutcome.Kind.IN_PROGRESS);
        assertThat(second.httpStatus()).isEqualTo(503);
        assertThat(slow.process(fixture("chat_deactivated.v3.6.json"), WebhookHeaders.none(), RECEIVED.plusSeconds(30))
                        .kind())
                .isEqualTo(WebhookOutcome.Kind.DUPLICATE);
    }

    @Test
    void claimOfANodeThatDiedLapsesAfterTheLease() {
        InMemoryChatContextStore memory = InMemoryChatContextStore.builder()
                .claimLease(Duration.ofSeconds(30))
                .build();

        assertThat(memory.claim("k", RECEIVED)).isEqualTo(DeliveryClaim.CLAIMED);
        assertThat(memory.claim("k", RECEIVED.plusSeconds(29))).isEqualTo(DeliveryClaim.IN_PROGRESS);
        assertThat(memory.claim("k", RECEIVED.plusSeconds(31))).isEqualTo(DeliveryClaim.CLAIMED);
        memory.complete("k", RECEIVED.plusSeconds(32));
        memory.release("k");
        assertThat(memory.claim("k", RECEIVED.plusSeconds(500))).isEqualTo(DeliveryClaim.ALREADY_DONE);
    }

    @Test
    void asynchronousDispatchAnswersQueuedAndRefusesWhenTheQueueIsFull() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Recorder after = new Recorder();
        try (LiveChatWebhooks async = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .asyncDispatch(1, 1)
                .handlerForAll(e -> {
                    running.countDown();
                    release.await(5, TimeUnit.SECONDS);
                })
                .handlerForAll(after)
                .build()) {
            assertThat(async.process(fixture("incoming_chat.v3.6.json"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.QUEUED);
            assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(async.process(fixture("incoming_event.v3.6.json"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.QUEUED);
            WebhookOutcome full = async.process(fixture("chat_deactivated.v3.6.json"), WebhookHeaders.none(), RECEIVED);
            assertThat(full.kind()).isEqualTo(WebhookOutcome.Kind.QUEUE_FULL);
            assertThat(full.httpStatus()).isEqualTo(503);
            release.countDown();
        }
        assertThat(after.events).extracting(WebhookEvent::action).containsExactly("incoming_chat", "incoming_event");
        // the refused delivery was released: its retry is processed
        assertThat(webhooks.process(fixture("chat_deactivated.v3.6.json"), WebhookHeaders.none(), RECEIVED)
                        .kind())
                .isEqualTo(WebhookOutcome.Kind.HANDLED);
    }

    @Test
    void dispatchOnAGivenExecutorRunsThereAnswersQueueFullWhenItRefusesAndIsNotShutDownByClose() throws Exception {
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newSingleThreadExecutor(r -> new Thread(r, "app-task-1"));
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch ran = new CountDownLatch(1);
        boolean[] refuse = {false};
        java.util.concurrent.Executor executor = task -> {
            if (refuse[0]) {
                throw new java.util.concurrent.RejectedExecutionException("busy");
            }
            pool.execute(task);
        };
        try (LiveChatWebhooks async = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .asyncDispatch(executor)
                .handlerForAll(e -> {
                    threads.add(Thread.currentThread().getName());
                    ran.countDown();
                })
                .build()) {
            assertThat(async.process(fixture("incoming_chat.v3.6.json"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.QUEUED);
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
            refuse[0] = true;
            assertThat(async.process(fixture("incoming_event.v3.6.json"), WebhookHeaders.none(), RECEIVED)
                            .kind())
                    .isEqualTo(WebhookOutcome.Kind.QUEUE_FULL);
        }
        assertThat(threads).containsExactly("app-task-1");
        assertThat(pool.isShutdown()).as("the executor's owner shuts it down").isFalse();
        pool.shutdown();
    }

    @Test
    void builderNamesTheMissingSetting() {
        assertThatThrownBy(() -> LiveChatWebhooks.builder()
                        .authenticator(WebhookAuthenticator.secretKey(SECRET))
                        .identityKeys(KEYS)
                        .build())
                .hasMessageContaining("audience");
        assertThatThrownBy(() -> LiveChatWebhooks.builder()
                        .authenticator(WebhookAuthenticator.secretKey(SECRET))
                        .audience("1")
                        .build())
                .hasMessageContaining("identity keys");
        assertThatThrownBy(() -> LiveChatWebhooks.builder()
                        .identityKeys(KEYS)
                        .audience("1")
                        .build())
                .hasMessageContaining("authenticator");
        assertThatThrownBy(() -> WebhookAuthenticator.secretKey(" "))
                .hasMessageContaining("secret key must not be blank");
    }
}
