package io.lcbridge.spring;

import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Observes webhook deliveries with Micrometer's Observation API when the application has an
 * {@link ObservationRegistry} (Boot's {@code spring-boot-micrometer-observation}, part of the metrics and tracing
 * starters): one observation per request to {@code livechat.webhook.path}, named and tagged by a
 * {@link LiveChatWebhookObservationConvention} ({@link DefaultLiveChatWebhookObservationConvention} unless the
 * application declares one), from which Boot's handlers make the {@code lcbridge.webhook.deliveries} timer and, with
 * tracing, a span. It does not repeat {@code http.server.requests}: its tags are the verifier's outcome and
 * LiveChat's action, which the HTTP metric cannot know.
 */
@AutoConfiguration(
        after = LiveChatWebhookAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(value = ObservationRegistry.class, name = LiveChatWebhookAutoConfiguration.SERVLET_NAME)
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
public class LiveChatObservationAutoConfiguration {

    /** Name of the registration of the filter that observes webhook requests. */
    public static final String WEBHOOK_OBSERVATION_FILTER_NAME = "liveChatWebhookObservationFilter";

    @Bean(WEBHOOK_OBSERVATION_FILTER_NAME)
    @ConditionalOnMissingBean(name = WEBHOOK_OBSERVATION_FILTER_NAME)
    FilterRegistrationBean<WebhookObservationFilter> liveChatWebhookObservationFilter(
            ObservationRegistry registry,
            ObjectProvider<LiveChatWebhookObservationConvention> convention,
            LiveChatProperties properties) {
        FilterRegistrationBean<WebhookObservationFilter> registration =
                new FilterRegistrationBean<>(new WebhookObservationFilter(registry, convention.getIfAvailable()));
        registration.setName(WEBHOOK_OBSERVATION_FILTER_NAME);
        registration.addUrlPatterns(properties.webhook().path());
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    WebhookObservationActions liveChatWebhookObservationActions(ObservationRegistry registry) {
        return new WebhookObservationActions(registry);
    }
}
