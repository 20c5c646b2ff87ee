package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.TestContainer.Env;
import io.lcbridge.servlet.WidgetFilterMetrics.SkipReason;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Manual placement ({@link LiveChatSnippets#html}) hands out the identity only while the response can still be kept
 * out of shared caches: a template that asks after the application committed a {@code public} page gets the loader
 * alone, and the withheld identity is counted, as the filter does for its own injection.
 */
final class ManualPlacementAfterCommitOnJettyTest {

    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII)));
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * Declares the page cacheable ({@code ?cache=} value), commits it first with {@code ?commit}, then asks for the
     * snippet the way a template helper does.
     */
    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            resp.setHeader("Cache-Control", req.getParameter("cache"));
            PrintWriter out = resp.getWriter();
            if (req.getParameter("auto") != null) { // left to the filter, committed before <body>
                out.write("<html><head><title>catalogue</title></head>");
                resp.flushBuffer();
                out.write("<body><p>page</p></body></html>");
                return;
            }
            out.write("<html><head><title>catalogue</title>");
            if (req.getParameter("commit") != null) {
                resp.flushBuffer();
            }
            resp.setHeader("X-Committed-Before-Snippet", String.valueOf(resp.isCommitted()));
            out.write(LiveChatSnippets.html(req));
            out.write("</head><body><p>page</p></body></html>");
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void afterACommittedPublicResponseTheTemplateGetsTheLoaderWithoutIdentityAndItIsCounted(Env env) throws Exception {
        List<SkipReason> skipped = new CopyOnWriteArrayList<>();
        List<Boolean> placed = new CopyOnWriteArrayList<>();
        try (TestContainer c = env.create()) {
            URI base = start(c, skipped, placed);

            HttpResponse<String> late = get(base, "/page?user=alice&commit&cache=public,%20max-age=3600");

            assertThat(late.headers().firstValue("X-Committed-Before-Snippet")).isEmpty(); // committed: header lost
            assertThat(late.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
            assertThat(late.body())
                    .contains("window.__lc.license = 12345678;")
                    .doesNotContain("lc_identity")
                    .doesNotContain("alice")
                    .doesNotContain("LiveChatWidget.call");
            awaitCount(skipped, 1);
            assertThat(skipped).containsExactly(SkipReason.NO_INJECTION_POINT);
            assertThat(placed).containsExactly(false);
            assertThat(late.headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void inTheHeadPlacementTheResponseTurnsPrivateAtHeadSoALateTemplateStillGetsTheIdentity(Env env) throws Exception {
        List<SkipReason> skipped = new CopyOnWriteArrayList<>();
        List<Boolean> placed = new CopyOnWriteArrayList<>();
        try (TestContainer c = env.create()) {
            URI base = start(c, skipped, placed, InjectionPoint.BEFORE_HEAD_END);

            HttpResponse<String> late = get(base, "/page?user=alice&commit&cache=public,%20max-age=3600");

            assertThat(late.headers().firstValue("Cache-Control"))
                    .as("decided at <head>, before the application committed")
                    .hasValue("private, max-age=3600");
            assertThat(late.body()).contains("\"lc_identity\":\"ey");
            assertThat(occurrences(late.body(), "window.__lc.license")).isEqualTo(1);
            awaitCount(placed, 1);
            assertThat(placed).containsExactly(true);
            assertThat(skipped).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void theFilterLikewiseInjectsTheLoaderWithoutIdentityIntoAResponseCommittedBeforeBody(Env env) throws Exception {
        List<SkipReason> skipped = new CopyOnWriteArrayList<>();
        List<Boolean> injected = new CopyOnWriteArrayList<>();
        WidgetFilterMetrics metrics = new WidgetFilterMetrics() {
            @Override
            public void skipped(SkipReason reason) {
                skipped.add(reason);
            }

            @Override
            public void injected(boolean withIdentity) {
                injected.add(withIdentity);
            }
        };
        try (TestContainer c = env.create()) {
            c.filter(new TestPages.LoginFilter(), "/*");
            c.filter(
                    LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                            .signingKeys(KEYS)
                            .metrics(metrics)
                            .injectionPoint(InjectionPoint.BEFORE_BODY_END) // committed before <body>
                            .build(),
                    "/*");
            c.servlet(new App(), "/*");
            URI base = c.start();

            HttpResponse<String> late = get(base, "/page?user=alice&auto&cache=public,%20max-age=3600");

            assertThat(late.headers().firstValue("Cache-Control")).hasValue("public, max-age=3600");
            assertThat(late.body())
                    .contains("<p>page</p><!-- Start of LiveChat")
                    .contains("window.__lc.license = 12345678;")
                    .doesNotContain("lc_identity")
                    .doesNotContain("alice");
            awaitCount(injected, 1);
            assertThat(injected).containsExactly(false);
            assertThat(skipped).containsExactly(SkipReason.NO_INJECTION_POINT);
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void beforeCommitTheTemplateGetsTheIdentityAndTheResponseTurnsPrivate(Env env) throws Exception {
        List<SkipReason> skipped = new CopyOnWriteArrayList<>();
        List<Boolean> placed = new CopyOnWriteArrayList<>();
        try (TestContainer c = env.create()) {
            URI base = start(c, skipped, placed);

            HttpResponse<String> early = get(base, "/page?user=alice&cache=public,%20max-age=3600");

            assertThat(early.headers().firstValue("X-Committed-Before-Snippet")).hasValue("false");
            assertThat(early.body()).contains("lc_identity\":\"ey");
            assertThat(early.headers().firstValue("Cache-Control")).hasValue("private, max-age=3600");
            assertThat(placed).containsExactly(true);
            assertThat(skipped).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aResponseCommittedPrivateOrNoStoreStillGetsTheIdentity(Env env) throws Exception {
        List<SkipReason> skipped = new CopyOnWriteArrayList<>();
        List<Boolean> placed = new CopyOnWriteArrayList<>();
        try (TestContainer c = env.create()) {
            URI base = start(c, skipped, placed);

            for (String cache : List.of("private,%20max-age=60", "no-cache,%20no-store,%20must-revalidate")) {
                HttpResponse<String> r = get(base, "/page?user=alice&commit&cache=" + cache);
                assertThat(r.body()).as(cache).contains("lc_identity\":\"ey");
            }
            assertThat(placed).containsExactly(true, true);
            assertThat(skipped).isEmpty();
        }
    }

    private static URI start(TestContainer c, List<SkipReason> skipped, List<Boolean> placed) throws Exception {
        // these pages commit between <head> and <body>: the scenario of the body placement
        return start(c, skipped, placed, InjectionPoint.BEFORE_BODY_END);
    }

    private static URI start(TestContainer c, List<SkipReason> skipped, List<Boolean> placed, InjectionPoint point)
            throws Exception {
        WidgetFilterMetrics metrics = new WidgetFilterMetrics() {
            @Override
            public void skipped(SkipReason reason) {
                skipped.add(reason);
            }

            @Override
            public void placedByTemplate(boolean withIdentity) {
                placed.add(withIdentity);
            }
        };
        c.filter(new TestPages.LoginFilter(), "/*");
        c.filter(
                LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                        .signingKeys(KEYS)
                        .metrics(metrics)
                        .injectionPoint(point)
                        .build(),
                "/*");
        c.servlet(new App(), "/*");
        return c.start();
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    private static void awaitCount(List<?> list, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (list.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    private static HttpResponse<String> get(URI base, String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
