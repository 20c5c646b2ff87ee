package io.lcbridge.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The bridge's actuator health indicators, when the app has Spring Boot's health support
 * ({@code spring-boot-health}, e.g. through {@code spring-boot-starter-actuator}): the state of the
 * start-up webhook registration ({@link WebhookRegistrationHealthIndicator}), when
 * {@code livechat.webhook.registration.enabled=true}. Turn it off with
 * {@code management.health.livechat-webhook-registration.enabled=false}.
 */
@AutoConfiguration(after = LiveChatApiAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
public class LiveChatHealthAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBooleanProperty(name = "livechat.webhook.registration.enabled")
    @ConditionalOnBean(WebhookRegistrationRunner.class)
    @ConditionalOnEnabledHealthIndicator("livechat-webhook-registration")
    WebhookRegistrationHealthIndicator liveChatWebhookRegistrationHealthIndicator(
            WebhookRegistrationRunner registration) {
        return new WebhookRegistrationHealthIndicator(registration);
    }
}
