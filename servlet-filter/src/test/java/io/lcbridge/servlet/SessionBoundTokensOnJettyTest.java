package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.TokenVerification;
import io.lcbridge.testsupport.fixtures.SamplePages;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each browser session gets its own token (issue 12, finding 1): on real Jetty with real HTTP sessions, two devices
 * of one signed-in user get two tokens, each naming its session by a digest (never the session id), and a request
 * without a session gets a token without one and no session is created for it.
 */
final class SessionBoundTokensOnJettyTest {

    private static final String SECRET = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII));
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(SECRET);
    private static final Pattern TOKEN = Pattern.compile("lc_identity\"\\s*:\\s*\"([A-Za-z0-9_.\\-]+)\"");
    private static final String PAGE = SamplePages.SIMPLE;

    private static Server server;
    private static URI base;

    /** {@code ?login=NAME} signs in by storing NAME in a new session; {@code ?user=NAME} is a session-less principal. */
    static final class SessionLogin extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String login = request.getParameter("login");
            if (login != null) {
                request.getSession(true).setAttribute("user", login);
            }
            HttpSession session = request.getSession(false);
            String user = session != null ? (String) session.getAttribute("user") : request.getParameter("user");
            if (user == null) {
                chain.doFilter(request, response);
                return;
            }
            Principal principal = () -> user;
            chain.doFilter(
                    new HttpServletRequestWrapper(request) {
                        @Override
                        public Principal getUserPrincipal() {
                            return principal;
                        }
                    },
                    response);
        }
    }

    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            resp.getWriter().write(PAGE);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/app");
        context.addFilter(new FilterHolder(new SessionLogin()), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(
                new FilterHolder(LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                        .signingKeys(KEYS)
                        .build()),
                "/*",
                EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new App()), "/*");
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app");
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    /** One browser: its own cookie jar. */
    private static final class Device {
        final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(cookies)
                .build();

        HttpResponse<String> get(String path) throws Exception {
            return client.send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }

        /** {@code HttpSession.getId()}: Jetty's cookie carries it followed by {@code .} and the node name. */
        String sessionId() {
            String cookie = cookies.getCookieStore().getCookies().stream()
                    .filter(c -> c.getName().equals("JSESSIONID"))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .orElseThrow();
            int dot = cookie.lastIndexOf('.');
            return dot > 0 ? cookie.substring(0, dot) : cookie;
        }
    }

    private static String token(String body) {
        Matcher m = TOKEN.matcher(body);
        assertThat(m.find()).as("identity token in page").isTrue();
        return m.group(1);
    }

    private static Map<String, Object> claims(String token) throws Exception {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return com.nimbusds.jose.util.JSONObjectUtils.parse(json);
    }

    private static TokenVerification verify(String token) {
        return IdentityTokenVerifier.create(KEYS).verify(token, "12345678", Instant.now());
    }

    @Test
    void twoSessionsOfOneUserGetDifferentTokensEachNamingItsOwnSession() throws Exception {
        Device laptop = new Device();
        Device phone = new Device();

        String laptopToken = token(laptop.get("/page?login=alice").body());
        String laptopAgain = token(laptop.get("/other").body());
        String phoneToken = token(phone.get("/page?login=alice").body());

        assertThat(laptopAgain).as("one session reuses its token").isEqualTo(laptopToken);
        assertThat(phoneToken).isNotEqualTo(laptopToken);
        TokenVerification onLaptop = verify(laptopToken);
        TokenVerification onPhone = verify(phoneToken);
        assertThat(onLaptop.identity().orElseThrow().subject()).isEqualTo("alice");
        assertThat(onPhone.identity().orElseThrow().subject()).isEqualTo("alice");
        assertThat(onLaptop.tokenId()).isNotEqualTo(onPhone.tokenId());
        assertThat(onLaptop.session()).contains(SessionClaim.ofSessionId(laptop.sessionId()));
        assertThat(onPhone.session()).contains(SessionClaim.ofSessionId(phone.sessionId()));
        assertThat(claims(laptopToken).get("sid"))
                .isNotEqualTo(claims(phoneToken).get("sid"));
        // the session id itself is never in the token
        assertThat(claims(laptopToken).toString()).doesNotContain(laptop.sessionId());
        assertThat(laptop.sessionId()).isNotEqualTo(phone.sessionId());
    }

    @Test
    void aSignedInRequestWithoutASessionGetsATokenWithoutSidAndNoSessionIsCreated() throws Exception {
        Device stateless = new Device();

        HttpResponse<String> r = stateless.get("/page?user=bob");

        TokenVerification v = verify(token(r.body()));
        assertThat(v.identity().orElseThrow().subject()).isEqualTo("bob");
        assertThat(v.session()).isEmpty();
        assertThat(claims(token(r.body()))).containsKey("jti").doesNotContainKey("sid");
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }
}
