package io.lcbridge.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.List;

/**
 * Matches when a webhook secret is configured: {@code livechat.webhook.secret-keys} or
 * {@code livechat.webhook.signature-secrets} (or its deprecated name {@code livechat.webhook.hmac-secrets}), in any form a list can be given (comma-separated or
 * indexed). Without one, deliveries could not be authenticated, so no endpoint is registered.
 */
class OnWebhookSecretCondition extends SpringBootCondition {

    private static final Bindable<List<String>> STRINGS = Bindable.listOf(String.class);

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Binder binder = Binder.get(context.getEnvironment());
        boolean secretKeys = binder.bind("livechat.webhook.secret-keys", STRINGS)
                .map(l -> !l.isEmpty())
                .orElse(false);
        boolean signatureSecrets = binder.bind("livechat.webhook.signature-secrets", STRINGS)
                        .map(l -> !l.isEmpty())
                        .orElse(false)
                || binder.bind("livechat.webhook.hmac-secrets", STRINGS)
                        .map(l -> !l.isEmpty())
                        .orElse(false);
        if (secretKeys || signatureSecrets) {
            return ConditionOutcome.match("a LiveChat webhook secret is set");
        }
        return ConditionOutcome.noMatch(
                "neither livechat.webhook.secret-keys nor livechat.webhook.signature-secrets is set");
    }
}
