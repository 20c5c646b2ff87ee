package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.testsupport.browser.Chromium;
import io.lcbridge.widget.WidgetOptions;
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
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logout proof in headless Chromium, on Jetty with real HTTP sessions: a user signs in and the widget receives
 * their identity; the user logs out (the session is invalidated) and the next page overwrites the name, email and
 * session variables the widget kept, and the browser's mark is gone; the page after that emits no clearing call.
 * The stand-in {@code tracking.js} keeps the LiveChat customer across pages, as LiveChat does, and refuses empty names
 * and emails, as tracking.js does.
 */
final class LogoutInBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII)));

    /** Signs in ({@code /login?user=}), logs out ({@code /logout}, invalidating the session), or serves a page. */
    static final class Shop extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI().substring(req.getContextPath().length());
            if (path.equals("/login")) {
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
                        LogoutInBrowserTest.class.getResourceAsStream("/browser/tracking-customer-stand-in.js")) {
                    resp.getOutputStream().write(in.readAllBytes());
                }
            } else {
                resp.setContentType("text/html;charset=UTF-8");
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

    @Test
    void afterLogoutTheNextPageClearsWhatTheWidgetKeptAndTheOneAfterClearsNothing() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            Server server = new Server();
            ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
            context.setContextPath("/app");
            LateFilter filter = new LateFilter();
            context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            context.addServlet(new ServletHolder(new Shop()), "/*");
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(context);
            server.start();
            try {
                String base = "http://127.0.0.1:" + connector.getLocalPort() + "/app";
                filter.delegate = LiveChatWidgetFilter.builder(WidgetOptions.builder()
                                .license(12345678)
                                .scriptUrl(base + "/tracking.js")
                                .build())
                        .signingKeys(KEYS)
                        .identityResolver(LogoutInBrowserTest::signedInUser)
                        .build();

                // 1. signed in: the widget receives the identity, the browser is marked
                JsonNode signedIn = load(chromium, base + "/login?user=alice");
                assertThat(signedIn.get("customer").get("name").stringValue()).isEqualTo("Alice Liddell");
                assertThat(signedIn.get("customer").get("email").stringValue()).isEqualTo("alice@example.com");
                assertThat(signedIn.get("customer").get("vars").get("plan").stringValue())
                        .isEqualTo("gold");
                assertThat(signedIn.get("customer")
                                .get("vars")
                                .get("lc_identity")
                                .stringValue())
                        .startsWith("ey");
                assertThat(chromium.driver().manage().getCookieNamed("lcbridge_identified"))
                        .isNotNull()
                        .satisfies(cookie -> assertThat(cookie.isHttpOnly()).isTrue());

                // 2. logged out: the first anonymous page overwrites what the widget kept and drops the mark
                JsonNode afterLogout = load(chromium, base + "/logout");
                assertThat(afterLogout.get("recorded").toString())
                        .isEqualTo("[[\"call\",[\"set_session_variables\",{\"lc_identity\":\"\"}]],"
                                + "[\"call\",[\"set_customer_name\",\" \"]],"
                                + "[\"call\",[\"set_customer_email\",\" \"]]]");
                assertThat(afterLogout.get("refused").size())
                        .as("the widget refused none of the clearing calls")
                        .isZero();
                JsonNode cleared = afterLogout.get("customer");
                assertThat(cleared.get("name").stringValue()).isBlank();
                assertThat(cleared.get("email").stringValue()).isBlank();
                assertThat(cleared.get("vars").toString()).isEqualTo("{\"lc_identity\":\"\"}");
                assertThat(afterLogout.toString()).doesNotContain("alice").doesNotContain("Alice");
                assertThat(chromium.driver().manage().getCookieNamed("lcbridge_identified"))
                        .isNull();

                // 3. the next anonymous page emits no clearing call; the widget stays cleared
                JsonNode later = load(chromium, base + "/page");
                assertThat(later.get("recorded").size()).isZero();
                assertThat(later.get("customer")).isEqualTo(cleared);
                assertThat(chromium.driver().manage().getCookieNamed("lcbridge_identified"))
                        .isNull();
            } finally {
                server.stop();
            }
        }
    }

    /** The signed-in user of the HTTP session, as an application's own resolver would find it. */
    private static Optional<CustomerIdentity> signedInUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute("user");
        if (!"alice".equals(user)) {
            return Optional.empty();
        }
        return Optional.of(CustomerIdentity.builder("alice")
                .name("Alice Liddell")
                .email("alice@example.com")
                .variable("plan", "gold")
                .build());
    }

    /** Opens {@code url} and returns what the stand-in recorded on that page and the customer it keeps. */
    private static JsonNode load(Chromium chromium, String url) {
        chromium.driver().get(url);
        String json = (String) chromium.waitFor("return window.__done && document.getElementById('page')"
                + " ? JSON.stringify({recorded: window.__recorded, customer: window.__customer(),"
                + " refused: window.__refused}) : null");
        return JSON.readTree(json);
    }
}
