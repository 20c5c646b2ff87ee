package io.lcbridge.servlet;

import io.lcbridge.testsupport.browser.Chromium;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The security review's desync pages ({@link DesyncPages}) served through the filter on Jetty 12.1 and loaded in
 * headless Chromium: wherever the filter put the snippet, the browser must run it as a real script of the document's
 * head or body (not text of a {@code <textarea>}, not inside {@code <template>}, SVG, MathML or a comment, not part
 * of a form's data), and where the filter put nothing the page must come out unchanged. Then the filter's output must
 * be exactly the expected one. Skips with a visible reason without Chromium, fails under {@code CI=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
final class DesyncPagesInChromiumTest {

    /** Counts its runs in a global and marks itself, so the test can find the element and tell it ran. */
    static final String PROBE =
            "<script data-lcbridge-probe>window.__lcbridgeRuns=(window.__lcbridgeRuns||0)+1</script>";

    static final List<DesyncPages.Page> PAGES = DesyncPages.PAGES;

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private Chromium chromium;
    private TestContainer container;
    private URI base;

    @BeforeAll
    void start() throws Exception {
        chromium = Chromium.startOrSkip();
        container = TestContainer.Env.EE11.create();
        SnippetSource probe = request -> new Snippet(PROBE, false);
        container.filter(filter(probe, InjectionPoint.BEFORE_BODY_END), "/body/*");
        container.filter(filter(probe, InjectionPoint.BEFORE_HEAD_END), "/head/*");
        container.servlet(new PageServlet(), "/*");
        base = container.start();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (chromium != null) {
                chromium.close();
            }
        } finally {
            if (container != null) {
                container.close();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("PAGES")
    void theSnippetRunsAsARealScriptWhereverTheFilterPutsItAndNowhereElse(DesyncPages.Page page) throws Exception {
        String path = (page.beforeHeadEnd() ? "/head/" : "/body/") + PAGES.indexOf(page);
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        String served = response.body();
        boolean injected = served.contains("data-lcbridge-probe");

        chromium.driver().get(base + path);
        @SuppressWarnings("unchecked")
        Map<String, Object> dom = (Map<String, Object>) chromium.script("""
                        const probe = document.querySelector('script[data-lcbridge-probe]');
                        const stolen = [...document.querySelectorAll('textarea, input, select, option')]
                            .filter(e => String(e.value).includes('lcbridge'));
                        return {
                          runs: window.__lcbridgeRuns || 0,
                          found: probe !== null,
                          inDocument: probe !== null
                              && (document.body?.contains(probe) || document.head?.contains(probe)) === true,
                          html: probe !== null && probe.namespaceURI === 'http://www.w3.org/1999/xhtml',
                          wrapped: probe !== null
                              && probe.parentElement?.closest('textarea, template, svg, math, noscript, title') != null,
                          stolen: stolen.length
                        };
                        """);

        if (injected) {
            assertThat(dom.get("runs")).as("the snippet ran, once: %s", served).isEqualTo(1L);
            assertThat(dom.get("found"))
                    .as("the snippet is an element of the DOM")
                    .isEqualTo(true);
            assertThat(dom.get("html")).as("the snippet is an HTML script").isEqualTo(true);
            assertThat(dom.get("inDocument"))
                    .as("the snippet is in head or body")
                    .isEqualTo(true);
            assertThat(dom.get("wrapped"))
                    .as("the snippet is not inside textarea/template/svg/math")
                    .isEqualTo(false);
        } else {
            assertThat(served).as("a page without a snippet passes unchanged").isEqualTo(page.input());
        }
        assertThat(dom.get("stolen")).as("no form control holds the snippet").isEqualTo(0L);
        assertThat(served).as("the filter's decision").isEqualTo(page.expected(PROBE));
    }

    private static LiveChatWidgetFilter filter(SnippetSource source, InjectionPoint point) {
        return new LiveChatWidgetFilter(
                source,
                new FilterSettings(point, false, new PathPatterns(List.of(), List.of()), WidgetFilterMetrics.none()));
    }

    /** Serves {@code DesyncPages.PAGES[n]} at {@code /body/n} and {@code /head/n}, written in small pieces. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String uri = req.getRequestURI();
            int n = Integer.parseInt(uri.substring(uri.lastIndexOf('/') + 1));
            String page = PAGES.get(n).input();
            resp.setContentType("text/html;charset=UTF-8");
            if (n % 2 == 0) {
                var out = resp.getWriter();
                for (int i = 0; i < page.length(); i += 7) {
                    out.write(page, i, Math.min(7, page.length() - i));
                }
            } else {
                byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
                var out = resp.getOutputStream();
                for (int i = 0; i < bytes.length; i += 5) {
                    out.write(bytes, i, Math.min(5, bytes.length - i));
                }
            }
        }
    }
}
