package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.TokenVerification;
import io.lcbridge.testsupport.fixtures.SamplePages;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
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

    private static LoopbackJetty server;
    private static String base;

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
        server = LoopbackJetty.withSessions("/app")
                .filter(new TestPages.SessionLoginFilter(), "/*")
                .filter(
                        LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                                .signingKeys(KEYS)
                                .build(),
                        "/*")
                .servlet(new App(), "/*");
        server.start();
        base = server.baseUrl();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
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
        CookieDevice laptop = new CookieDevice(base);
        CookieDevice phone = new CookieDevice(base);

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
        CookieDevice stateless = new CookieDevice(base);

        HttpResponse<String> r = stateless.get("/page?user=bob");

        TokenVerification v = verify(token(r.body()));
        assertThat(v.identity().orElseThrow().subject()).isEqualTo("bob");
        assertThat(v.session()).isEmpty();
        assertThat(claims(token(r.body()))).containsKey("jti").doesNotContainKey("sid");
        assertThat(r.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("JSESSIONID"));
    }
}
