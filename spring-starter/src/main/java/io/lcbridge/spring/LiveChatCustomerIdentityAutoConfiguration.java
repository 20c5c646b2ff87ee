package io.lcbridge.spring;

import io.lcbridge.livechat.api.CustomerAccountsClient;
import io.lcbridge.livechat.api.customer.CustomerBindingStore;
import io.lcbridge.livechat.api.customer.CustomerTokens;
import io.lcbridge.livechat.api.customer.JdbcCustomerBindingStore;
import io.lcbridge.servlet.CustomerIdentityBinding;
import io.lcbridge.servlet.IdentityResolver;
import io.lcbridge.servlet.LiveChatCustomerTokenServlet;
import io.lcbridge.servlet.WidgetFilterMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Customer identity binding ({@code livechat.customer-identity.enabled=true}): the accounts client (agent-token
 * grant), the binding store (JDBC when the application has a {@link DataSource}, else memory), the per-user token
 * cache, the binding the widget filter uses to define LiveChat's custom identity provider on signed-in pages, and the
 * token endpoint ({@code POST livechat.customer-identity.endpoint-path}). Every bean backs off when the application
 * declares its own. See docs/customer-identity.md.
 */
@AutoConfiguration(
        before = LiveChatAutoConfiguration.class,
        afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({CustomerTokens.class, LiveChatCustomerTokenServlet.class})
@ConditionalOnBooleanProperty(name = "livechat.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "livechat.customer-identity.enabled")
@EnableConfigurationProperties({LiveChatProperties.class, LiveChatCustomerIdentityProperties.class})
public class LiveChatCustomerIdentityAutoConfiguration {

    /** Name of the token endpoint's registration; declare a bean of this name to replace it. */
    public static final String SERVLET_NAME = "liveChatCustomerTokenServlet";

    @Bean
    @ConditionalOnMissingBean
    public CustomerAccountsClient liveChatCustomerAccountsClient(LiveChatCustomerIdentityProperties properties) {
        String agentToken = properties.agentToken();
        if (agentToken == null || agentToken.isBlank()) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.customer-identity.agent-token",
                    "is not set",
                    "Set an agent access token with the customers:own scope (OAuth; LiveChat does not accept a"
                            + " Personal Access Token for the agent-token grant), or switch customer identity off.");
        }
        if (properties.clientId() == null || properties.clientId().isBlank()) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.customer-identity.client-id",
                    "is not set",
                    "Set the Client ID of the LiveChat app the customer identities belong to.");
        }
        try {
            return CustomerAccountsClient.builder()
                    .accountsUrl(properties.accountsUrl())
                    .agentToken(() -> agentToken)
                    .clientId(properties.clientId())
                    .organizationId(
                            properties.organizationId() == null
                                            || properties.organizationId().isBlank()
                                    ? null
                                    : properties.organizationId())
                    .requestTimeout(properties.requestTimeout())
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.customer-identity.accounts-url", e.getMessage(), "Use LiveChat's accounts URL.");
        }
    }

    @Bean
    @ConditionalOnMissingBean
    public CustomerBindingStore liveChatCustomerBindingStore(
            LiveChatCustomerIdentityProperties properties, ObjectProvider<DataSource> dataSource) {
        DataSource ds = dataSource.getIfUnique();
        return ds == null
                ? CustomerBindingStore.inMemory()
                : JdbcCustomerBindingStore.builder(ds)
                        .table(properties.jdbcTable())
                        .build();
    }

    @Bean
    @ConditionalOnMissingBean
    public CustomerTokens liveChatCustomerTokens(CustomerAccountsClient accounts, CustomerBindingStore store) {
        return CustomerTokens.builder(accounts, store).build();
    }

    @Bean
    @ConditionalOnMissingBean
    public CustomerIdentityBinding liveChatCustomerIdentityBinding(
            CustomerTokens tokens,
            LiveChatProperties liveChat,
            LiveChatCustomerIdentityProperties properties,
            ObjectProvider<WidgetFilterMetrics> metrics) {
        if (liveChat.license() == null) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.license",
                    "is not set",
                    "Customer identity binding needs the license number: it is the widget token's licenseId.");
        }
        try {
            return CustomerIdentityBinding.builder(new LiveChatCustomerTokenSource(tokens), liveChat.license())
                    .endpointPath(properties.endpointPath())
                    .rateLimit(Math.max(1, properties.requestsPerMinute()), Duration.ofMinutes(1))
                    .metrics(metrics.getIfAvailable(WidgetFilterMetrics::none))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.customer-identity.endpoint-path",
                    e.getMessage(),
                    "Use a path like /livechat/customer-token.");
        }
    }

    @Bean(SERVLET_NAME)
    @ConditionalOnMissingBean(name = SERVLET_NAME)
    public ServletRegistrationBean<LiveChatCustomerTokenServlet> liveChatCustomerTokenServlet(
            CustomerIdentityBinding binding, ObjectProvider<IdentityResolver> resolvers) {
        ServletRegistrationBean<LiveChatCustomerTokenServlet> registration = new ServletRegistrationBean<>(
                new LiveChatCustomerTokenServlet(binding, resolvers.getIfAvailable(IdentityResolver::userPrincipal)),
                binding.endpointPath());
        registration.setName(SERVLET_NAME);
        return registration;
    }
}
