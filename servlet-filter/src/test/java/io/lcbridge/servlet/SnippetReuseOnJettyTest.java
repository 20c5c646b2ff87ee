package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.TokenVerification;
import io.lcbridge.testsupport.fixtures.SamplePages;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter keeps the snippet it rendered for a token and serves it again to the next page of the same browser
 * session ({@link SnippetMemo}); on real Jetty with real sessions, one filter, two users, interleaved and concurrent
 * pages: every page carries its own visitor's identity (subject, name, session), never the other's, and a page with
 * a CSP nonce carries its own nonce.
 */
final class SnippetReuseOnJettyTest {

    private static final String SECRET = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII));
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(SECRET);
    private static final Pattern TOKEN = Pattern.compile("lc_identity\"\\s*:\\s*\"([A-Za-z0-9_.\\-]+)\"");
    private static final Pattern NAME = Pattern.compile("set_customer_name\"?\\s*,\\s*\"([^\"]*)\"");

    private static LoopbackJetty server;
    private static String base;

    /** {@code ?nonce=N} sets the CSP nonce attribute (sign-in is {@link TestPages.SessionLoginFilter}'s). */
    static final class NonceParameter extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            String nonce = request.getParameter("nonce");
            if (nonce != null) {
                request.setAttribute(LiveChatWidgetFilter.DEFAULT_NONCE_ATTRIBUTE, nonce);
            }
            chain.doFilter(request, response);
        }
    }

    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            resp.getWriter().write(SamplePages.SIMPLE);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackJetty.withSessions("/app")
                .filter(new NonceParameter(), "/*")
                .filter(new TestPages.SessionLoginFilter(), "/*")
                .filter(
                        LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                                .signingKeys(KEYS)
                                .identityCustomizer((request, identity) -> identity.name(
                                        "Customer " + request.getUserPrincipal().getName()))
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

    private static String token(String page) {
        Matcher m = TOKEN.matcher(page);
        assertThat(m.find()).as("identity token in page").isTrue();
        return m.group(1);
    }

    private static String customerName(String page) {
        Matcher m = NAME.matcher(page);
        assertThat(m.find()).as("customer name in page").isTrue();
        return m.group(1);
    }

    private static TokenVerification verify(String token) {
        return IdentityTokenVerifier.create(KEYS).verify(token, "12345678", Instant.now());
    }

    /** Asserts that {@code page} carries {@code user}'s identity in {@code device}'s session, and only that. */
    private static String assertOwnIdentity(String page, String user, CookieDevice device) {
        String token = token(page);
        TokenVerification v = verify(token);
        assertThat(v.identity().orElseThrow().subject()).isEqualTo(user);
        assertThat(v.session()).contains(SessionClaim.ofSessionId(device.sessionId()));
        assertThat(customerName(page)).isEqualTo("Customer " + user);
        assertThat(TOKEN.matcher(page).results().count()).isEqualTo(1);
        return token;
    }

    @Test
    void interleavedPagesOfTwoUsersEachCarryTheirOwnIdentityAndReuseTheirOwnToken() throws Exception {
        CookieDevice alice = new CookieDevice(base);
        CookieDevice bob = new CookieDevice(base);
        String aliceToken = assertOwnIdentity(alice.page("/page?login=alice"), "alice", alice);
        String bobToken = assertOwnIdentity(bob.page("/page?login=bob"), "bob", bob);
        assertThat(bobToken).isNotEqualTo(aliceToken);

        for (int i = 0; i < 10; i++) {
            String alicePage = alice.page("/page/" + i);
            String bobPage = bob.page("/page/" + i);
            assertThat(assertOwnIdentity(alicePage, "alice", alice))
                    .as("alice's session keeps its token")
                    .isEqualTo(aliceToken);
            assertThat(assertOwnIdentity(bobPage, "bob", bob))
                    .as("bob's session keeps its token")
                    .isEqualTo(bobToken);
            assertThat(alicePage).doesNotContain(bobToken).doesNotContain("Customer bob");
            assertThat(bobPage).doesNotContain(aliceToken).doesNotContain("Customer alice");
        }
    }

    @Test
    void aSecondSessionOfTheSameUserGetsItsOwnTokenNotTheFirstSessionsSnippet() throws Exception {
        CookieDevice laptop = new CookieDevice(base);
        CookieDevice phone = new CookieDevice(base);
        String laptopToken = assertOwnIdentity(laptop.page("/page?login=carol"), "carol", laptop);
        laptop.page("/again");

        String phoneToken = assertOwnIdentity(phone.page("/page?login=carol"), "carol", phone);

        assertThat(phoneToken).isNotEqualTo(laptopToken);
        assertThat(assertOwnIdentity(laptop.page("/third"), "carol", laptop)).isEqualTo(laptopToken);
    }

    @Test
    void concurrentPagesOfManyVisitorsNeverCarryAnotherVisitorsIdentity() throws Exception {
        List<String> users = List.of("dave", "erin", "frank", "grace");
        List<CookieDevice> devices = new ArrayList<>();
        for (String user : users) {
            CookieDevice device = new CookieDevice(base);
            assertOwnIdentity(device.page("/page?login=" + user), user, device);
            devices.add(device);
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> pages = new ArrayList<>();
            for (int i = 0; i < 160; i++) {
                int n = i;
                pages.add(pool.submit(() -> {
                    int who = n % users.size();
                    if (n % 5 == 0) {
                        // a session-less principal of another name, through the same filter at the same time
                        String page = new CookieDevice(base).page("/page?user=stateless" + who);
                        assertThat(verify(token(page)).identity().orElseThrow().subject())
                                .isEqualTo("stateless" + who);
                        assertThat(customerName(page)).isEqualTo("Customer stateless" + who);
                    } else {
                        CookieDevice device = devices.get(who);
                        assertOwnIdentity(device.page("/page/" + n), users.get(who), device);
                    }
                    return null;
                }));
            }
            for (Future<?> page : pages) {
                page.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void pagesWithACspNonceEachCarryTheirOwnNonce() throws Exception {
        CookieDevice henry = new CookieDevice(base);
        String first = henry.page("/page?login=henry&nonce=Zmlyc3Q");
        String second = henry.page("/page?nonce=c2Vjb25k");

        assertThat(first).contains("nonce=\"Zmlyc3Q\"").doesNotContain("c2Vjb25k");
        assertThat(second).contains("nonce=\"c2Vjb25k\"").doesNotContain("Zmlyc3Q");
        assertThat(token(second)).isEqualTo(token(first));
        assertOwnIdentity(second, "henry", henry);
    }

    @Test
    void anAnonymousVisitorAfterSignedInPagesGetsTheLoaderWithoutAnyIdentity() throws Exception {
        CookieDevice ivy = new CookieDevice(base);
        assertOwnIdentity(ivy.page("/page?login=ivy"), "ivy", ivy);

        String anonymous = new CookieDevice(base).page("/page");

        assertThat(anonymous)
                .contains("window.__lc")
                .doesNotContain("lc_identity")
                .doesNotContain("Customer ivy");
    }
}
