package io.lcbridge.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Lets LiveChat reach the webhook endpoint in applications secured by Spring Security: a security
 * filter chain for {@code livechat.webhook.path} only, ahead of the application's chains, that
 * permits the request without a login, session or CSRF token. Deliveries authenticate themselves
 * with the webhook secret, which the endpoint checks.
 *
 * <p>Runs after Spring Boot's own web security, so the application's default chain is kept for
 * every other path. Declare a bean named {@value #CHAIN_NAME} to replace this one.
 */
@AutoConfiguration(
        after = LiveChatWebhookAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
@ConditionalOnBean(name = LiveChatWebhookAutoConfiguration.SERVLET_NAME, value = HttpSecurity.class)
public class LiveChatWebhookSecurityAutoConfiguration {

    /** Name of the webhook's security filter chain. */
    public static final String CHAIN_NAME = "liveChatWebhookSecurityFilterChain";

    @Bean(CHAIN_NAME)
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    @ConditionalOnMissingBean(name = CHAIN_NAME)
    public SecurityFilterChain liveChatWebhookSecurityFilterChain(HttpSecurity http, LiveChatProperties properties)
            throws Exception {
        return http.securityMatcher(properties.webhook().path())
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }
}
