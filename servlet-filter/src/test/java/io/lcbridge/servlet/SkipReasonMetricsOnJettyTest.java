package io.lcbridge.servlet;

import io.lcbridge.servlet.TestContainer.Env;
import io.lcbridge.servlet.WidgetFilterMetrics.SkipReason;
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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Every response that gets no snippet is counted once, with the reason, on real Jetty (ee10 and ee11). */
final class SkipReasonMetricsOnJettyTest {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** Answers by path: JSON, a fragment, a redirect, gzip-marked HTML, a UTF-16 page, or a whole page. */
    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            if (path.endsWith("/json")) {
                resp.setContentType("application/json");
                resp.getWriter().write("{\"a\":1}");
            } else if (path.endsWith("/fragment")) {
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter().write("<div id=\"row\">updated</div>");
            } else if (path.endsWith("/redirect")) {
                resp.sendRedirect("/app/page");
            } else if (path.endsWith("/encoded")) {
                resp.setContentType("text/html");
                resp.setHeader("Content-Encoding", "identity-test");
                resp.getOutputStream().write("<html><body></body></html>".getBytes());
            } else if (path.endsWith("/utf16")) {
                resp.setContentType("text/html;charset=UTF-16");
                resp.getWriter().write("<html><body></body></html>");
            } else {
                resp.setContentType("text/html;charset=UTF-8");
                resp.getWriter().write("<html><body><p>page</p></body></html>");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void countsEachSkippedResponseOnceWithItsReason(Env env) throws Exception {
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
            c.filter(
                    LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                            .metrics(metrics)
                            .excludePaths("/private/*")
                            .build(),
                    "/*");
            c.servlet(new App(), "/*");
            URI base = c.start();

            assertThat(send(base, "GET", "/app/page").body()).contains("window.__lc.license = 12345678;");
            assertThat(injected).containsExactly(false);
            assertThat(skipped).isEmpty();

            expectSkip(base, "GET", "/app/json", SkipReason.NOT_HTML, skipped);
            expectSkip(base, "GET", "/app/fragment", SkipReason.NO_INJECTION_POINT, skipped);
            expectSkip(base, "GET", "/app/redirect", SkipReason.STATUS, skipped);
            expectSkip(base, "GET", "/app/encoded", SkipReason.CONTENT_ENCODING, skipped);
            expectSkip(base, "GET", "/app/utf16", SkipReason.CHARSET, skipped);
            expectSkip(base, "GET", "/app/private/page", SkipReason.EXCLUDED_PATH, skipped);
            expectSkip(base, "HEAD", "/app/page", SkipReason.HEAD_REQUEST, skipped);
            assertThat(injected).hasSize(1);
        }
    }

    private static void expectSkip(URI base, String method, String path, SkipReason reason, List<SkipReason> skipped)
            throws Exception {
        skipped.clear();
        HttpResponse<String> response = send(base, method, path);
        assertThat(response.body()).doesNotContain("LiveChat");
        // the count is taken when the request ends, which may be just after the client has the response
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (skipped.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(skipped).as(method + " " + path).containsExactly(reason);
    }

    private static HttpResponse<String> send(URI base, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
