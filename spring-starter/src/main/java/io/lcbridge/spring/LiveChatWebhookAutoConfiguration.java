package io.lcbridge.spring;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.servlet.LiveChatWebhookServlet;
import io.lcbridge.servlet.WebhookMetrics;
import io.lcbridge.verifier.ChatContextStore;
import io.lcbridge.verifier.InMemoryChatContextStore;
import io.lcbridge.verifier.JdbcChatContextStore;
import io.lcbridge.verifier.LiveChatWebhookHandler;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookAuthenticator;
import io.lcbridge.widget.WidgetOptions;
import org.springframework.beans.factory.ListableBeanFactory;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Locale;

/**
 * Auto-configuration of the LiveChat webhook endpoint: a {@link LiveChatWebhookServlet} at
 * {@code livechat.webhook.path} that authenticates deliveries, verifies the customer's identity
 * token, remembers chat contexts (in memory, or in the application's {@link DataSource} with
 * {@code livechat.webhook.store=jdbc}) and publishes each delivery as a {@link LiveChatWebhookEvent}
 * and to every {@link LiveChatWebhookHandler} bean.
 *
 * <p>Registered only when a webhook secret is set ({@code livechat.webhook.secret-keys} or
 * {@code livechat.webhook.signature-secrets}) and {@code livechat.webhook.enabled} is not false.
 */
@AutoConfiguration(
        after = LiveChatAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({LiveChatWebhookServlet.class, ServletRegistrationBean.class})
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "livechat.webhook.enabled", matchIfMissing = true)
@Conditional(OnWebhookSecretCondition.class)
@EnableConfigurationProperties(LiveChatProperties.class)
public class LiveChatWebhookAutoConfiguration {

    /** Name of the webhook servlet registration; declare a bean of this name to replace it. */
    public static final String SERVLET_NAME = "liveChatWebhookServlet";

    @Bean
    @ConditionalOnMissingBean
    public WebhookAuthenticator liveChatWebhookAuthenticator(LiveChatProperties properties) {
        return LiveChatSettings.webhookAuthenticator(properties.webhook());
    }

    @Bean
    @ConditionalOnMissingBean(ChatContextStore.class)
    @ConditionalOnProperty(name = "livechat.webhook.store", havingValue = "memory", matchIfMissing = true)
    public InMemoryChatContextStore liveChatContextStore(LiveChatProperties properties) {
        LiveChatProperties.Webhook webhook = properties.webhook();
        InMemoryChatContextStore.Builder builder = InMemoryChatContextStore.builder();
        LiveChatSettings.apply("livechat.webhook.store-ttl", () -> builder.ttl(webhook.storeTtl()));
        return builder.claimLease(LiveChatSettings.claimLease(webhook)).build();
    }

    @Bean
    @ConditionalOnMissingBean
    public LiveChatWebhooks liveChatWebhooks(
            LiveChatProperties properties,
            ObjectProvider<IdentityKeySet> identityKeys,
            ObjectProvider<IdentityTokenVerifier> identityVerifier,
            WidgetOptions liveChatWidgetOptions,
            WebhookAuthenticator liveChatWebhookAuthenticator,
            ObjectProvider<ChatContextStore> store,
            ApplicationEventPublisher events,
            ObjectProvider<LiveChatWebhookHandler> handlers,
            ObjectProvider<WebhookMetrics> metrics,
            ListableBeanFactory beans) {
        LiveChatProperties.Webhook webhook = properties.webhook();
        ChatContextStore chatContextStore = store.getIfAvailable();
        if (chatContextStore == null) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.webhook.store",
                    "is jdbc but the application has no " + "DataSource bean",
                    "Add a DataSource (e.g. spring-boot-starter-jdbc and spring.datasource.url), "
                            + "declare a ChatContextStore bean, or set livechat.webhook.store=memory.");
        }
        LiveChatWebhooks.Builder builder = LiveChatWebhooks.builder().authenticator(liveChatWebhookAuthenticator);
        int verifiedTokenCacheSize = LiveChatSettings.verifiedTokenCacheSize(webhook);
        IdentityTokenVerifier verifier = identityVerifier.getIfAvailable(); // e.g. keys from livechat.webhook.jwks-url
        if (verifier != null) {
            builder.identityVerifier(verifier); // carries its own cache size (the jwks-url one: the property's)
        } else {
            builder.identityKeys(identityKeys.getIfAvailable(LiveChatWebhookAutoConfiguration::noIdentityKeys));
            builder.verifiedTokenCacheSize(verifiedTokenCacheSize); // in range: checked above
        }
        builder.audience(liveChatWidgetOptions.audience())
                .tokenVariable(liveChatWidgetOptions.tokenVariable())
                .store(chatContextStore);
        LiveChatSettings.apply(
                "livechat.webhook.max-body-size",
                () -> builder.maxBodyBytes(
                        (int) Math.min(Integer.MAX_VALUE, webhook.maxBodySize().toBytes())));
        if (!webhook.accountIds().isEmpty()) {
            LiveChatSettings.apply(
                    "livechat.webhook.account-ids",
                    () -> builder.accountIds(webhook.accountIds().toArray(String[]::new)));
        }
        metrics.ifAvailable(counted -> builder.handlerForAll(counted::dispatched)); // first: sees every dispatch
        builder.handlerForAll(event -> events.publishEvent(LiveChatWebhookEvent.of(event)));
        handlers.orderedStream().forEach(builder::handlerForAll);
        WebhookAsyncDispatch.apply(webhook, beans, builder);
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean(name = SERVLET_NAME)
    public ServletRegistrationBean<LiveChatWebhookServlet> liveChatWebhookServlet(
            LiveChatWebhooks liveChatWebhooks, LiveChatProperties properties, ObjectProvider<WebhookMetrics> metrics) {
        LiveChatWebhookServlet.Builder servlet = LiveChatWebhookServlet.builder(liveChatWebhooks);
        metrics.ifAvailable(servlet::metrics);
        LiveChatSettings.apply(
                "livechat.webhook.body-read-timeout",
                () -> servlet.bodyReadTimeout(properties.webhook().bodyReadTimeout()));
        ServletRegistrationBean<LiveChatWebhookServlet> registration = new ServletRegistrationBean<>(
                servlet.build(), properties.webhook().path());
        registration.setName(SERVLET_NAME);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * The JDBC chat-context store, when the application has a {@link DataSource} and asks for it. Its table is created
     * per {@code livechat.webhook.jdbc.initialize-schema} (default: only on an embedded database).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(DataSource.class)
    @ConditionalOnBean(DataSource.class)
    @ConditionalOnProperty(name = "livechat.webhook.store", havingValue = "jdbc")
    @EnableConfigurationProperties(LiveChatJdbcStoreProperties.class)
    static class JdbcStoreConfiguration {

        @Bean
        @ConditionalOnMissingBean(ChatContextStore.class)
        JdbcChatContextStore liveChatContextStore(
                DataSource dataSource, LiveChatProperties properties, LiveChatJdbcStoreProperties jdbc) {
            LiveChatProperties.Webhook webhook = properties.webhook();
            JdbcChatContextStore.Builder builder = JdbcChatContextStore.builder(dataSource)
                    .createTable(
                            switch (jdbc.initializeSchema()) {
                                case ALWAYS -> true;
                                case NEVER -> false;
                                case EMBEDDED -> isEmbedded(dataSource);
                            });
            LiveChatSettings.apply("livechat.webhook.jdbc-table", () -> builder.table(webhook.jdbcTable()));
            LiveChatSettings.apply("livechat.webhook.store-ttl", () -> builder.ttl(webhook.storeTtl()));
            JdbcChatContextStore store =
                    builder.claimLease(LiveChatSettings.claimLease(webhook)).build();
            store.startPurging(); // rows a previous run left behind go even if no webhook arrives; close() stops it
            return store;
        }
    }

    /**
     * Whether {@code dataSource} is an embedded in-memory database, as Spring Boot's {@code EmbeddedDatabaseConnection}
     * decides it: H2 or HSQLDB with an in-memory URL, Derby in memory. A database that cannot be reached is not.
     */
    static boolean isEmbedded(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            String url = String.valueOf(metaData.getURL()).toLowerCase(Locale.ROOT);
            return url.startsWith("jdbc:h2:mem:")
                    || url.startsWith("jdbc:hsqldb:mem:")
                    || url.startsWith("jdbc:derby:memory:");
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Without signing keys no page carries a token, so deliveries are checked against a random key nothing signs
     * with: a token in a chat is never taken as verified.
     */
    private static IdentityKeySet noIdentityKeys() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return IdentityKeySet.fromHs256Secret(Base64.getEncoder().encodeToString(random));
    }
}
