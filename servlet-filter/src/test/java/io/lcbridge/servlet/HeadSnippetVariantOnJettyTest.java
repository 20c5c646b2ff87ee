package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which snippet goes where, on real Jetty (ee10 and ee11) with the real renderer of a license account (whose snippet
 * has the {@code <noscript>} "Chat with us" link): in the head, the default, the link is left out (an {@code <a>} in
 * {@code <head>} ends the head early when scripting is off); a page without {@code </head>} falls back to
 * {@code </body>} with the whole snippet; a template placing it by hand and the body placement keep the link.
 */
final class HeadSnippetVariantOnJettyTest {

    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII)));
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String NOSCRIPT = "<noscript><a href=\"https://www.livechat.com/chat-with/12345678/\"";

    /** {@code /page}, {@code /nohead} (omits {@code </head>}), {@code /manual} (template places the snippet). */
    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            String path = req.getRequestURI();
            String page = switch (path.substring(path.lastIndexOf('/') + 1)) {
                case "nohead" -> "<html><head><title>t</title><body><p>rows</p></body></html>";
                case "manual" ->
                    "<html><head><title>t</title>" + LiveChatSnippets.html(req)
                            + "</head><body><p>rows</p></body></html>";
                case "manual-in-body" -> {
                    // the head goes out first, as a template engine writes it; the slot comes later
                    resp.getWriter().write("<html><head><title>t</title></head><body><p>rows</p>");
                    yield "<article>" + LiveChatSnippets.html(req) + "</article></body></html>";
                }
                default -> "<html><head><title>t</title></head><body><p>rows</p></body></html>";
            };
            resp.getWriter().write(page);
        }
    }

    @ParameterizedTest
    @EnumSource(TestContainer.Env.class)
    void theDefaultHeadPlacementLeavesOutTheNoscriptLinkAndFallsBackToTheWholeSnippet(TestContainer.Env env)
            throws Exception {
        try (TestContainer c = env.create()) {
            URI base = start(c, LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678)));

            for (String user : new String[] {"?user=alice", ""}) {
                String head = get(base, "/page" + user);
                assertThat(head)
                        .as("identity%s in the head", user)
                        .startsWith("<html><head><title>t</title><!-- Start of LiveChat")
                        .endsWith("</script>\n<!-- End of LiveChat code -->\n</head><body><p>rows</p></body></html>")
                        .doesNotContain("<noscript")
                        .doesNotContain("Chat with us");
                assertThat(head.contains("lc_identity")).isEqualTo(!user.isEmpty());

                String fallback = get(base, "/nohead" + user);
                assertThat(fallback)
                        .as("a page without </head>%s", user)
                        .startsWith("<html><head><title>t</title><body><p>rows</p><!-- Start of LiveChat")
                        .contains(NOSCRIPT)
                        .endsWith("</body></html>");
                assertThat(fallback.contains("lc_identity")).isEqualTo(!user.isEmpty());
                assertThat(script(fallback))
                        .as("the same script as in the head")
                        .isEqualTo(script(head));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestContainer.Env.class)
    void aTemplatePlacingTheSnippetByHandGetsTheWholeSnippet(TestContainer.Env env) throws Exception {
        try (TestContainer c = env.create()) {
            URI base = start(c, LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678)));

            String manual = get(base, "/manual?user=alice");
            assertThat(manual).contains(NOSCRIPT).contains("lc_identity");
            assertThat(manual.indexOf("window.__lc.license")).isEqualTo(manual.lastIndexOf("window.__lc.license"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestContainer.Env.class)
    void aTemplateAskingAfterTheHeadWentOutGetsNothingAndThePageKeepsOneSnippet(TestContainer.Env env)
            throws Exception {
        try (TestContainer c = env.create()) {
            URI base = start(c, LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678)));

            String page = get(base, "/manual-in-body?user=alice");
            assertThat(page.indexOf("window.__lc.license"))
                    .as("once, where the filter put it")
                    .isEqualTo(page.lastIndexOf("window.__lc.license"))
                    .isLessThan(page.indexOf("</head>"));
            assertThat(page).contains("<article></article>").contains("lc_identity");
        }
    }

    @ParameterizedTest
    @EnumSource(TestContainer.Env.class)
    void theBodyPlacementKeepsTheNoscriptLink(TestContainer.Env env) throws Exception {
        try (TestContainer c = env.create()) {
            URI base = start(
                    c,
                    LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                            .injectionPoint(InjectionPoint.BEFORE_BODY_END));

            String body = get(base, "/page?user=alice");
            assertThat(body)
                    .startsWith("<html><head><title>t</title></head><body><p>rows</p><!-- Start of LiveChat")
                    .contains(NOSCRIPT)
                    .contains("lc_identity")
                    .endsWith("</body></html>");
        }
    }

    @ParameterizedTest
    @EnumSource(TestContainer.Env.class)
    void anAccountWithoutTheLinkRendersOneSnippetForBothPlaces(TestContainer.Env env) throws Exception {
        try (TestContainer c = env.create()) {
            URI base = start(
                    c,
                    LiveChatWidgetFilter.builder(WidgetOptions.builder()
                            .license(12345678)
                            .noscript(false)
                            .build()));

            assertThat(get(base, "/page?user=alice")).contains("lc_identity").doesNotContain("<noscript");
            assertThat(get(base, "/nohead?user=alice")).contains("lc_identity").doesNotContain("<noscript");
        }
    }

    private static URI start(TestContainer c, LiveChatWidgetFilter.Builder filter) throws Exception {
        c.filter(new TestPages.LoginFilter(), "/*");
        c.filter(filter.signingKeys(KEYS).build(), "/*");
        c.servlet(new App(), "/*");
        return c.start();
    }

    private static String script(String html) {
        int from = html.indexOf("<script");
        return html.substring(from, html.indexOf("</script>", from));
    }

    private static String get(URI base, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = CLIENT.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
