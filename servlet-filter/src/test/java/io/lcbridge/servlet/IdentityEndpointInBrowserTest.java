package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;
import io.lcbridge.testsupport.browser.Chromium;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A single-page app in headless Chromium, on Jetty with real HTTP sessions: the page fetches
 * {@code /livechat/identity} and feeds the answer to a stand-in of LiveChat's React adapter
 * ({@code <LiveChatWidget license=… {...identity} />}), which does with the props what widget-core does. Anonymous: 204,
 * and the widget gets no customer data; signed in: the widget gets the name, the email and the session variables with
 * a token that verifies for the browser's session.
 */
final class IdentityEndpointInBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-spa-test".getBytes(StandardCharsets.US_ASCII)));

    /** Signs in ({@code /login?user=}) or serves the single-page app's only HTML page. */
    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI().substring(req.getContextPath().length());
            if (path.equals("/login")) {
                req.getSession(true).setAttribute("user", req.getParameter("user"));
                resp.sendRedirect(req.getContextPath() + "/spa");
                return;
            }
            resp.setContentType("text/html;charset=UTF-8");
            try (InputStream in =
                    IdentityEndpointInBrowserTest.class.getResourceAsStream("/browser/spa-identity.html")) {
                resp.getOutputStream().write(in.readAllBytes());
            }
        }
    }

    @Test
    void anonymousAppMountsTheWidgetWithoutIdentityAndSignedInAppHandsItTheSignedProps() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            LiveChatWidgetFilter filter = LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                    .signingKeys(KEYS)
                    .identityResolver(BrowserShop::signedInAlice)
                    .build();
            try (LoopbackJetty jetty = LoopbackJetty.withSessions("/app")
                    .servlet(LiveChatIdentityServlet.forFilter(filter), LiveChatIdentityServlet.DEFAULT_PATH)
                    .servlet(new App(), "/*")) {
                jetty.start();
                String base = jetty.baseUrl();

                JsonNode anonymous = load(chromium, base + "/spa");
                assertThat(anonymous.get("error").isNull()).isTrue();
                assertThat(anonymous.get("status").asInt()).isEqualTo(204);
                assertThat(anonymous.get("cacheControl").stringValue()).isEqualTo("no-store");
                assertThat(anonymous.get("vary").stringValue()).containsIgnoringCase("Cookie");
                assertThat(anonymous.get("license").asLong()).isEqualTo(12345678L);
                assertThat(anonymous.get("params").isNull()).isTrue();
                assertThat(anonymous.get("calls").size()).isZero();

                JsonNode signedIn = load(chromium, base + "/login?user=alice");
                assertThat(signedIn.get("error").isNull()).isTrue();
                assertThat(signedIn.get("status").asInt()).isEqualTo(200);
                assertThat(signedIn.get("cacheControl").stringValue()).isEqualTo("no-store");
                assertThat(signedIn.get("calls").toString())
                        .isEqualTo("[[\"set_customer_name\",\"Alice Liddell\"],"
                                + "[\"set_customer_email\",\"alice@example.com\"]]");
                JsonNode params = signedIn.get("params");
                assertThat(params.size()).isEqualTo(2);
                assertThat(params.get(0).toString()).isEqualTo("{\"name\":\"plan\",\"value\":\"gold\"}");
                assertThat(params.get(1).get("name").stringValue()).isEqualTo("lc_identity");
                String token = params.get(1).get("value").stringValue();

                TokenVerification verified =
                        IdentityTokenVerifier.create(KEYS).verify(token, "12345678", Instant.now());
                assertThat(verified.status()).isEqualTo(TokenStatus.VERIFIED);
                CustomerIdentity identity = verified.identity().orElseThrow();
                assertThat(identity.subject()).isEqualTo("alice");
                assertThat(identity.name()).contains("Alice Liddell");
                assertThat(identity.email()).contains("alice@example.com");
                assertThat(identity.sessionVariables()).containsExactly(java.util.Map.entry("plan", "gold"));
                String sessionId =
                        chromium.driver().manage().getCookieNamed("JSESSIONID").getValue();
                assertThat(verified.session())
                        .as("the token is bound to the browser's session, as on pages")
                        .contains(SessionClaim.ofSessionId(sessionId.replaceAll("\\..*$", "")));
            }
        }
    }

    /** Opens {@code url} and returns what the app fetched and what the stand-in widget received. */
    private static JsonNode load(Chromium chromium, String url) {
        chromium.driver().get(url);
        String json = (String) chromium.waitFor("return window.__done ? JSON.stringify({status: window.__status,"
                + " cacheControl: window.__cacheControl, vary: window.__vary, error: window.__error || null,"
                + " license: (window.__lc || {}).license, params: (window.__lc || {}).params || null,"
                + " calls: window.__calls}) : null");
        return JSON.readTree(json);
    }
}
