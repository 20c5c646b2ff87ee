package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.TestContainer.Env;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Logout hygiene over HTTP on real Jetty (ee10 and ee11): a page with an identity marks the browser with a small
 * {@code HttpOnly} cookie; the first anonymous page that sees it gets the calls clearing the widget's customer data
 * and drops it; later anonymous pages get the plain loader. Automatic injection and manual placement alike.
 */
final class LogoutHygieneOnJettyTest {

    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII)));
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String MARK = "lcbridge_identified=1";
    private static final String CLEARING_CALLS =
            "LiveChatWidget.call(\"set_session_variables\", {\"lc_identity\":\"\"});\n"
                    + "LiveChatWidget.call(\"set_customer_name\", \" \");\n"
                    + "LiveChatWidget.call(\"set_customer_email\", \" \");\n";

    /** A whole page; with {@code ?manual} the page places the snippet itself in its head. */
    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            String head = req.getParameter("manual") != null ? LiveChatSnippets.html(req) : "";
            resp.getWriter().write("<html><head>" + head + "</head><body><p>page</p></body></html>");
        }
    }

    private static URI start(TestContainer c) throws Exception {
        WidgetOptions options = WidgetOptions.forLicense(12345678);
        c.filter(new TestPages.LoginFilter(), "/*");
        c.filter(LiveChatWidgetFilter.builder(options).signingKeys(KEYS).build(), "/shop/*");
        c.filter(
                LiveChatWidgetFilter.builder(options)
                        .signingKeys(KEYS)
                        .forgetAfterLogout(false)
                        .build(),
                "/off/*");
        c.filter(
                LiveChatWidgetFilter.builder(options)
                        .signingKeys(KEYS)
                        .anonymousVisitors(AnonymousVisitors.NOTHING)
                        .build(),
                "/members/*");
        c.servlet(new App(), "/*");
        return c.start();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void theFirstAnonymousPageAfterASignedInOneClearsTheWidgetAndDropsTheMark(Env env) throws Exception {
        try (TestContainer c = env.create()) {
            URI base = start(c);

            HttpResponse<String> signedIn = get(base, "/shop/page?user=alice");
            assertThat(signedIn.body()).contains("lc_identity\":\"ey").doesNotContain("set_customer_name\", \" \"");
            assertThat(setCookies(signedIn))
                    .singleElement()
                    .satisfies(cookie -> assertThat(cookie)
                            .startsWith(MARK + "; Max-Age=34560000")
                            .contains("; Path=/")
                            .contains("; HttpOnly")
                            .contains("; SameSite=Lax")
                            .doesNotContain("Secure"));
            assertThat(setCookies(get(base, "/shop/page?user=alice", "Cookie", MARK)))
                    .as("already marked: no cookie again")
                    .isEmpty();

            HttpResponse<String> afterLogout = get(base, "/shop/page", "Cookie", MARK);
            assertThat(afterLogout.body())
                    .contains("window.__lc.license = 12345678;")
                    .contains(CLEARING_CALLS)
                    .doesNotContain("ey");
            assertThat(setCookies(afterLogout))
                    .singleElement()
                    .satisfies(cookie ->
                            assertThat(cookie).startsWith("lcbridge_identified=; Max-Age=0; Path=/; HttpOnly"));
            assertThat(afterLogout.headers().firstValue("Cache-Control"))
                    .as("the page depends on the browser's cookie: no shared cache may keep it")
                    .hasValueSatisfying(
                            policy -> assertThat(policy).startsWith("private").contains("no-store"));

            HttpResponse<String> later = get(base, "/shop/page");
            assertThat(later.body()).contains("window.__lc.license = 12345678;").doesNotContain("LiveChatWidget.call");
            assertThat(setCookies(later)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void manualPlacementMarksAndClearsToo(Env env) throws Exception {
        try (TestContainer c = env.create()) {
            URI base = start(c);

            HttpResponse<String> signedIn = get(base, "/shop/page?manual&user=alice");
            assertThat(signedIn.body())
                    .startsWith("<html><head><!-- Start of LiveChat")
                    .contains("lc_identity\":\"ey");
            assertThat(setCookies(signedIn))
                    .singleElement()
                    .satisfies(c2 -> assertThat(c2).startsWith(MARK));

            HttpResponse<String> afterLogout = get(base, "/shop/page?manual", "Cookie", MARK);
            assertThat(afterLogout.body())
                    .startsWith("<html><head><!-- Start of LiveChat")
                    .contains(CLEARING_CALLS);
            assertThat(afterLogout.body().indexOf("window.__lc.license"))
                    .as("one snippet only")
                    .isEqualTo(afterLogout.body().lastIndexOf("window.__lc.license"));
            assertThat(setCookies(afterLogout))
                    .singleElement()
                    .satisfies(c2 -> assertThat(c2).startsWith("lcbridge_identified=; Max-Age=0"));
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void switchedOffOrWithoutAnonymousLoaderNothingIsMarkedOrCleared(Env env) throws Exception {
        try (TestContainer c = env.create()) {
            URI base = start(c);
            for (String prefix : List.of("/off", "/members")) {
                HttpResponse<String> signedIn = get(base, prefix + "/page?user=alice");
                assertThat(signedIn.body()).as(prefix).contains("lc_identity");
                assertThat(setCookies(signedIn)).as(prefix).isEmpty();

                HttpResponse<String> anonymous = get(base, prefix + "/page", "Cookie", MARK);
                assertThat(anonymous.body()).as(prefix).doesNotContain("LiveChatWidget.call");
                assertThat(setCookies(anonymous)).as(prefix).isEmpty();
            }
        }
    }

    private static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }

    private static HttpResponse<String> get(URI base, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
