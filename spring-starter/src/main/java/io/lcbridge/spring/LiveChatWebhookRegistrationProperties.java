package io.lcbridge.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Registration of the app's webhooks in LiveChat at start-up, bound to
 * {@code livechat.webhook.registration.*}.
 *
 * @param enabled Whether the webhooks are registered once the application is ready (only what is missing; start-up never fails because of it). Needs livechat.api.account-id, livechat.api.personal-access-token and livechat.webhook.secret-keys.
 * @param publicUrl Public URL of the webhook endpoint as LiveChat reaches it, e.g. https://app.example.com/webhooks/livechat.
 * @param actions Webhook actions to register.
 * @param ownerClientId Client ID of the LiveChat app that owns the webhooks.
 * @param type Webhook type: license or bot.
 * @param retryInitial First wait after a failed registration; it doubles up to retry-max.
 * @param retryMax Longest wait between registration attempts.
 */
@ConfigurationProperties("livechat.webhook.registration")
public record LiveChatWebhookRegistrationProperties(
        @DefaultValue("false") boolean enabled,
        String publicUrl,
        @DefaultValue({"incoming_chat", "chat_deactivated"}) List<String> actions,
        String ownerClientId,
        @DefaultValue("license") String type,
        @DefaultValue("5s") Duration retryInitial,
        @DefaultValue("5m") Duration retryMax) {}
