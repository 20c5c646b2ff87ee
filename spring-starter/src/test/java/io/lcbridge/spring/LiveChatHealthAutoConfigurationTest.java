package io.lcbridge.spring;

import io.lcbridge.livechat.api.LiveChatApiClient;
import io.lcbridge.livechat.api.WebhookRegistration;
import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.testsupport.livechat.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook registration's health indicator: present only when it can mean something, and telling the truth. */
final class LiveChatHealthAutoConfigurationTest {

    private static final String ACCOUNT = "d24fa41e-bc16-41b8-a15b-9ca45ff7e0cf";
    private static final String PAT = "fra:health-test-pat-123456";
    private static final String OWNER = "asXdesldiAJSq9padj";

    private FakeLiveChat fake;
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(LiveChatHealthAutoConfiguration.class));

    @BeforeEach
    void start() {
        fake = FakeLiveChat.start().requirePersonalAccessToken(ACCOUNT, PAT);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** A registration against the fake, as the starter builds it; {@code start()} is left to the test. */
    private WebhookRegistrationRunner registration(String pat, Duration retryInitial) {
        LiveChatApiClient client = LiveChatApiClient.builder()
                .apiUrl(fake.apiUrl())
                .personalAccessToken(ACCOUNT, pat)
                .build();
        return new WebhookRegistrationRunner(
                WebhookRegistration.with(client),
                new WebhookRegistration.Desired(
                        "https://app.example.com/webhooks/livechat",
                        List.of("incoming_chat", "chat_deactivated"),
                        "license",
                        OWNER),
                "webhook-secret-never-shown",
                retryInitial,
                Duration.ofMinutes(5));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within 20 s").isTrue();
    }

    @Test
    void unknownBeforeTheFirstAttemptAndUpOnceTheWebhooksAreRegistered() {
        runner.withPropertyValues("livechat.webhook.registration.enabled=true")
                .withBean(WebhookRegistrationRunner.class, () -> registration(PAT, Duration.ofSeconds(5)))
                .run(context -> {
                    HealthIndicator indicator = context.getBean(WebhookRegistrationHealthIndicator.class);
                    Health pending = indicator.health();
                    assertThat(pending.getStatus()).isEqualTo(Status.UNKNOWN);
                    assertThat(pending.getDetails()).containsEntry("registration", "PENDING");

                    WebhookRegistrationRunner registration = context.getBean(WebhookRegistrationRunner.class);
                    registration.start();
                    await(() -> registration.state().status() == WebhookRegistrationRunner.Status.REGISTERED);

                    Health up = indicator.health();
                    assertThat(up.getStatus()).isEqualTo(Status.UP);
                    assertThat(up.getDetails())
                            .containsEntry("registration", "REGISTERED")
                            .containsEntry("attempts", 1)
                            .containsEntry("actions", List.of("incoming_chat", "chat_deactivated"))
                            .doesNotContainKey("error");
                });
    }

    @Test
    void downWithLiveChatsErrorWhileAnUnreachableLiveChatIsRetried() {
        fake.failNext("list_webhooks", Fault.serverError());
        fake.failNext("list_webhooks", Fault.serverError());
        fake.failNext("list_webhooks", Fault.serverError());
        fake.failNext("list_webhooks", Fault.serverError());
        runner.withPropertyValues("livechat.webhook.registration.enabled=true")
                .withBean(WebhookRegistrationRunner.class, () -> registration(PAT, Duration.ofMinutes(1)))
                .run(context -> {
                    WebhookRegistrationRunner registration = context.getBean(WebhookRegistrationRunner.class);
                    registration.start();
                    await(() -> registration.state().status() == WebhookRegistrationRunner.Status.RETRYING);

                    Health down = context.getBean(WebhookRegistrationHealthIndicator.class)
                            .health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails())
                            .containsEntry("registration", "RETRYING")
                            .containsEntry("attempts", 1);
                    assertThat(String.valueOf(down.getDetails().get("error"))).contains("configuration/list_webhooks");
                });
    }

    @Test
    void downAfterARefusedTokenWithoutShowingTheTokenOrTheSecret() {
        runner.withPropertyValues("livechat.webhook.registration.enabled=true")
                .withBean(WebhookRegistrationRunner.class, () -> registration("fra:wrong-token", Duration.ofSeconds(5)))
                .run(context -> {
                    WebhookRegistrationRunner registration = context.getBean(WebhookRegistrationRunner.class);
                    registration.start();
                    await(() -> registration.state().status() == WebhookRegistrationRunner.Status.FAILED);

                    Health down = context.getBean(WebhookRegistrationHealthIndicator.class)
                            .health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("registration", "FAILED");
                    assertThat(String.valueOf(down.getDetails().get("error"))).contains("authentication");
                    assertThat(down.toString())
                            .doesNotContain("fra:wrong-token")
                            .doesNotContain("webhook-secret-never-shown");
                });
    }

    @Test
    void noIndicatorWhenRegistrationIsNotEnabled() {
        runner.withBean(WebhookRegistrationRunner.class, () -> registration(PAT, Duration.ofSeconds(5)))
                .run(context ->
                        assertThat(context).hasNotFailed().doesNotHaveBean(WebhookRegistrationHealthIndicator.class));
    }

    @Test
    void noIndicatorWithoutSpringBootHealthOnTheClassPath() {
        runner.withPropertyValues("livechat.webhook.registration.enabled=true")
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class))
                .withBean(WebhookRegistrationRunner.class, () -> registration(PAT, Duration.ofSeconds(5)))
                .run(context ->
                        assertThat(context).hasNotFailed().doesNotHaveBean(WebhookRegistrationHealthIndicator.class));
    }

    @Test
    void theManagementPropertyTurnsTheIndicatorOff() {
        runner.withPropertyValues(
                        "livechat.webhook.registration.enabled=true",
                        "management.health.livechat-webhook-registration.enabled=false")
                .withBean(WebhookRegistrationRunner.class, () -> registration(PAT, Duration.ofSeconds(5)))
                .run(context ->
                        assertThat(context).hasNotFailed().doesNotHaveBean(WebhookRegistrationHealthIndicator.class));
    }

    @Test
    void theStartersOwnRegistrationGetsTheIndicator() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        LiveChatAutoConfiguration.class,
                        LiveChatWebhookAutoConfiguration.class,
                        LiveChatApiAutoConfiguration.class,
                        LiveChatHealthAutoConfiguration.class))
                .withPropertyValues(
                        "livechat.license=12345678",
                        "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET,
                        "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY,
                        "livechat.api.url=" + fake.apiUrl(),
                        "livechat.api.account-id=" + ACCOUNT,
                        "livechat.api.personal-access-token=" + PAT,
                        "livechat.webhook.registration.enabled=true",
                        "livechat.webhook.registration.public-url=https://app.example.com/webhooks/livechat",
                        "livechat.webhook.registration.owner-client-id=" + OWNER)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(WebhookRegistrationHealthIndicator.class);
                    assertThat(context.getBean(WebhookRegistrationHealthIndicator.class)
                                    .health()
                                    .getStatus())
                            .isEqualTo(Status.UNKNOWN);
                });
    }
}
