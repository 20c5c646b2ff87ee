package io.lcbridge.livechat.api;

import io.lcbridge.testsupport.livechat.Fault;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** LiveChat's error envelope, rate limits and server errors: what is retried, what is reported. */
class ErrorsAndRetriesTest extends FakeBacked {

    private static final String BASIC_VALUE =
            Base64.getEncoder().encodeToString((ACCOUNT_ID + ":" + PAT).getBytes(StandardCharsets.UTF_8));

    @Test
    void aRejectedTokenNamesMethodAndTypeButNeverTheToken() {
        LiveChatApiClient wrong = LiveChatApiClient.builder()
                .apiUrl(fake.apiUrl())
                .personalAccessToken(ACCOUNT_ID, "fra:wrong-token-value")
                .build();

        assertThatThrownBy(() -> wrong.listWebhooks(OWNER)).isInstanceOfSatisfying(LiveChatApiException.class, e -> {
            assertThat(e.method()).isEqualTo("configuration/list_webhooks");
            assertThat(e.errorType()).isEqualTo("authentication");
            assertThat(e.httpStatus()).isEqualTo(401);
            assertThat(e.isTransient()).isFalse();
            assertThat(e.getMessage())
                    .isEqualTo("LiveChat configuration/list_webhooks failed: authentication (HTTP 401): "
                            + "Invalid access token")
                    .doesNotContain("wrong-token-value");
        });
        assertThat(fake.calls("list_webhooks")).hasSize(1);
    }

    @Test
    void aMessageEchoingTheTokenIsRedacted() {
        fake.failNext("list_webhooks", Fault.error(400, "validation", "bad token " + PAT + " / " + BASIC_VALUE));

        assertThatThrownBy(() -> client.listWebhooks(OWNER)).isInstanceOfSatisfying(LiveChatApiException.class, e -> {
            assertThat(e.getMessage())
                    .doesNotContain(PAT)
                    .doesNotContain(BASIC_VALUE)
                    .contains("(redacted)");
            assertThat(e.liveChatMessage()).doesNotContain(PAT);
        });
    }

    @Test
    void forbiddenIsAuthorization() {
        fake.failNext("send_event", Fault.forbidden());

        assertThatThrownBy(() -> client.sendEvent("C1", Event.internalNote("x")))
                .isInstanceOfSatisfying(LiveChatApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("authorization");
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("agent/send_event");
                });
        assertThat(fake.calls("send_event")).hasSize(1);
    }

    @Test
    void aRateLimitIsWaitedOutAsLiveChatAsksAndRetried() {
        fake.failNext("list_webhooks", Fault.tooManyRequests(1));

        long start = System.nanoTime();
        assertThat(client.listWebhooks(OWNER)).isEmpty();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(fake.calls("list_webhooks")).hasSize(2);
        Duration gap = Duration.between(
                fake.calls("list_webhooks").get(0).at(),
                fake.calls("list_webhooks").get(1).at());
        assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void aRateLimitIsRetriedEvenForSendEventBecauseNothingWasExecuted() {
        fake.failNext("send_event", Fault.tooManyRequests(0));

        client.sendEvent("C1", Event.internalNote("once"));

        assertThat(fake.calls("send_event")).hasSize(2);
        assertThat(fake.sentEvents("C1")).hasSize(1);
    }

    @Test
    void aServerErrorIsRetriedForReads() {
        fake.failNext("list_webhooks", Fault.serverError());
        fake.failNext("list_webhooks", Fault.badGatewayHtml());

        assertThat(client.listWebhooks(OWNER)).isEmpty();
        assertThat(fake.calls("list_webhooks")).hasSize(3);
    }

    @Test
    void aServerErrorIsNotRetriedForRegisterWebhookOrSendEvent() {
        fake.failNext("register_webhook", Fault.serverError());
        fake.failNext("send_event", Fault.serverError());

        assertThatThrownBy(() -> client.registerWebhook(
                        RegisterWebhookRequest.license("incoming_chat", "https://a.example/h", "k", OWNER)))
                .isInstanceOfSatisfying(LiveChatApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("internal");
                    assertThat(e.isTransient()).isTrue();
                });
        assertThatThrownBy(() -> client.sendEvent("C1", Event.internalNote("x")))
                .isInstanceOf(LiveChatApiException.class);

        assertThat(fake.calls("register_webhook")).hasSize(1);
        assertThat(fake.calls("send_event")).hasSize(1);
    }

    @Test
    void retriesStopAfterTheLastAttempt() {
        for (int i = 0; i < 10; i++) {
            fake.failNext("list_groups", Fault.serverError());
        }

        assertThatThrownBy(() -> client.listGroups(null))
                .isInstanceOfSatisfying(
                        LiveChatApiException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(500));
        assertThat(fake.calls("list_groups")).hasSize(4);
    }

    @Test
    void aRetryAfterLongerThanThePolicyAllowsIsReportedNotWaited() {
        fake.failNext("list_webhooks", Fault.tooManyRequests(120));

        long start = System.nanoTime();
        assertThatThrownBy(() -> client.listWebhooks(OWNER)).isInstanceOfSatisfying(LiveChatApiException.class, e -> {
            assertThat(e.errorType()).isEqualTo("too_many_requests");
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(120));
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(fake.calls("list_webhooks")).hasSize(1);
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetriedForReads() {
        fake.failNext("get_license_webhooks_state", Fault.slow(Duration.ofSeconds(6)));
        LiveChatApiClient impatient = client.withRequestTimeout(Duration.ofMillis(1500));

        assertThat(impatient.getLicenseWebhooksState(OWNER).enabled()).isTrue();
        assertThat(fake.calls("get_license_webhooks_state")).hasSize(2);
    }

    @Test
    void aSlowAnswerToSendEventIsATransportFailureNotARetry() {
        fake.failNext("send_event", Fault.slow(Duration.ofSeconds(6)));
        LiveChatApiClient impatient = client.withRequestTimeout(Duration.ofMillis(1500));

        assertThatThrownBy(() -> impatient.sendEvent("C1", Event.internalNote("x")))
                .isInstanceOfSatisfying(LiveChatApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(LiveChatApiException.TRANSPORT);
                    assertThat(e.httpStatus()).isZero();
                    assertThat(e.getMessage()).contains("agent/send_event").contains("1500 ms");
                });
        assertThat(fake.calls("send_event")).hasSize(1);
    }

    @Test
    void anAnswerThatIsNotAnEnvelopeSaysSo() {
        fake.failNext("get_customer", Fault.badGatewayHtml());
        LiveChatApiClient once = client.withRetryPolicy(RetryPolicy.none());

        assertThatThrownBy(() -> once.getCustomer("x")).isInstanceOfSatisfying(LiveChatApiException.class, e -> {
            assertThat(e.errorType()).isEqualTo(LiveChatApiException.UNEXPECTED_RESPONSE);
            assertThat(e.httpStatus()).isEqualTo(502);
        });
    }

    @Test
    void theBearerSupplierIsAskedOnEveryAttempt() {
        AtomicInteger asked = new AtomicInteger();
        fake.requireBearer("token-2");
        fake.failNext("list_groups", Fault.serverError());
        LiveChatApiClient bot = LiveChatApiClient.builder()
                .apiUrl(fake.apiUrl())
                .bearerToken(() -> "token-" + asked.incrementAndGet())
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofSeconds(1)))
                .build();

        assertThat(bot.listGroups(null)).hasSize(2);
        assertThat(fake.calls("list_groups"))
                .extracting(c -> c.authorization())
                .containsExactly("Bearer token-1", "Bearer token-2");
    }

    @Test
    void anUnreachableLiveChatIsATransportFailure() {
        java.net.URI gone = fake.apiUrl();
        fake.close();
        LiveChatApiClient once = LiveChatApiClient.builder()
                .apiUrl(gone)
                .personalAccessToken(ACCOUNT_ID, PAT)
                .retryPolicy(RetryPolicy.none())
                .build();

        assertThatThrownBy(() -> once.listWebhooks(OWNER)).isInstanceOfSatisfying(LiveChatApiException.class, e -> {
            assertThat(e.errorType()).isEqualTo(LiveChatApiException.TRANSPORT);
            assertThat(e.getMessage()).doesNotContain(PAT);
        });
    }

    @Test
    void plainHttpIsRefusedForAnythingButLoopback() {
        assertThatThrownBy(() -> LiveChatApiClient.builder().apiUrl("http://api.livechatinc.com"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https");
        LiveChatApiClient.builder().apiUrl("http://localhost:8080");
        LiveChatApiClient.builder().apiUrl("http://[::1]:8080/");
        LiveChatApiClient.builder().apiUrl("https://api.livechatinc.com");
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        assertThat(LiveChatCredentials.personalAccessToken(ACCOUNT_ID, PAT).toString())
                .doesNotContain(PAT)
                .doesNotContain(BASIC_VALUE);
    }

    @Test
    void backoffHonoursRetryAfterWithJitterAndGrowsWithoutIt() {
        for (int i = 0; i < 50; i++) {
            Duration wait = client.backoff(1, Duration.ofSeconds(2)).orElseThrow();
            assertThat(wait).isBetween(Duration.ofSeconds(2), Duration.ofMillis(2200));
            assertThat(client.backoff(3, null).orElseThrow()).isBetween(Duration.ofMillis(20), Duration.ofMillis(40));
        }
        assertThat(client.backoff(1, Duration.ofSeconds(4))).isEmpty();
    }
}
