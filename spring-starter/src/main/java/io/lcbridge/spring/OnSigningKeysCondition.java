package io.lcbridge.spring;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when identity signing keys are configured: {@code livechat.signing.secret} or
 * {@code livechat.signing.jwk-set}. Without either, the bridge runs without identities: the loader for everyone.
 */
class OnSigningKeysCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Environment environment = context.getEnvironment();
        if (hasText(environment, LiveChatSettings.SECRET) || hasText(environment, LiveChatSettings.JWK_SET)) {
            return ConditionOutcome.match("identity signing keys are configured");
        }
        return ConditionOutcome.noMatch(
                "neither " + LiveChatSettings.SECRET + " nor " + LiveChatSettings.JWK_SET + " is set");
    }

    private static boolean hasText(Environment environment, String property) {
        String value = environment.getProperty(property);
        return value != null && !value.isBlank();
    }
}
