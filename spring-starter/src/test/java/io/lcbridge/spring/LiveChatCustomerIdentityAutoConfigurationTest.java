package io.lcbridge.spring;

import io.lcbridge.livechat.api.CustomerAccountsClient;
import io.lcbridge.livechat.api.customer.CustomerBindingStore;
import io.lcbridge.livechat.api.customer.CustomerTokens;
import io.lcbridge.livechat.api.customer.JdbcCustomerBindingStore;
import io.lcbridge.servlet.CustomerIdentityBinding;
import io.lcbridge.servlet.CustomerTokenUnavailableException;
import io.lcbridge.servlet.CustomerWidgetToken;
import io.lcbridge.servlet.LiveChatCustomerTokenServlet;
import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.testsupport.livechat.Fault;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

import javax.sql.DataSource;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code livechat.customer-identity.*}: off by default; on, every bean is there, backs off, and fails clearly. */
final class LiveChatCustomerIdentityAutoConfigurationTest {

    private static final String AGENT_TOKEN = "dal:starter-agent-token";

    private FakeLiveChat fake;
    private WebApplicationContextRunner runner;

    @BeforeEach
    void start() {
        fake = FakeLiveChat.start().requireBearer(AGENT_TOKEN);
        runner = new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        LiveChatAutoConfiguration.class,
                        LiveChatCustomerIdentityAutoConfiguration.class,
                        LiveChatMetricsAutoConfiguration.class))
                .withPropertyValues(
                        "livechat.license=12345678", "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private WebApplicationContextRunner enabled() {
        return runner.withPropertyValues(
                "livechat.customer-identity.enabled=true",
                "livechat.customer-identity.accounts-url=" + fake.accountsUrl(),
                "livechat.customer-identity.agent-token=" + AGENT_TOKEN,
                "livechat.customer-identity.client-id=client-1");
    }

    @Test
    void offByDefault() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(CustomerIdentityBinding.class);
            assertThat(context).doesNotHaveBean(CustomerAccountsClient.class);
            assertThat(context).doesNotHaveBean(LiveChatCustomerIdentityAutoConfiguration.SERVLET_NAME);
        });
    }

    @Test
    void enabledRegistersTheEndpointAndFeedsTheBindingFromLiveChat() {
        enabled().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(CustomerTokens.class);
            assertThat(context.getBean(CustomerBindingStore.class).toString())
                    .isEqualTo("CustomerBindingStore.inMemory()");
            ServletRegistrationBean<?> registration = context.getBean(
                    LiveChatCustomerIdentityAutoConfiguration.SERVLET_NAME, ServletRegistrationBean.class);
            assertThat(registration.getServlet()).isInstanceOf(LiveChatCustomerTokenServlet.class);
            assertThat(registration.getUrlMappings()).containsExactly("/livechat/customer-token");

            CustomerIdentityBinding binding = context.getBean(CustomerIdentityBinding.class);
            assertThat(binding.licenseId()).isEqualTo(12345678L);
            LiveChatCustomerTokenSource source = new LiveChatCustomerTokenSource(context.getBean(CustomerTokens.class));
            CustomerWidgetToken token = source.tokenFor("alice", false);
            assertThat(token.expiresInMillis()).isEqualTo(28_800_000L);
            assertThat(token.entityId()).isEqualTo(fake.createdCustomers().get(0));
        });
    }

    @Test
    void accountsFailuresBecomeShortCauses() {
        enabled().run(context -> {
            LiveChatCustomerTokenSource source = new LiveChatCustomerTokenSource(context.getBean(CustomerTokens.class));
            fake.failAlways(FakeLiveChat.CUSTOMER_TOKEN, Fault.tooManyRequests(9));
            assertThatThrownBy(() -> source.tokenFor("alice", false))
                    .isInstanceOfSatisfying(CustomerTokenUnavailableException.class, e -> {
                        assertThat(e.causeTag()).isEqualTo("accounts_http_429");
                        assertThat(e.retryAfter())
                                .hasValueSatisfying(
                                        d -> assertThat(d.toSeconds()).isEqualTo(9));
                    });
            fake.clearStandingFault(FakeLiveChat.CUSTOMER_TOKEN).customerAccountsDown(true);
            assertThatThrownBy(() -> source.tokenFor("alice", false))
                    .isInstanceOfSatisfying(
                            CustomerTokenUnavailableException.class,
                            e -> assertThat(e.causeTag()).isEqualTo("accounts_transport"));
        });
    }

    @Test
    void aDataSourceGetsTheJdbcStore() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:cip-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        enabled().withBean(DataSource.class, () -> h2).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(CustomerBindingStore.class)).isInstanceOf(JdbcCustomerBindingStore.class);
        });
    }

    @Test
    void everyBeanBacksOffForTheApplicationsOwn() {
        CustomerBindingStore own = CustomerBindingStore.inMemory();
        enabled().withBean(CustomerBindingStore.class, () -> own).run(context -> {
            assertThat(context.getBean(CustomerBindingStore.class)).isSameAs(own);
        });
        CustomerIdentityBinding binding = CustomerIdentityBinding.builder(
                        (user, fresh) -> {
                            throw new IllegalStateException();
                        },
                        1)
                .build();
        enabled().withBean(CustomerIdentityBinding.class, () -> binding).run(context -> {
            assertThat(context.getBean(CustomerIdentityBinding.class)).isSameAs(binding);
        });
    }

    @Test
    void micrometerCountsEndpointOutcomes() {
        enabled().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            assertThat(context).hasNotFailed();
            io.lcbridge.servlet.WidgetFilterMetrics metrics =
                    context.getBean(io.lcbridge.servlet.WidgetFilterMetrics.class);
            metrics.customerTokenRequest("issued");
            assertThat(context.getBean(MeterRegistry.class)
                            .get("lcbridge.customer_token.requests")
                            .tag("outcome", "issued")
                            .counter()
                            .count())
                    .isEqualTo(1.0);
        });
    }

    @Test
    void withoutAnAgentTokenStartUpFailsNamingTheProperty() {
        runner.withPropertyValues(
                        "livechat.customer-identity.enabled=true", "livechat.customer-identity.client-id=client-1")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("livechat.customer-identity.agent-token"));
    }
}
