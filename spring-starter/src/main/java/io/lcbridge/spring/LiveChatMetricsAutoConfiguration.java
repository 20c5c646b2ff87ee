package io.lcbridge.spring;

import io.lcbridge.servlet.WebhookMetrics;
import io.lcbridge.servlet.WidgetFilterMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Micrometer meters of the bridge, when the application has a {@link MeterRegistry}:
 * <ul>
 *   <li>{@code lcbridge.widget.snippets} and {@code lcbridge.widget.failures} (counters): see
 *       {@link MicrometerWidgetFilterMetrics};</li>
 *   <li>{@code lcbridge.webhook.events} (counter): authentic webhooks dispatched, by {@code action}
 *       and {@code verification} (the customer's token status), counted by {@link MicrometerWebhookMetrics},
 *       the starter's {@link WebhookMetrics}.</li>
 * </ul>
 * Requests to the webhook endpoint are timed by their observation, {@code lcbridge.webhook.deliveries}
 * ({@link LiveChatObservationAutoConfiguration}).
 */
@AutoConfiguration(
        after = {LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class},
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
public class LiveChatMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(WidgetFilterMetrics.class)
    MicrometerWidgetFilterMetrics liveChatWidgetFilterMetrics(MeterRegistry registry) {
        return new MicrometerWidgetFilterMetrics(registry);
    }

    /** Webhook meters, when the webhook endpoint is registered. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(name = LiveChatWebhookAutoConfiguration.SERVLET_NAME)
    static class WebhookMetricsConfiguration {

        @Bean
        @ConditionalOnMissingBean(WebhookMetrics.class)
        MicrometerWebhookMetrics liveChatWebhookMetrics(MeterRegistry registry) {
            return new MicrometerWebhookMetrics(registry);
        }
    }
}
