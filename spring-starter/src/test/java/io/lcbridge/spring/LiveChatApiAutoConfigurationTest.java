package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.livechat.api.AgentNotes;
import io.lcbridge.livechat.api.LiveChatApiClient;
import io.lcbridge.livechat.api.NoteTemplate;
import io.lcbridge.livechat.api.WebhookRegistration;
import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.testsupport.livechat.Fault;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code livechat.api.*}, {@code livechat.agent-notes.enabled} and {@code livechat.webhook.registration.*} against a fake LiveChat. */
final class LiveChatApiAutoConfigurationTest {

    private static final String ACCOUNT = "d24fa41e-bc16-41b8-a15b-9ca45ff7e0cf";
    private static final String PAT = "fra:starter-test-pat-123456";
    private static final String OWNER = "asXdesldiAJSq9padj";
    private static final Instant THREAD_START = Instant.parse("2026-11-20T11:42:47.383Z");

    private FakeLiveChat fake;
    private WebApplicationContextRunner runner;

    @BeforeEach
    void start() {
        fake = FakeLiveChat.start().requirePersonalAccessToken(ACCOUNT, PAT);
        runner = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        LiveChatAutoConfiguration.class,
                        LiveChatWebhookAutoConfiguration.class,
                        LiveChatApiAutoConfiguration.class))
                .withPropertyValues(
                        "livechat.license=12345678",
                        "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET,
                        "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY,
                        "livechat.api.url=" + fake.apiUrl(),
                        "livechat.api.account-id=" + ACCOUNT);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private static byte[] incomingChat() {
        String token = IdentitySigner.builder(IdentityKeySet.fromHs256Secret(TestWebhooks.SIGNING_SECRET), "12345678")
                .clock(Clock.fixed(THREAD_START.minusSeconds(300), ZoneOffset.UTC))
                .lifetime(Duration.ofHours(12))
                .build()
                .sign(CustomerIdentity.builder("user-42")
                        .name("Thomas Anderson")
                        .email("t.anderson@example.com")
                        .build())
                .token();
        return TestWebhooks.incomingChat(token, "Thomas Anderson", "t.anderson@example.com");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(condition.getAsBoolean()).as("condition within 20 s").isTrue();
    }

    @Test
    void nothingOfTheApiWithoutAToken() {
        runner.withPropertyValues("livechat.agent-notes.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(LiveChatApiClient.class)
                        .doesNotHaveBean(AgentNotes.class)
                        .doesNotHaveBean(WebhookRegistrationRunner.class));
    }

    @Test
    void agentNotesPostTheVerdictIntoTheChat() {
        runner.withPropertyValues("livechat.api.personal-access-token=" + PAT, "livechat.agent-notes.enabled=true")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(AgentNotes.class);
                    LiveChatWebhooks webhooks = context.getBean(LiveChatWebhooks.class);

                    assertThat(webhooks.process(incomingChat(), WebhookHeaders.none(), THREAD_START.plusSeconds(60))
                                    .kind()
                                    .httpStatus())
                            .isEqualTo(200);

                    await(() -> fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID).size() == 1);
                    JsonNode note = fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID).get(0);
                    assertThat(note.get("visibility").asString()).isEqualTo("agents");
                    assertThat(note.get("text").asString())
                            .isEqualTo("Identity verified: Thomas Anderson <t.anderson@example.com>");
                });
    }

    @Test
    void anAppTemplateReplacesTheWording() {
        runner.withPropertyValues("livechat.api.personal-access-token=" + PAT, "livechat.agent-notes.enabled=true")
                .withBean(NoteTemplate.class, () -> e -> "Checked by ACME: " + e.hasVerifiedCustomer())
                .run(context -> {
                    context.getBean(LiveChatWebhooks.class)
                            .process(incomingChat(), WebhookHeaders.none(), THREAD_START.plusSeconds(60));
                    await(() -> fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID).size() == 1);
                    assertThat(fake.sentEvents(FakeLiveChat.SAMPLE_CHAT_ID)
                                    .get(0)
                                    .get("text")
                                    .asString())
                            .isEqualTo("Checked by ACME: true");
                });
    }

    @Test
    void agentNotesWithoutATokenFailStartUpNamingTheProperty() {
        runner.withPropertyValues("livechat.agent-notes.enabled=true")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("livechat.api.personal-access-token"));
    }

    @Test
    void aTokenWithoutAccountIdFailsStartUpNamingTheProperty() {
        new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiveChatApiAutoConfiguration.class))
                .withPropertyValues("livechat.api.personal-access-token=" + PAT)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("livechat.api.account-id")
                        .hasMessageNotContaining(PAT));
    }

    @Test
    void registrationRegistersTheMissingWebhooksOnceReady() {
        runner.withPropertyValues(
                        "livechat.api.personal-access-token=" + PAT,
                        "livechat.webhook.registration.enabled=true",
                        "livechat.webhook.registration.public-url=https://app.example.com/webhooks/livechat",
                        "livechat.webhook.registration.owner-client-id=" + OWNER)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    WebhookRegistrationRunner registration = context.getBean(WebhookRegistrationRunner.class);
                    assertThat(fake.calls()).isEmpty();

                    registration.start();

                    await(() -> registration.state().status() == WebhookRegistrationRunner.Status.REGISTERED);
                    assertThat(registration.state().webhooks())
                            .extracting(WebhookRegistration.Entry::action)
                            .containsExactly("incoming_chat", "chat_deactivated");
                    assertThat(fake.webhooks()).hasSize(2).allSatisfy(w -> {
                        assertThat(w.get("secret_key").asString()).isEqualTo(TestWebhooks.SECRET_KEY);
                        assertThat(w.get("url").asString()).isEqualTo("https://app.example.com/webhooks/livechat");
                    });
                    assertThat(context.getBean(MeterRegistry.class)
                                    .get("lcbridge.webhook.registration")
                                    .gauge()
                                    .value())
                            .isEqualTo(1.0);
                });
    }

    @Test
    void anUnreachableLiveChatNeverFailsStartUpAndIsRetried() {
        fake.failNext("list_webhooks", Fault.serverError());
        fake.failNext("list_webhooks", Fault.serverError());
        fake.failNext("list_webhooks", Fault.serverError());
        fake.failNext("list_webhooks", Fault.serverError());
        runner.withPropertyValues(
                        "livechat.api.personal-access-token=" + PAT,
                        "livechat.webhook.registration.enabled=true",
                        "livechat.webhook.registration.public-url=https://app.example.com/webhooks/livechat",
                        "livechat.webhook.registration.owner-client-id=" + OWNER,
                        "livechat.webhook.registration.actions=incoming_chat",
                        "livechat.webhook.registration.retry-initial=100ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    WebhookRegistrationRunner registration = context.getBean(WebhookRegistrationRunner.class);

                    registration.start();

                    await(() -> registration.state().status() == WebhookRegistrationRunner.Status.RETRYING);
                    assertThat(registration.state().lastError()).contains("configuration/list_webhooks");
                    await(() -> registration.state().status() == WebhookRegistrationRunner.Status.REGISTERED);
                    assertThat(registration.state().attempts()).isEqualTo(2);
                    assertThat(fake.webhooks()).hasSize(1);
                });
    }

    @Test
    void aRejectedTokenStopsTheRegistrationWithoutFailingStartUp() {
        runner.withPropertyValues(
                        "livechat.api.personal-access-token=fra:wrong",
                        "livechat.webhook.registration.enabled=true",
                        "livechat.webhook.registration.public-url=https://app.example.com/webhooks/livechat",
                        "livechat.webhook.registration.owner-client-id=" + OWNER)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    WebhookRegistrationRunner registration = context.getBean(WebhookRegistrationRunner.class);
                    registration.start();
                    await(() -> registration.state().status() == WebhookRegistrationRunner.Status.FAILED);
                    assertThat(registration.state().lastError()).contains("authentication");
                    assertThat(fake.calls("list_webhooks")).hasSize(1);
                });
    }

    @Test
    void registrationWithoutPublicUrlFailsStartUpNamingTheProperty() {
        runner.withPropertyValues(
                        "livechat.api.personal-access-token=" + PAT,
                        "livechat.webhook.registration.enabled=true",
                        "livechat.webhook.registration.owner-client-id=" + OWNER)
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("livechat.webhook.registration.public-url"));
    }

    @Test
    void theTokenNeverShowsInTheProperties() {
        assertThat(new LiveChatApiProperties("https://api.livechatinc.com", ACCOUNT, PAT, Duration.ofSeconds(1))
                        .toString())
                .doesNotContain(PAT);
    }
}
