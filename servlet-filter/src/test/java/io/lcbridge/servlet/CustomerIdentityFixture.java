package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.livechat.api.CustomerAccessToken;
import io.lcbridge.livechat.api.CustomerAccountsClient;
import io.lcbridge.livechat.api.LiveChatApiException;
import io.lcbridge.livechat.api.customer.CustomerBindingStore;
import io.lcbridge.livechat.api.customer.CustomerTokens;
import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jetty 12 (ee11) with real sessions, the widget filter with customer identity binding, the token servlet, and the
 * real accounts client, binding store and token cache of {@code livechat-api} against the fake accounts service.
 * Users sign in with {@code /login?user=alice|bob} and out with {@code /logout}.
 */
final class CustomerIdentityFixture implements AutoCloseable {

    static final String AGENT_TOKEN = "dal:agent-token-for-tests";
    static final long LICENSE = 12345678;
    static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII)));

    final FakeLiveChat fake = FakeLiveChat.start().requireBearer(AGENT_TOKEN);
    final CustomerBindingStore store = CustomerBindingStore.inMemory();
    final CustomerTokens tokens;
    final CountingMetrics metrics = new CountingMetrics();
    final CustomerIdentityBinding binding;
    final Server server = new Server();
    final String base;

    CustomerIdentityFixture(Duration accountsTimeout, int requestsPerMinute) throws Exception {
        CustomerAccountsClient accounts = CustomerAccountsClient.builder()
                .accountsUrl(fake.accountsUrl())
                .agentToken(() -> AGENT_TOKEN)
                .clientId("client-for-tests")
                .requestTimeout(accountsTimeout)
                .build();
        tokens = CustomerTokens.builder(accounts, store).build();
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        LateFilter filter = new LateFilter();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        binding = CustomerIdentityBinding.builder(this::widgetToken, LICENSE)
                .metrics(metrics)
                .rateLimit(requestsPerMinute, Duration.ofMinutes(1))
                .build();
        context.addServlet(
                new ServletHolder(new LiveChatCustomerTokenServlet(binding, CustomerIdentityFixture::signedInUser)),
                CustomerIdentityBinding.DEFAULT_ENDPOINT_PATH);
        context.addServlet(new ServletHolder(new Shop()), "/");
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/app";
        filter.delegate = LiveChatWidgetFilter.builder(WidgetOptions.builder()
                        .license(LICENSE)
                        .scriptUrl(base + "/tracking.js")
                        .build())
                .signingKeys(KEYS)
                .identityResolver(CustomerIdentityFixture::signedInUser)
                .customerIdentity(binding)
                .build();
    }

    /** The adapter an app (or the Spring starter) writes: livechat-api's tokens in the widget's shape. */
    CustomerWidgetToken widgetToken(String user, boolean fresh) {
        CustomerAccessToken token;
        try {
            token = fresh ? tokens.freshTokenFor(user) : tokens.tokenFor(user);
        } catch (LiveChatApiException e) {
            String tag = e.httpStatus() > 0 ? "accounts_http_" + e.httpStatus() : "accounts_" + e.errorType();
            throw new CustomerTokenUnavailableException(tag, e.retryAfter().orElse(null), e);
        }
        return new CustomerWidgetToken(
                token.accessToken(),
                token.entityId(),
                token.expiresIn().toMillis(),
                token.tokenType(),
                token.issuedAt().toEpochMilli());
    }

    static Optional<CustomerIdentity> signedInUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute("user");
        if (!(user instanceof String name)) {
            return Optional.empty();
        }
        return Optional.of(CustomerIdentity.builder(name)
                .name(name.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + name.substring(1))
                .email(name + "@example.com")
                .build());
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop Jetty", e);
        } finally {
            fake.close();
        }
    }

    /** Sign in, sign out, the stand-in tracking.js, and a plain page. */
    static final class Shop extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI().substring(req.getContextPath().length());
            if (path.equals("/login")) {
                HttpSession old = req.getSession(false);
                if (old != null) {
                    old.invalidate();
                }
                req.getSession(true).setAttribute("user", req.getParameter("user"));
                resp.sendRedirect(req.getContextPath() + "/page");
            } else if (path.equals("/logout")) {
                HttpSession session = req.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
                resp.sendRedirect(req.getContextPath() + "/page");
            } else if (path.equals("/tracking.js")) {
                resp.setContentType("application/javascript;charset=UTF-8");
                resp.setHeader("Cache-Control", "no-store");
                try (InputStream in =
                        CustomerIdentityFixture.class.getResourceAsStream("/browser/tracking-identity-stand-in.js")) {
                    resp.getOutputStream().write(in.readAllBytes());
                }
            } else {
                resp.setContentType("text/html;charset=UTF-8");
                resp.setHeader("Cache-Control", "no-store");
                resp.getWriter()
                        .write("<!DOCTYPE html><html><head><title>shop</title></head>"
                                + "<body><p id=\"page\">shop</p></body></html>");
            }
        }
    }

    /** The widget filter, built once the server's port (and so the stand-in's URL) is known. */
    static final class LateFilter implements Filter {
        volatile Filter delegate;

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            delegate.doFilter(request, response, chain);
        }
    }

    /** Counts what the binding reports. */
    static final class CountingMetrics implements WidgetFilterMetrics {
        final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void customerTokenRequest(String outcome) {
            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void failed(Stage stage, String cause) {
            failures.add(stage + ":" + cause);
        }

        int count(String outcome) {
            AtomicInteger n = outcomes.get(outcome);
            return n == null ? 0 : n.get();
        }
    }
}
