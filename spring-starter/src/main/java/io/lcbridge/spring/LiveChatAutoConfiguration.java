package io.lcbridge.spring;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.CustomerIdentityBinding;
import io.lcbridge.servlet.IdentityResolver;
import io.lcbridge.servlet.LiveChatIdentityCustomizer;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import io.lcbridge.servlet.WidgetFilterMetrics;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.DispatcherType;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.io.ResourceLoader;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Auto-configuration of the LiveChat widget for servlet web applications: the identity keys and
 * widget options from {@link LiveChatProperties}, and a {@link LiveChatWidgetFilter} that puts the
 * snippet, with the signed-in user's signed identity, on every HTML page.
 *
 * <ul>
 *   <li>Who the user is: an {@link IdentityResolver} bean if the application declares one, else
 *       {@link SpringSecurityIdentityResolver} when Spring Security is present, else the request's
 *       principal name; then every {@link LiveChatIdentityCustomizer} bean, in order (the deprecated
 *       {@code io.lcbridge.spring.LiveChatIdentityCustomizer} and {@code SessionVariablesContributor} are special
 *       cases of it).</li>
 *   <li>The filter is registered as {@value #FILTER_NAME} (declare a bean of that name to replace
 *       it), at order {@value #FILTER_ORDER} (inside Spring Security's chain, which runs at -100),
 *       for {@code REQUEST}, {@code ASYNC} and {@code ERROR} dispatches.</li>
 *   <li>Spring MVC views find the snippet as model attribute {@code livechat.widget.model-attribute}
 *       for manual placement ({@code {{{livechat}}}} in Mustache, {@code [(${livechat})]} in
 *       Thymeleaf); rendering it marks the request, so the filter does not inject a second one.</li>
 * </ul>
 * Without {@code livechat.signing.secret} or {@code livechat.signing.jwk-set} there are no identities: every visitor
 * gets the plain loader, unless the application declared an {@link IdentityResolver} or
 * {@link LiveChatIdentityCustomizer} of its own, which then stops start-up naming the secret.
 * Every bean backs off when the application declares its own. Switched off with
 * {@code livechat.enabled=false}. {@code livechat.filter.enabled=false} switches off automatic injection only: the
 * filter stays registered, injects nothing by itself, and still serves the model attribute for manual placement.
 */
@AutoConfiguration(afterName = "org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(LiveChatWidgetFilter.class)
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LiveChatProperties.class)
@ImportRuntimeHints(LiveChatRuntimeHints.class)
public class LiveChatAutoConfiguration {

    /** Name of the widget filter's registration; declare a bean of this name to replace it. */
    public static final String FILTER_NAME = "liveChatWidgetFilter";

    /** Order of the widget filter: after Spring Security's filter chain (-100), so the user is known. */
    public static final int FILTER_ORDER = 0;

    /** Name of the starter's own identity resolver (Spring Security's user), told apart from the application's. */
    static final String IDENTITY_RESOLVER_NAME = "liveChatIdentityResolver";

    @Bean
    @ConditionalOnMissingBean
    @Conditional(OnSigningKeysCondition.class)
    public IdentityKeySet liveChatIdentityKeys(LiveChatProperties properties, ResourceLoader resourceLoader) {
        return LiveChatSettings.identityKeys(properties.signing(), resourceLoader);
    }

    @Bean
    @ConditionalOnMissingBean
    public WidgetOptions liveChatWidgetOptions(LiveChatProperties properties) {
        return LiveChatSettings.widgetOptions(properties);
    }

    @Bean(FILTER_NAME)
    @ConditionalOnMissingBean(name = FILTER_NAME)
    public FilterRegistrationBean<LiveChatWidgetFilter> liveChatWidgetFilter(
            LiveChatProperties properties,
            WidgetOptions liveChatWidgetOptions,
            ObjectProvider<IdentityKeySet> keys,
            ObjectProvider<IdentityResolver> resolvers,
            ObjectProvider<LiveChatIdentityCustomizer> customizers,
            ObjectProvider<WidgetFilterMetrics> metrics,
            ObjectProvider<CustomerIdentityBinding> customerIdentity,
            ListableBeanFactory beans) {
        IdentityKeySet liveChatIdentityKeys = keys.getIfAvailable();
        if (liveChatIdentityKeys == null) {
            LiveChatSettings.checkNoIdentitiesWanted(beans);
        }
        IdentityResolver resolver = resolvers.getIfAvailable(IdentityResolver::userPrincipal);
        LiveChatWidgetFilter filter = LiveChatSettings.widgetFilter(
                properties,
                liveChatWidgetOptions,
                liveChatIdentityKeys,
                resolver,
                customizers.orderedStream().toList(),
                metrics.getIfAvailable(WidgetFilterMetrics::none),
                customerIdentity.getIfAvailable());
        FilterRegistrationBean<LiveChatWidgetFilter> registration = new FilterRegistrationBean<>(filter);
        registration.setName(FILTER_NAME);
        registration.setOrder(FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** The signed-in user from Spring Security, when it is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({Authentication.class, SecurityContextHolder.class})
    static class SpringSecurityIdentityConfiguration {

        @Bean(IDENTITY_RESOLVER_NAME)
        @ConditionalOnMissingBean(IdentityResolver.class)
        SpringSecurityIdentityResolver liveChatIdentityResolver(LiveChatProperties properties) {
            return properties.identity().qualifySubjectWithIssuer()
                    ? SpringSecurityIdentityResolver.qualifyingSubjectsWithIssuer()
                    : new SpringSecurityIdentityResolver();
        }
    }

    /** The snippet as a model attribute of Spring MVC views. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(WebMvcConfigurer.class)
    static class ViewAttributeConfiguration {

        @Bean
        @ConditionalOnMissingBean
        LiveChatViewConfigurer liveChatViewConfigurer(LiveChatProperties properties) {
            return new LiveChatViewConfigurer(properties.widget().modelAttribute());
        }
    }
}
