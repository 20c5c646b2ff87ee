package io.lcbridge.spring;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import io.lcbridge.verifier.ChatContextStore;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The bridge in the actuator, each part only when the application has it on the class path: the {@code liveChat}
 * health indicator ({@link LiveChatHealthIndicator}; {@code spring-boot-health}, off with
 * {@code management.health.livechat.enabled=false}) and the {@code livechat} info section
 * ({@link LiveChatInfoContributor}; {@code spring-boot-actuator}, off with
 * {@code management.info.livechat.enabled=false}).
 */
@AutoConfiguration(after = {LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(LiveChatWidgetFilter.class)
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
public class LiveChatActuatorAutoConfiguration {

    /** Name of the bridge's health indicator bean: the actuator shows it as {@code liveChat}. */
    public static final String HEALTH_INDICATOR_NAME = "liveChatHealthIndicator";

    /** Name of the bridge's info contributor bean. */
    public static final String INFO_CONTRIBUTOR_NAME = "liveChatInfoContributor";

    /** The health indicator, with Spring Boot's health support. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class HealthConfiguration {

        @Bean(HEALTH_INDICATOR_NAME)
        @ConditionalOnMissingBean(name = HEALTH_INDICATOR_NAME)
        @ConditionalOnEnabledHealthIndicator("livechat")
        LiveChatHealthIndicator liveChatHealthIndicator(
                ObjectProvider<IdentityKeySet> keys, ObjectProvider<ChatContextStore> stores, BeanFactory beans) {
            return new LiveChatHealthIndicator(new LiveChatBridgeState(keys, stores, beans));
        }
    }

    /** The info contributor, with the actuator. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.info.InfoContributor")
    static class InfoConfiguration {

        @Bean(INFO_CONTRIBUTOR_NAME)
        @ConditionalOnMissingBean(name = INFO_CONTRIBUTOR_NAME)
        @ConditionalOnBooleanProperty(name = "management.info.livechat.enabled", matchIfMissing = true)
        LiveChatInfoContributor liveChatInfoContributor(
                ObjectProvider<IdentityKeySet> keys, ObjectProvider<ChatContextStore> stores, BeanFactory beans) {
            return new LiveChatInfoContributor(new LiveChatBridgeState(keys, stores, beans));
        }
    }
}
