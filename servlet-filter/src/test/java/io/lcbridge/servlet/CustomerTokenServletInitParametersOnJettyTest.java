package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.testsupport.fixtures.TestKeys;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LiveChatCustomerTokenServlet} configured from {@code web.xml}-style init parameters on Jetty 12 (EE11): it
 * answers tokens, shares one binding with the filter, and every bad parameter stops start-up naming it.
 */
final class CustomerTokenServletInitParametersOnJettyTest {

    private static final String LICENSE = "12345678";
    private final HttpClient http = HttpClient.newHttpClient();

    /** A token source as an app would write one for web.xml: public, no-argument constructor; counts its instances. */
    public static final class FixedTokenSource implements CustomerTokenSource {
        static final AtomicInteger INSTANCES = new AtomicInteger();
        static final AtomicInteger CALLS = new AtomicInteger();

        public FixedTokenSource() {
            INSTANCES.incrementAndGet();
        }

        @Override
        public CustomerWidgetToken tokenFor(String userId, boolean fresh) {
            CALLS.incrementAndGet();
            return new CustomerWidgetToken("dal:token-of-" + userId, "entity-" + userId, 28_800_000L, "Bearer", 1L);
        }
    }

    /** The user named by a test header (tests only: an app's resolver reads its own authentication). */
    public static final class HeaderUserResolver implements IdentityResolver {
        @Override
        public Optional<CustomerIdentity> resolve(HttpServletRequest request) {
            String user = request.getHeader("X-Test-User");
            return user == null
                    ? Optional.empty()
                    : Optional.of(CustomerIdentity.builder(user).build());
        }
    }

    /** A signed-in page for the filter to inject into. */
    static final class HtmlPage extends jakarta.servlet.http.HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, jakarta.servlet.http.HttpServletResponse response)
                throws java.io.IOException {
            response.setContentType("text/html;charset=UTF-8");
            response.getWriter().write("<!doctype html><html><head><title>p</title></head><body>hi</body></html>");
        }
    }

    @BeforeEach
    void reset() {
        FixedTokenSource.INSTANCES.set(0);
        FixedTokenSource.CALLS.set(0);
    }

    private static ServletHolder servlet(Map<String, String> parameters) {
        ServletHolder holder = new ServletHolder(LiveChatCustomerTokenServlet.class);
        holder.setInitParameters(parameters);
        return holder;
    }

    private HttpResponse<String> tokenRequest(URI base, String user) throws Exception {
        return http.send(
                HttpRequest.newBuilder(base.resolve("livechat/customer-token"))
                        .header(LiveChatCustomerTokenServlet.REQUIRED_HEADER, "1")
                        .header("X-Test-User", user)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webXmlInitParametersServeTheSourcesTokenForTheResolvedUser() throws Exception {
        ServletHolder holder = servlet(Map.of(
                "customerTokenSource", FixedTokenSource.class.getName(),
                "license", LICENSE,
                "identityResolver", HeaderUserResolver.class.getName()));
        try (LoopbackJetty server = new LoopbackJetty().servlet(holder, "/livechat/customer-token")) {
            URI base = server.start();

            HttpResponse<String> response = tokenRequest(base, "alice");

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.body())
                    .contains("\"accessToken\":\"dal:token-of-alice\"")
                    .contains("\"licenseId\":" + LICENSE);
        }
    }

    @Test
    void requestsPerMinuteLimitsEachUser() throws Exception {
        ServletHolder holder = servlet(Map.of(
                "customerTokenSource",
                FixedTokenSource.class.getName(),
                "license",
                LICENSE,
                "requestsPerMinute",
                "1",
                "identityResolver",
                HeaderUserResolver.class.getName()));
        try (LoopbackJetty server = new LoopbackJetty().servlet(holder, "/livechat/customer-token")) {
            URI base = server.start();

            assertThat(tokenRequest(base, "bob").statusCode()).isEqualTo(200);
            HttpResponse<String> second = tokenRequest(base, "bob");

            assertThat(second.statusCode()).isEqualTo(429);
            assertThat(second.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    void withoutAnIdentityResolverTheContainersUserPrincipalDecidesSoAnUnauthenticatedRequestIs401() throws Exception {
        ServletHolder holder =
                servlet(Map.of("customerTokenSource", FixedTokenSource.class.getName(), "license", LICENSE));
        try (LoopbackJetty server = new LoopbackJetty().servlet(holder, "/livechat/customer-token")) {
            URI base = server.start();

            assertThat(tokenRequest(base, "mallory").statusCode()).isEqualTo(401);
            assertThat(FixedTokenSource.CALLS).hasValue(0);
        }
    }

    @Test
    void theFilterAndTheServletShareOneBindingAndOneTokenSource() throws Exception {
        Map<String, String> shared = Map.of(
                "customerTokenSource",
                FixedTokenSource.class.getName(),
                "license",
                LICENSE,
                "endpointPath",
                "/livechat/customer-token");
        FilterHolder filter = new FilterHolder(LiveChatWidgetFilter.class);
        filter.setInitParameters(shared);
        filter.setInitParameter("identitySecret", TestKeys.HS256_SECRET);
        filter.setInitParameter("identityResolver", HeaderUserResolver.class.getName());
        ServletHolder holder = servlet(shared);
        holder.setInitOrder(1);
        try (LoopbackJetty server =
                new LoopbackJetty().filter(filter, "/*").servlet(holder, "/livechat/customer-token")) {
            server.start();

            assertThat(FixedTokenSource.INSTANCES).hasValue(1);
            Object binding = server.servletContext()
                    .getAttribute(CustomerIdentityBinding.class.getName() + ":" + FixedTokenSource.class.getName());
            assertThat(binding).isInstanceOf(CustomerIdentityBinding.class);
            assertThat(((CustomerIdentityBinding) binding).licenseId()).isEqualTo(Long.parseLong(LICENSE));
        }
    }

    @Test
    void eachBadInitParameterStopsStartUpNamingIt() {
        String source = FixedTokenSource.class.getName();
        assertStartUpFails(Map.of("license", LICENSE), "'customerTokenSource' is required");
        assertStartUpFails(Map.of("customerTokenSource", source), "init parameter 'license' is required");
        assertStartUpFails(
                Map.of("customerTokenSource", source, "license", "abc"),
                "init parameter 'license' must be a positive whole number");
        assertStartUpFails(
                Map.of("customerTokenSource", source, "license", LICENSE, "requestsPerMinute", "many"),
                "init parameter 'requestsPerMinute' must be a whole number");
        assertStartUpFails(
                Map.of("customerTokenSource", source, "license", LICENSE, "requestsPerMinute", "0"),
                "init parameter 'requestsPerMinute' must be at least 1");
        assertStartUpFails(
                Map.of("customerTokenSource", source, "license", LICENSE, "endpointPath", "customer-token"),
                "init parameter 'endpointPath'");
        assertStartUpFails(
                Map.of("customerTokenSource", String.class.getName(), "license", LICENSE),
                "init parameter 'customerTokenSource': java.lang.String is not a CustomerTokenSource");
        assertStartUpFails(
                Map.of("customerTokenSource", "com.example.Missing", "license", LICENSE),
                "init parameter 'customerTokenSource': cannot create com.example.Missing");
        assertStartUpFails(
                Map.of("customerTokenSource", source, "license", LICENSE, "identityResolver", "com.example.Nope"),
                "init parameter 'identityResolver': cannot create com.example.Nope");
    }

    private static void assertStartUpFails(Map<String, String> parameters, String message) {
        ServletHolder holder = servlet(parameters);
        holder.setName("customer-token");
        try (LoopbackJetty server = new LoopbackJetty().servlet(holder, "/livechat/customer-token")) {
            server.start();
            assertThatThrownBy(holder::getServlet)
                    .as("parameters %s", parameters)
                    .isInstanceOf(ServletException.class)
                    .hasMessageContaining("LiveChatCustomerTokenServlet 'customer-token'")
                    .hasMessageContaining(message);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
