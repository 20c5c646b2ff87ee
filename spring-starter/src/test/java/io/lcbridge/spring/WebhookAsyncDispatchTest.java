package io.lcbridge.spring;

import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookHeaders;
import io.lcbridge.verifier.WebhookOutcome;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code livechat.webhook.async-dispatch}: listeners on the request thread by default, on Boot's executor when on. */
final class WebhookAsyncDispatchTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    TaskExecutionAutoConfiguration.class,
                    LiveChatAutoConfiguration.class,
                    LiveChatWebhookAutoConfiguration.class))
            .withUserConfiguration(ThreadRecorder.class)
            .withPropertyValues("livechat.license=12345678", "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY);

    @Test
    void byDefaultListenersRunOnTheRequestThreadBeforeTheAnswer() {
        runner.run(context -> {
            WebhookOutcome outcome = context.getBean(LiveChatWebhooks.class)
                    .process(TestWebhooks.incomingChat("x.y.z", null, null), WebhookHeaders.none(), Instant.now());

            assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
            assertThat(context.getBean(ThreadRecorder.class).threads)
                    .containsExactly(Thread.currentThread().getName());
        });
    }

    @Test
    void whenOnListenersRunOnTheApplicationTaskExecutorAndTheDeliveryIsAnsweredQueued() {
        runner.withPropertyValues(
                        "livechat.webhook.async-dispatch=true", "spring.task.execution.thread-name-prefix=app-")
                .run(context -> {
                    ThreadRecorder recorder = context.getBean(ThreadRecorder.class);
                    WebhookOutcome outcome = context.getBean(LiveChatWebhooks.class)
                            .process(
                                    TestWebhooks.incomingChat("x.y.z", null, null),
                                    WebhookHeaders.none(),
                                    Instant.now());

                    assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.QUEUED);
                    assertThat(outcome.httpStatus()).isEqualTo(200);
                    assertThat(recorder.delivered.await(10, TimeUnit.SECONDS)).isTrue();
                    assertThat(recorder.threads).singleElement().asString().startsWith("app-");
                });
    }

    @Test
    void whenOnWithoutATaskExecutorStartUpFailsNamingTheProperty() {
        new WebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class))
                .withPropertyValues(
                        "livechat.license=12345678",
                        "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY,
                        "livechat.webhook.async-dispatch=true")
                .run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis =
                            new LiveChatPropertyFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("'livechat.webhook.async-dispatch'")
                            .contains("applicationTaskExecutor");
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ThreadRecorder {
        final List<String> threads = new CopyOnWriteArrayList<>();
        final CountDownLatch delivered = new CountDownLatch(1);

        @EventListener
        void on(LiveChatWebhookEvent event) {
            threads.add(Thread.currentThread().getName());
            delivered.countDown();
        }
    }
}
