package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.servlet.TestContainer.Env;
import io.lcbridge.testsupport.fixtures.TestKeys;
import io.lcbridge.testsupport.fixtures.WebhookSamples;
import io.lcbridge.verifier.ChatContext;
import io.lcbridge.verifier.ChatContextStore;
import io.lcbridge.verifier.ChatContextStoreException;
import io.lcbridge.verifier.DeliveryClaim;
import io.lcbridge.verifier.InMemoryChatContextStore;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookAuthenticator;
import io.lcbridge.verifier.WebhookEvent;
import jakarta.servlet.http.HttpServlet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link LiveChatWebhookServlet} over real HTTP on a real Jetty 12.1, each case once per servlet environment (ee10 =
 * Servlet 6.0, ee11 = Servlet 6.1; {@link TestContainer.Env}).
 */
final class WebhookServletOnJettyTest {

    static final String SECRET = WebhookSamples.SECRET_KEY;
    static final String AUDIENCE = WebhookSamples.LICENSE;
    static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(TestKeys.HS256_SECRET);
    static final Instant THREAD_START = WebhookSamples.THREAD_START;
    static final Clock RECEPTION = Clock.fixed(THREAD_START.plusSeconds(60), ZoneOffset.UTC);
    static final CustomerIdentity ANDERSON = CustomerIdentity.builder("user-42")
            .name("Thomas Anderson")
            .email("t.anderson@example.com")
            .variable("plan", "enterprise")
            .build();

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final List<WebhookEvent> received = new CopyOnWriteArrayList<>();
    volatile boolean handlerFails;
    volatile boolean storeDown;

    private TestContainer container;

    /** Starts Jetty in {@code env} with {@code servlet} at {@code /livechat/webhooks}; returns the webhook's URI. */
    URI start(Env env, HttpServlet servlet) throws Exception {
        container = env.create();
        container.servlet(servlet, "/livechat/webhooks");
        return URI.create(container.start() + "/livechat/webhooks");
    }

    @AfterEach
    void stopServer() {
        if (container != null) {
            container.close();
        }
    }

    private final ChatContextStore store = new ChatContextStore() {
        private final ChatContextStore memory =
                InMemoryChatContextStore.builder().build();

        private void check() {
            if (storeDown) {
                throw new ChatContextStoreException("store is down", null);
            }
        }

        @Override
        public void save(ChatContext context) {
            check();
            memory.save(context);
        }

        @Override
        public Optional<ChatContext> find(String chatId, String threadId) {
            check();
            return memory.find(chatId, threadId);
        }

        @Override
        public DeliveryClaim claim(String deliveryKey, Instant now) {
            check();
            return memory.claim(deliveryKey, now);
        }

        @Override
        public void complete(String deliveryKey, Instant now) {
            memory.complete(deliveryKey, now);
        }

        @Override
        public void release(String deliveryKey) {
            memory.release(deliveryKey);
        }

        @Override
        public Optional<String> bindToken(String tokenId, String customerId, Instant tokenExpiresAt, Instant now) {
            check();
            return memory.bindToken(tokenId, customerId, tokenExpiresAt, now);
        }
    };

    LiveChatWebhooks.Builder webhooks() {
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .maxBodyBytes(64 * 1024)
                .handlerForAll(event -> {
                    received.add(event);
                    if (handlerFails) {
                        throw new IllegalStateException("handler failure");
                    }
                });
    }

    URI startDefault(Env env) throws Exception {
        return start(env, new LiveChatWebhookServlet(webhooks().build(), RECEPTION));
    }

    static String fixture(String name) {
        String token = IdentitySigner.builder(KEYS, AUDIENCE)
                .clock(Clock.fixed(THREAD_START.minusSeconds(60), ZoneOffset.UTC))
                .build()
                .sign(ANDERSON)
                .token();
        return WebhookSamples.withToken(name, token);
    }

    HttpResponse<String> post(URI uri, String contentType, String body) throws Exception {
        return client.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", contentType)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(URI uri, String body) throws Exception {
        return post(uri, "application/json", body);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void authenticIncomingChatIsAnswered200AndHandledWithTheVerifiedCustomer(Env env) throws Exception {
        URI uri = startDefault(env);

        HttpResponse<String> response =
                post(uri, "application/json; charset=UTF-8", fixture("incoming_chat.v3.6.json"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(received).hasSize(1);
        assertThat(received.get(0).customer().orElseThrow().status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(received.get(0).customer().orElseThrow().identity()).contains(ANDERSON);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void retryOfAHandledDeliveryIsAcknowledgedWithoutASecondDispatch(Env env) throws Exception {
        URI uri = startDefault(env);
        post(uri, fixture("incoming_chat.v3.6.json"));

        HttpResponse<String> retry = post(uri, fixture("incoming_chat.v3.6.json"));

        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo("already handled\n");
        assertThat(received).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void webhookMetricsCountDispatchedDeliveriesAndEveryAnswerInAPlainServletApp(Env env) throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch answers = new CountDownLatch(3);
        WebhookMetrics metrics = new WebhookMetrics() {
            @Override
            public void dispatched(WebhookEvent event) {
                seen.add("dispatched " + event.action() + " "
                        + event.customer().orElseThrow().status());
            }

            @Override
            public void answered(int status, String outcome, Duration elapsed) {
                assertThat(elapsed).isPositive();
                seen.add("answered " + status + " " + outcome);
                answers.countDown();
            }
        };
        LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .handlerForAll(metrics::dispatched)
                .build();
        URI uri = start(
                env,
                LiveChatWebhookServlet.builder(webhooks)
                        .clock(RECEPTION)
                        .metrics(metrics)
                        .build());

        assertThat(post(uri, fixture("incoming_chat.v3.6.json")).statusCode()).isEqualTo(200);
        assertThat(post(uri, fixture("incoming_chat.v3.6.json").replace(SECRET, "not-the-secret"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(post(uri, "text/plain", "{}").statusCode()).isEqualTo(415);

        assertThat(answers.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(seen) // an answer is counted once written, which may be just after the client has read it
                .containsExactlyInAnyOrder(
                        "dispatched incoming_chat VERIFIED",
                        "answered 200 accepted",
                        "answered 401 not_authentic",
                        "answered 415 refused");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void otherMethodsAre405(Env env) throws Exception {
        URI uri = startDefault(env);

        HttpResponse<String> get =
                client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> put = client.send(
                HttpRequest.newBuilder(uri)
                        .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).contains("POST");
        assertThat(put.statusCode()).isEqualTo(405);
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void nonJsonBodiesAre415(Env env) throws Exception {
        URI uri = startDefault(env);

        assertThat(post(uri, "text/plain", fixture("chat_deactivated.v3.6.json"))
                        .statusCode())
                .isEqualTo(415);
        assertThat(post(uri, "application/x-www-form-urlencoded", "a=b").statusCode())
                .isEqualTo(415);
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void bodiesOverTheLimitAre413WhetherDeclaredOrStreamed(Env env) throws Exception {
        URI uri = startDefault(env);
        String large = "{\"action\":\"x\",\"payload\":{\"pad\":\"" + "a".repeat(70 * 1024) + "\"}}";

        assertThat(post(uri, large).statusCode()).isEqualTo(413);
        HttpResponse<String> chunked = client.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(large.getBytes(StandardCharsets.UTF_8))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void malformedBodyIs400(Env env) throws Exception {
        URI uri = startDefault(env);

        HttpResponse<String> response = post(uri, "{\"action\":");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("body is not valid JSON within limits\n");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aSecondSecretKeyInTheBodyIs400NotLastWins(Env env) throws Exception {
        URI uri = startDefault(env);
        String body = fixture("chat_deactivated.v3.6.json")
                .replace("\"secret_key\"", "\"secret_key\": \"wrong-secret\",\n  \"secret_key\"");

        HttpResponse<String> response = post(uri, body);

        assertThat(body).contains("\"secret_key\": \"wrong-secret\"").contains(SECRET);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("duplicate member in a JSON object\n");
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void wrongSecretIs401WithoutDetail(Env env) throws Exception {
        URI uri = startDefault(env);

        HttpResponse<String> response =
                post(uri, fixture("incoming_chat.v3.6.json").replace(SECRET, "wrong-secret"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("not authentic\n");
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void storeOutageIs503AndTheRetryAfterItIsHandledOnce(Env env) throws Exception {
        URI uri = startDefault(env);
        storeDown = true;

        assertThat(post(uri, fixture("chat_deactivated.v3.6.json")).statusCode())
                .isEqualTo(503);
        assertThat(received).isEmpty();
        storeDown = false;
        assertThat(post(uri, fixture("chat_deactivated.v3.6.json")).statusCode())
                .isEqualTo(200);
        assertThat(post(uri, fixture("chat_deactivated.v3.6.json")).statusCode())
                .isEqualTo(200);
        assertThat(received).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void failingHandlerIs500AndTheRetryIsDispatchedAgain(Env env) throws Exception {
        URI uri = startDefault(env);
        handlerFails = true;

        HttpResponse<String> failed = post(uri, fixture("chat_deactivated.v3.6.json"));
        handlerFails = false;
        HttpResponse<String> retried = post(uri, fixture("chat_deactivated.v3.6.json"));

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).doesNotContain("handler failure");
        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(received).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void fullAsyncQueueIs503(Env env) throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (LiveChatWebhooks async = webhooks()
                .asyncDispatch(1, 1)
                .handler("incoming_chat", e -> {
                    running.countDown();
                    release.await(10, TimeUnit.SECONDS);
                })
                .build()) {
            URI uri = start(env, new LiveChatWebhookServlet(async, RECEPTION));
            assertThat(post(uri, fixture("incoming_chat.v3.6.json")).statusCode())
                    .isEqualTo(200);
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(post(uri, fixture("chat_deactivated.v3.6.json")).statusCode())
                    .isEqualTo(200);
            String otherThread = fixture("chat_deactivated.v3.6.json").replace("K600PKZON8", "K600PKZON9");
            HttpResponse<String> full = post(uri, otherThread);
            release.countDown();
            assertThat(full.statusCode()).isEqualTo(503);
            assertThat(full.body()).isEqualTo("dispatch queue is full; retry later\n");
        }
        assertThat(received).extracting(WebhookEvent::action).containsExactly("incoming_chat", "chat_deactivated");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void tricklingBodyIsAnswered408WithinTheReadDeadline(Env env) throws Exception {
        URI uri = start(
                env,
                LiveChatWebhookServlet.builder(webhooks().build())
                        .clock(RECEPTION)
                        .bodyReadTimeout(Duration.ofSeconds(2))
                        .build());

        SlowSender.Answer answer = SlowSender.trickle(uri, 60_000, Duration.ofMillis(100), Duration.ofSeconds(12));

        assertThat(answer.statusLine()).startsWith("HTTP/1.1 408");
        assertThat(answer.text()).contains("body not received within 2 s");
        assertThat(answer.elapsed()).isLessThan(Duration.ofMillis(2000 + 1500));
        assertThat(received).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void senderFallingSilentMidBodyIsAnswered408AtTheDeadlineNotAtTheIdleTimeout(Env env) throws Exception {
        URI uri = start(
                env,
                LiveChatWebhookServlet.builder(webhooks().build())
                        .clock(RECEPTION)
                        .bodyReadTimeout(Duration.ofSeconds(2))
                        .build());

        SlowSender.Answer answer = SlowSender.stall(uri, 60_000, 10, Duration.ofSeconds(12));

        assertThat(answer.statusLine()).startsWith("HTTP/1.1 408");
        assertThat(answer.elapsed()).isLessThan(Duration.ofMillis(2000 + 1500));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void oversizedBodyThatAlsoTricklesIsStill413(Env env) throws Exception {
        URI uri = start(
                env,
                LiveChatWebhookServlet.builder(webhooks().build())
                        .clock(RECEPTION)
                        .bodyReadTimeout(Duration.ofMillis(1500))
                        .build());
        byte[] oversized = ("{\"pad\":\"" + "a".repeat(140 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        // the first half (over the limit) at once, the rest after the deadline: still too large, not too slow
        SlowSender.Answer answer =
                SlowSender.inPieces(uri, oversized, 2, Duration.ofSeconds(5), Duration.ofSeconds(10));

        assertThat(answer.statusLine()).startsWith("HTTP/1.1 413");
        assertThat(answer.elapsed()).isLessThan(Duration.ofMillis(1500 + 1500));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void workerThatHitTheDeadlineGoesOnUninterrupted(Env env) throws Exception {
        List<Boolean> interrupted = new CopyOnWriteArrayList<>();
        URI uri = start(
                env,
                LiveChatWebhookServlet.builder(webhooks()
                                .handlerForAll(event ->
                                        interrupted.add(Thread.currentThread().isInterrupted()))
                                .build())
                        .clock(RECEPTION)
                        .bodyReadTimeout(Duration.ofSeconds(1))
                        .build());
        for (int i = 0; i < 3; i++) {
            assertThat(SlowSender.stall(uri, 60_000, 10, Duration.ofSeconds(10)).statusLine())
                    .startsWith("HTTP/1.1 408");
        }

        for (int i = 0; i < 6; i++) {
            String delivery = fixture("chat_deactivated.v3.6.json").replace("K600PKZON8", "K600PKZ" + i);
            assertThat(post(uri, delivery).statusCode()).isEqualTo(200);
        }
        assertThat(interrupted).hasSize(6).containsOnly(false);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void bodyArrivingInPiecesWithinTheDeadlineIsHandled(Env env) throws Exception {
        URI uri = start(
                env,
                LiveChatWebhookServlet.builder(webhooks().build())
                        .clock(RECEPTION)
                        .bodyReadTimeout(Duration.ofSeconds(5))
                        .build());
        byte[] body = fixture("chat_deactivated.v3.6.json").getBytes(StandardCharsets.UTF_8);

        SlowSender.Answer answer = SlowSender.inPieces(uri, body, 4, Duration.ofMillis(200), Duration.ofSeconds(10));

        assertThat(answer.statusLine()).startsWith("HTTP/1.1 200");
        assertThat(received).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void defaultReadDeadlineIs10SecondsAndAnInitParameterChangesIt(Env env) throws Exception {
        LiveChatWebhookServlet servlet = new LiveChatWebhookServlet(webhooks().build());
        assertThat(servlet.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(10));

        servlet.init(SlowSender.config(LiveChatWebhookServlet.BODY_READ_TIMEOUT_PARAMETER, "PT3S"));
        assertThat(servlet.bodyReadTimeout()).isEqualTo(Duration.ofSeconds(3));

        LiveChatWebhookServlet bad = new LiveChatWebhookServlet(webhooks().build());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> bad.init(SlowSender.config(LiveChatWebhookServlet.BODY_READ_TIMEOUT_PARAMETER, "-PT1S")))
                .isInstanceOf(jakarta.servlet.ServletException.class)
                .hasMessageContaining("bodyReadTimeout");
    }
}
