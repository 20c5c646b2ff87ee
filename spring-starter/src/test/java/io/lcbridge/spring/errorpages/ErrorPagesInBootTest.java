package io.lcbridge.spring.errorpages;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code livechat.filter.error-pages} in a real Boot app: Boot renders its error pages in an ERROR dispatch of the
 * request the filter already saw, so the property must reach that dispatch (and a page must still get one snippet at
 * most); off, every error page is counted once, as {@code error_page}.
 */
final class ErrorPagesInBootTest {

    private static final String LOADER = "window.__lc";

    /** The snippet is the page's only script element (the bundled template renders exactly one). */
    private static final String SNIPPET_SCRIPT = "<script";

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    static double skipped(MeterRegistry meters, String reason) {
        var counter =
                meters.find("lcbridge.widget.skipped").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    static double injected(MeterRegistry meters) {
        return meters.find("lcbridge.widget.snippets").tag("placement", "filter").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();
    }

    @Nested
    @SpringBootTest(
            classes = ErrorPagesApplication.class,
            webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = {"livechat.license=12345678", "livechat.filter.error-pages=true"})
    final class On {

        @LocalServerPort
        private int port;

        @Autowired
        private MeterRegistry meters;

        @Test
        void theWhitelabel404PageGetsTheWidgetOnce() throws Exception {
            double before = injected(meters);

            HttpResponse<String> page = get(port, "/no-such-page");

            assertThat(page.statusCode()).isEqualTo(404);
            assertThat(page.body()).contains("Whitelabel Error Page");
            assertThat(occurrences(page.body(), SNIPPET_SCRIPT)).isEqualTo(1);
            assertThat(page.body()).contains(LOADER);
            assertThat(page.body().indexOf(LOADER)).isLessThan(page.body().indexOf("</body>"));
            assertThat(injected(meters) - before).isEqualTo(1);
        }

        @Test
        void theErrorPageOfAControllerThatThrowsGetsTheWidgetOnce() throws Exception {
            HttpResponse<String> page = get(port, "/boom");

            assertThat(page.statusCode()).isEqualTo(500);
            assertThat(page.body()).contains("Whitelabel Error Page").doesNotContain("the shop is on fire");
            assertThat(occurrences(page.body(), SNIPPET_SCRIPT)).isEqualTo(1);
        }

        @Test
        void anOrdinaryPageStillGetsExactlyOne() throws Exception {
            HttpResponse<String> page = get(port, "/page");

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(occurrences(page.body(), SNIPPET_SCRIPT)).isEqualTo(1);
        }
    }

    @Nested
    @SpringBootTest(
            classes = ErrorPagesApplication.class,
            webEnvironment = WebEnvironment.RANDOM_PORT,
            properties = {"livechat.license=12345678"})
    final class Off {

        @LocalServerPort
        private int port;

        @Autowired
        private MeterRegistry meters;

        @Test
        void errorPagesGetNoWidgetAndEachIsCountedOnceAsErrorPage() throws Exception {
            double errorPages = skipped(meters, "error_page");
            double status = skipped(meters, "status");
            double notHtml = skipped(meters, "not_html");

            HttpResponse<String> missing = get(port, "/no-such-page");
            HttpResponse<String> failed = get(port, "/boom");

            assertThat(missing.statusCode()).isEqualTo(404);
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(missing.body()).contains("Whitelabel Error Page").doesNotContain(LOADER);
            assertThat(failed.body()).contains("Whitelabel Error Page").doesNotContain(LOADER);
            assertThat(skipped(meters, "error_page") - errorPages).isEqualTo(2);
            assertThat(skipped(meters, "status") - status).isZero();
            assertThat(skipped(meters, "not_html") - notHtml).isZero();
        }
    }
}
