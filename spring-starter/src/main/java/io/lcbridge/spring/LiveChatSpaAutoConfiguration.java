package io.lcbridge.spring;

import io.lcbridge.servlet.LiveChatIdentityServlet;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The identity endpoint for single-page apps: a {@link LiveChatIdentityServlet} at {@code livechat.spa.path} (default
 * {@value LiveChatIdentityServlet#DEFAULT_PATH}) answering the signed-in user's identity in the prop shape of
 * LiveChat's widget adapters, with exactly what the widget filter would put on a page of the same request (it shares
 * the filter's resolver, customizers, contributors, keys and token cache). On by default
 * ({@code livechat.spa.enabled}); the application's security configuration decides who may call it, and an anonymous
 * caller gets 204. Declare a bean named {@value #SERVLET_NAME} to replace it.
 */
@AutoConfiguration(after = LiveChatAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({LiveChatIdentityServlet.class, ServletRegistrationBean.class})
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "livechat.spa.enabled", matchIfMissing = true)
@EnableConfigurationProperties(LiveChatSpaProperties.class)
public class LiveChatSpaAutoConfiguration {

    /** Name of the identity endpoint's servlet registration; declare a bean of this name to replace it. */
    public static final String SERVLET_NAME = "liveChatIdentityServlet";

    @Bean(SERVLET_NAME)
    @ConditionalOnMissingBean(name = SERVLET_NAME)
    public ServletRegistrationBean<LiveChatIdentityServlet> liveChatIdentityServlet(
            LiveChatSpaProperties properties, ListableBeanFactory beans) {
        Object registration = beans.containsBean(LiveChatAutoConfiguration.FILTER_NAME)
                ? beans.getBean(LiveChatAutoConfiguration.FILTER_NAME)
                : null;
        if (!(registration instanceof FilterRegistrationBean<?> filterRegistration)
                || !(filterRegistration.getFilter() instanceof LiveChatWidgetFilter filter)) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.spa.enabled",
                    "is true but the bean '" + LiveChatAutoConfiguration.FILTER_NAME
                            + "' is not a registration of a LiveChatWidgetFilter, whose identity the endpoint answers",
                    "Set livechat.spa.enabled=false, or declare a bean named '" + SERVLET_NAME + "'.");
        }
        String path = properties.path();
        if (path == null || !path.startsWith("/") || path.contains("*")) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.spa.path",
                    "must be an exact path starting with '/'",
                    "Set livechat.spa.path to a path such as " + LiveChatIdentityServlet.DEFAULT_PATH + ".");
        }
        ServletRegistrationBean<LiveChatIdentityServlet> servlet =
                new ServletRegistrationBean<>(LiveChatIdentityServlet.forFilter(filter), path);
        servlet.setName(SERVLET_NAME);
        return servlet;
    }
}
