package io.lcbridge.spring;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.RemoteJwkSet;
import io.lcbridge.servlet.LiveChatJwksServlet;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Keys across services.
 *
 * <ul>
 *   <li>Publishing, with {@code livechat.signing.publish-jwks=true}: a {@link LiveChatJwksServlet} at
 *       {@code livechat.signing.jwks-path} (default {@value LiveChatJwksServlet#DEFAULT_PATH}) serving the public half
 *       of the signing keys, readable without a login when Spring Security is present (a chain for that path only,
 *       {@value #JWKS_CHAIN_NAME}). HS256 secrets are never published: a key set of secrets only stops start-up
 *       naming the property.</li>
 *   <li>Verifying, with {@code livechat.webhook.jwks-url}: a {@link RemoteJwkSet} and an {@link IdentityTokenVerifier}
 *       on it (remembering {@code livechat.webhook.verified-token-cache-size} verified tokens), which the webhook
 *       endpoint uses instead of local signing keys.</li>
 * </ul>
 * Every bean backs off when the application declares its own.
 */
@AutoConfiguration(
        after = LiveChatAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(LiveChatJwksServlet.class)
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
@EnableConfigurationProperties({
    LiveChatProperties.class,
    LiveChatJwksProperties.class,
    LiveChatRemoteJwksProperties.class
})
public class LiveChatJwksAutoConfiguration {

    /** Name of the JWK set servlet's registration; declare a bean of this name to replace it. */
    public static final String SERVLET_NAME = "liveChatJwksServlet";

    /** Name of the security filter chain that lets anyone read the published JWK set. */
    public static final String JWKS_CHAIN_NAME = "liveChatJwksSecurityFilterChain";

    /** The published JWK set. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(ServletRegistrationBean.class)
    @ConditionalOnBooleanProperty(name = "livechat.signing.publish-jwks")
    static class PublishingConfiguration {

        @Bean(SERVLET_NAME)
        @ConditionalOnMissingBean(name = SERVLET_NAME)
        ServletRegistrationBean<LiveChatJwksServlet> liveChatJwksServlet(
                LiveChatJwksProperties jwks, LiveChatProperties properties, ObjectProvider<IdentityKeySet> keys) {
            IdentityKeySet signingKeys = keys.getIfAvailable();
            if (signingKeys == null) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.signing.publish-jwks",
                        "is true but there are no signing keys to publish",
                        "Set livechat.signing.jwk-set to a JWK set with an ES256 or EdDSA key.");
            }
            String path = jwks.jwksPath();
            if (path == null || !path.startsWith("/") || path.contains("*")) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.signing.jwks-path",
                        "must be an exact path starting with '/'",
                        "Set livechat.signing.jwks-path to a path such as " + LiveChatJwksServlet.DEFAULT_PATH + ".");
            }
            LiveChatJwksServlet.Builder builder = LiveChatJwksServlet.builder(signingKeys);
            LiveChatSettings.apply("livechat.signing.jwks-max-age", () -> builder.maxAge(jwks.jwksMaxAge()));
            LiveChatSettings.apply(
                    "livechat.signing.token-lifetime",
                    () -> builder.keyRetention(properties.signing().tokenLifetime()));
            LiveChatJwksServlet servlet;
            try {
                servlet = builder.build();
            } catch (IllegalStateException e) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.signing.publish-jwks",
                        "is true but the signing keys are HS256 secrets only, and secrets are never published",
                        "Sign with an asymmetric key: set livechat.signing.jwk-set to a JWK set with an ES256 or EdDSA"
                                + " key (java -jar lcbridge-cli.jar keys generate --alg ES256), or share the secret"
                                + " with the verifying service instead.");
            }
            ServletRegistrationBean<LiveChatJwksServlet> registration = new ServletRegistrationBean<>(servlet, path);
            registration.setName(SERVLET_NAME);
            return registration;
        }

        /**
         * Anyone may read public keys: no login, no session, no CSRF for the JWK set path, and none of Spring
         * Security's no-cache headers next to the servlet's {@code public, max-age}.
         */
        @Configuration(proxyBeanMethods = false)
        @ConditionalOnClass({SecurityFilterChain.class, HttpSecurity.class})
        @ConditionalOnBean(HttpSecurity.class)
        static class PublishingSecurityConfiguration {

            @Bean(JWKS_CHAIN_NAME)
            @Order(Ordered.HIGHEST_PRECEDENCE + 11)
            @ConditionalOnMissingBean(name = JWKS_CHAIN_NAME)
            SecurityFilterChain liveChatJwksSecurityFilterChain(HttpSecurity http, LiveChatJwksProperties jwks)
                    throws Exception {
                return http.securityMatcher(jwks.jwksPath())
                        .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                        // the servlet's own public, max-age policy: public keys are meant to be cached
                        .headers(headers -> headers.cacheControl(cache -> cache.disable()))
                        .csrf(csrf -> csrf.disable())
                        .requestCache(cache -> cache.disable())
                        .securityContext(context -> context.disable())
                        .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                        .build();
            }
        }
    }

    /** Keys fetched from another service's JWK set URL, for the webhook endpoint. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "livechat.webhook.jwks-url")
    static class RemoteKeysConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RemoteJwkSet liveChatRemoteJwkSet(LiveChatRemoteJwksProperties remote) {
            RemoteJwkSet.Builder builder;
            try {
                builder = RemoteJwkSet.builder(remote.jwksUrl());
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.webhook.jwks-url",
                        "is not usable: " + e.getMessage(),
                        "Set livechat.webhook.jwks-url to the https URL of the signing app's JWK set.");
            }
            LiveChatSettings.apply("livechat.webhook.jwks-cache-ttl", () -> builder.cacheTtl(remote.jwksCacheTtl()));
            LiveChatSettings.apply(
                    "livechat.webhook.jwks-refresh-ahead", () -> builder.refreshAhead(remote.jwksRefreshAhead()));
            LiveChatSettings.apply(
                    "livechat.webhook.jwks-min-refresh-interval",
                    () -> builder.minRefreshInterval(remote.jwksMinRefreshInterval()));
            LiveChatSettings.apply(
                    "livechat.webhook.jwks-outage-tolerance",
                    () -> builder.outageTolerance(remote.jwksOutageTolerance()));
            LiveChatSettings.apply("livechat.webhook.jwks-timeout", () -> builder.timeout(remote.jwksTimeout()));
            LiveChatSettings.apply(
                    "livechat.webhook.jwks-max-size",
                    () -> builder.maxDocumentBytes((int)
                            Math.min(Integer.MAX_VALUE, remote.jwksMaxSize().toBytes())));
            try {
                return builder.build();
            } catch (IllegalArgumentException e) {
                throw new InvalidLiveChatPropertyException(
                        "livechat.webhook.jwks-url",
                        "settings do not fit together: " + e.getMessage(),
                        "Correct livechat.webhook.jwks-cache-ttl, jwks-refresh-ahead and jwks-outage-tolerance.");
            }
        }

        @Bean
        @ConditionalOnMissingBean
        IdentityTokenVerifier liveChatIdentityTokenVerifier(
                RemoteJwkSet liveChatRemoteJwkSet, LiveChatProperties properties) {
            return IdentityTokenVerifier.builder(liveChatRemoteJwkSet)
                    .verifiedTokenCacheSize(LiveChatSettings.verifiedTokenCacheSize(properties.webhook()))
                    .build();
        }
    }
}
