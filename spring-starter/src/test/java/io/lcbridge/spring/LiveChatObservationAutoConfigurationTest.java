package io.lcbridge.spring;

import io.lcbridge.servlet.LiveChatWebhookServlet;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.tck.TestObservationRegistry;
import jakarta.servlet.Filter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletConfig;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/** One observation per webhook request, tagged with the verifier's outcome and LiveChat's action. */
final class LiveChatObservationAutoConfigurationTest {

    private static final String LICENSE = "livechat.license=12345678";
    private static final String WEBHOOK_SECRET = "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY;

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    LiveChatAutoConfiguration.class,
                    LiveChatWebhookAutoConfiguration.class,
                    LiveChatObservationAutoConfiguration.class))
            .withUserConfiguration(Registry.class)
            .withPropertyValues(LICENSE, WEBHOOK_SECRET);

    @Test
    void anAcceptedDeliveryIsOneObservationWithOutcomeActionAndStatus() {
        runner.run(context -> {
            MockHttpServletResponse response = post(context, TestWebhooks.incomingChat("x.y.z", null, null));

            assertThat(response.getStatus()).isEqualTo(200);
            TestObservationRegistry registry = context.getBean(TestObservationRegistry.class);
            assertThat(registry)
                    .hasNumberOfObservationsWithNameEqualTo(DefaultLiveChatWebhookObservationConvention.NAME, 1)
                    .hasObservationWithNameEqualTo(DefaultLiveChatWebhookObservationConvention.NAME)
                    .that()
                    .hasBeenStarted()
                    .hasBeenStopped()
                    .hasContextualNameEqualTo("livechat webhook incoming_chat")
                    .hasLowCardinalityKeyValue("outcome", "handled")
                    .hasLowCardinalityKeyValue("action", "incoming_chat")
                    .hasLowCardinalityKeyValue("status", "200")
                    .doesNotHaveError();
        });
    }

    @Test
    void aForgedDeliveryIsObservedAsNotAuthenticWithoutAnAction() {
        runner.run(context -> {
            byte[] forged = new String(
                            TestWebhooks.incomingChat("x.y.z", null, null), java.nio.charset.StandardCharsets.UTF_8)
                    .replace(TestWebhooks.SECRET_KEY, "not-the-secret")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            MockHttpServletResponse response = post(context, forged);

            assertThat(response.getStatus()).isEqualTo(401);
            assertThat(context.getBean(TestObservationRegistry.class))
                    .hasObservationWithNameEqualTo(DefaultLiveChatWebhookObservationConvention.NAME)
                    .that()
                    .hasLowCardinalityKeyValue("outcome", "not_authentic")
                    .hasLowCardinalityKeyValue("action", "unknown")
                    .hasLowCardinalityKeyValue("status", "401");
        });
    }

    @Test
    void aRequestRefusedBeforeProcessingIsNamedByItsStatus() {
        runner.run(context -> {
            MockHttpServletRequest get = new MockHttpServletRequest("GET", "/webhooks/livechat");
            MockHttpServletResponse response = new MockHttpServletResponse();
            chain(context).doFilter(get, response);

            assertThat(response.getStatus()).isEqualTo(405);
            assertThat(context.getBean(TestObservationRegistry.class))
                    .hasObservationWithNameEqualTo(DefaultLiveChatWebhookObservationConvention.NAME)
                    .that()
                    .hasLowCardinalityKeyValue("outcome", "refused")
                    .hasLowCardinalityKeyValue("status", "405");
        });
    }

    @Test
    void anApplicationConventionRenamesAndRetags() {
        runner.withUserConfiguration(CustomConvention.class).run(context -> {
            post(context, TestWebhooks.incomingChat("x.y.z", null, null));

            assertThat(context.getBean(TestObservationRegistry.class))
                    .hasObservationWithNameEqualTo("shop.livechat")
                    .that()
                    .hasLowCardinalityKeyValue("team", "support");
        });
    }

    @Test
    void withoutObservationRegistryOrWebhooksThereIsNoObservationFilter() {
        runner.withClassLoader(new FilteredClassLoader(io.micrometer.observation.ObservationRegistry.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(LiveChatObservationAutoConfiguration.WEBHOOK_OBSERVATION_FILTER_NAME));
        runner.withPropertyValues("livechat.webhook.secret-keys=")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(LiveChatObservationAutoConfiguration.WEBHOOK_OBSERVATION_FILTER_NAME));
    }

    private static MockHttpServletResponse post(AssertableWebApplicationContext context, byte[] body) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/webhooks/livechat");
        request.setContentType("application/json");
        request.setContent(body);
        MockHttpServletResponse response = new MockHttpServletResponse();
        chain(context).doFilter(request, response);
        return response;
    }

    private static MockFilterChain chain(AssertableWebApplicationContext context) throws Exception {
        @SuppressWarnings("unchecked")
        ServletRegistrationBean<LiveChatWebhookServlet> servlet =
                context.getBean(LiveChatWebhookAutoConfiguration.SERVLET_NAME, ServletRegistrationBean.class);
        servlet.getServlet().init(new MockServletConfig());
        FilterRegistrationBean<?> filter = context.getBean(
                LiveChatObservationAutoConfiguration.WEBHOOK_OBSERVATION_FILTER_NAME, FilterRegistrationBean.class);
        Filter observing = filter.getFilter();
        return new MockFilterChain(servlet.getServlet(), observing);
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        TestObservationRegistry observationRegistry() {
            return TestObservationRegistry.create();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomConvention {
        @Bean
        LiveChatWebhookObservationConvention shopConvention() {
            return new DefaultLiveChatWebhookObservationConvention() {
                @Override
                public String getName() {
                    return "shop.livechat";
                }

                @Override
                public KeyValues getLowCardinalityKeyValues(LiveChatWebhookObservationContext context) {
                    return super.getLowCardinalityKeyValues(context).and("team", "support");
                }
            };
        }
    }
}
