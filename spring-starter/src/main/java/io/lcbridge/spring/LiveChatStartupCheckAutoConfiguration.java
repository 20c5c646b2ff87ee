package io.lcbridge.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * Checks the bridge's settings before the embedded web server starts. Boot creates filter and servlet registrations
 * while the server (Tomcat, Jetty) starts its context, so a bad {@code livechat.*} value found there was first logged
 * by the server as a failed context start, with a stack trace, above Boot's failure report. Here the widget filter's
 * and the webhook servlet's registrations are created as soon as the web server factory is, before the server
 * exists: a bad value stops start-up with Boot's report alone, naming the property.
 */
@AutoConfiguration(after = {LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
public class LiveChatStartupCheckAutoConfiguration {

    @Bean
    static BeanPostProcessor liveChatSettingsBeforeWebServer() {
        return new SettingsBeforeWebServer();
    }

    /** Creates the bridge's registrations when the web server factory is created. */
    static final class SettingsBeforeWebServer implements BeanPostProcessor, BeanFactoryAware {

        static final String WEB_SERVER_FACTORY = "org.springframework.boot.web.server.WebServerFactory";

        private final @Nullable Class<?> webServerFactory = webServerFactoryType();
        private @Nullable BeanFactory beans;
        private boolean created;

        @Override
        public void setBeanFactory(BeanFactory beanFactory) {
            this.beans = beanFactory;
        }

        @Override
        public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
            if (!created && beans != null && webServerFactory != null && webServerFactory.isInstance(bean)) {
                created = true;
                for (String name : new String[] {
                    LiveChatAutoConfiguration.FILTER_NAME, LiveChatWebhookAutoConfiguration.SERVLET_NAME
                }) {
                    if (beans.containsBean(name)) {
                        beans.getBean(name);
                    }
                }
            }
            return bean;
        }

        private static @Nullable Class<?> webServerFactoryType() {
            try {
                return ClassUtils.forName(WEB_SERVER_FACTORY, SettingsBeforeWebServer.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return null; // no embedded web server support: registrations are created with the other beans
            }
        }
    }
}
