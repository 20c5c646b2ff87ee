package io.lcbridge.spring;

import io.lcbridge.livechat.api.AgentNotes;
import io.lcbridge.livechat.api.LiveChatApiClient;
import io.lcbridge.livechat.api.NoteTemplate;
import io.lcbridge.livechat.api.WebhookRegistration;
import io.lcbridge.verifier.ChatContextStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.function.ToDoubleFunction;

/**
 * LiveChat's Platform API in the app: a {@link LiveChatApiClient} when {@code livechat.api.*}
 * credentials are set, {@link AgentNotes} with {@code livechat.agent-notes.enabled=true} (picked
 * up by the webhook endpoint as a handler) and the start-up webhook registration with
 * {@code livechat.webhook.registration.enabled=true}.
 */
@AutoConfiguration(
        after = {LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class},
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass(LiveChatApiClient.class)
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
@EnableConfigurationProperties({
    LiveChatApiProperties.class,
    LiveChatAgentNotesProperties.class,
    LiveChatWebhookRegistrationProperties.class
})
public class LiveChatApiAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(name = "livechat.api.personal-access-token")
    public LiveChatApiClient liveChatApiClient(LiveChatApiProperties api) {
        if (api.accountId() == null || api.accountId().isBlank()) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.api.account-id",
                    "is not set but livechat.api.personal-access-token is",
                    "Set it to the Account ID shown next to the Personal Access Token in LiveChat's Developer Console.");
        }
        LiveChatApiClient.Builder builder = LiveChatApiClient.builder();
        LiveChatSettings.apply("livechat.api.url", () -> builder.apiUrl(api.url()));
        LiveChatSettings.apply("livechat.api.request-timeout", () -> builder.requestTimeout(api.requestTimeout()));
        return builder.personalAccessToken(api.accountId(), api.personalAccessToken())
                .build();
    }

    /** Internal notes with the verdict, when asked for and the webhook endpoint exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "livechat.agent-notes.enabled")
    @ConditionalOnBean(ChatContextStore.class)
    static class AgentNotesConfiguration {

        @Bean
        @ConditionalOnMissingBean
        AgentNotes liveChatAgentNotes(
                ObjectProvider<LiveChatApiClient> client,
                ChatContextStore store,
                ObjectProvider<NoteTemplate> template) {
            LiveChatApiClient api = client.getIfAvailable();
            if (api == null) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.api.personal-access-token",
                        "is not set but livechat.agent-notes.enabled is true",
                        "Set livechat.api.account-id and livechat.api.personal-access-token (scope chats--all:rw),"
                                + " or declare a LiveChatApiClient bean.");
            }
            return AgentNotes.builder(api, store)
                    .template(template.getIfAvailable(NoteTemplate::defaults))
                    .build();
        }
    }

    /** Start-up registration of the webhooks, when asked for. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(name = "livechat.webhook.registration.enabled")
    static class RegistrationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        WebhookRegistrationRunner liveChatWebhookRegistration(
                ObjectProvider<LiveChatApiClient> client,
                LiveChatWebhookRegistrationProperties registration,
                LiveChatProperties properties) {
            LiveChatApiClient api = client.getIfAvailable();
            if (api == null) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.api.personal-access-token",
                        "is not set but livechat.webhook.registration.enabled is true",
                        "Set livechat.api.account-id and livechat.api.personal-access-token (scope"
                                + " webhooks.configuration:rw), or declare a LiveChatApiClient bean.");
            }
            if (properties.webhook().secretKeys().isEmpty()) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.webhook.secret-keys",
                        "is empty but livechat.webhook.registration.enabled is true",
                        "Set the secret LiveChat should send with every webhook.");
            }
            if (registration.publicUrl() == null || registration.publicUrl().isBlank()) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.webhook.registration.public-url",
                        "is not set",
                        "Set the public URL LiveChat posts to, e.g. https://app.example.com"
                                + properties.webhook().path());
            }
            if (registration.ownerClientId() == null
                    || registration.ownerClientId().isBlank()) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.webhook.registration.owner-client-id",
                        "is not set",
                        "Set the Client ID of your LiveChat app (Developer Console).");
            }
            WebhookRegistration.Desired[] desired = new WebhookRegistration.Desired[1];
            LiveChatSettings.apply(
                    "livechat.webhook.registration.actions",
                    () -> desired[0] = new WebhookRegistration.Desired(
                            registration.publicUrl(),
                            registration.actions(),
                            registration.type(),
                            registration.ownerClientId()));
            return new WebhookRegistrationRunner(
                    WebhookRegistration.with(api),
                    desired[0],
                    properties.webhook().secretKeys().get(0),
                    registration.retryInitial(),
                    registration.retryMax());
        }
    }

    /** Meters of the notes and the registration, when Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class ApiMetricsConfiguration {

        @Bean
        Object liveChatApiMeters(
                MeterRegistry registry,
                ObjectProvider<AgentNotes> notes,
                ObjectProvider<WebhookRegistrationRunner> registration) {
            notes.ifAvailable(n -> {
                counter(registry, n, "sent", c -> c.counts().sent());
                counter(registry, n, "skipped", c -> c.counts().skipped());
                counter(registry, n, "retried", c -> c.counts().retried());
                counter(registry, n, "failed", c -> c.counts().failed());
                counter(registry, n, "dropped", c -> c.counts().dropped());
            });
            registration.ifAvailable(r -> Gauge.builder(
                            "lcbridge.webhook.registration",
                            r,
                            x -> x.state().status() == WebhookRegistrationRunner.Status.REGISTERED ? 1 : 0)
                    .description("1 once the app's LiveChat webhooks are registered, else 0")
                    .register(registry));
            return new Object();
        }

        private static void counter(
                MeterRegistry registry, AgentNotes notes, String outcome, ToDoubleFunction<AgentNotes> count) {
            FunctionCounter.builder("lcbridge.agent.notes", notes, count)
                    .tag("outcome", outcome)
                    .description("Internal notes with the identity verdict, by outcome")
                    .register(registry);
        }
    }
}
