package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.widget.WidgetOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A metrics binding that throws on every call (a registry shutting down, a bug in a custom implementation) breaks no
 * page: injected, skipped, hand-placed and failed responses are all served as without it, and each call was made.
 */
final class MetricsThatThrowOnJettyTest {

    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII)));
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final AtomicInteger CALLS = new AtomicInteger();

    /** Throws from every method, counting the calls. */
    private static final WidgetFilterMetrics THROWING = new WidgetFilterMetrics() {
        @Override
        public void skipped(SkipReason reason) {
            throw broken();
        }

        @Override
        public void injected(boolean withIdentity) {
            throw broken();
        }

        @Override
        public void placedByTemplate(boolean withIdentity) {
            throw broken();
        }

        @Override
        public void failed(Stage stage, String cause) {
            throw broken();
        }

        private IllegalStateException broken() {
            CALLS.incrementAndGet();
            return new IllegalStateException("metrics registry closed");
        }
    };

    private static LoopbackJetty server;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        server = LoopbackJetty.at("/app")
                .filter(new TestPages.LoginFilter(), "/*")
                .filter(
                        LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                                .signingKeys(KEYS)
                                .injectionPoint(InjectionPoint.BEFORE_BODY_END)
                                .metrics(THROWING)
                                .build(),
                        "/*")
                .servlet(new TestPages.Pages(), "/*");
        server.start();
        base = server.baseUrl();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void aSignedInPageGetsItsSnippetAlthoughCountingItThrows() throws Exception {
        int before = CALLS.get();
        HttpResponse<String> response = get("/writer?user=alice");

        assertThat(response.statusCode()).isEqualTo(200);
        String body = response.body();
        int marker = TestPages.PAGE.lastIndexOf("</body>");
        assertThat(body)
                .contains("lc_identity")
                .startsWith(TestPages.PAGE.substring(0, marker))
                .endsWith(TestPages.PAGE.substring(marker));
        assertThat(CALLS.get()).isGreaterThan(before); // injected(...) was called, and threw
    }

    @Test
    void aSkippedResponseIsServedUnchangedAlthoughCountingTheSkipThrows() throws Exception {
        int before = CALLS.get();
        HttpResponse<String> response = get("/text-plain");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(TestPages.PAGE);
        assertThat(CALLS.get()).isGreaterThan(before); // skipped(...) was called, and threw
    }

    @Test
    void aTemplatePlacedSnippetIsServedAlthoughCountingItThrows() throws Exception {
        int before = CALLS.get();
        HttpResponse<String> response = get("/manual");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .startsWith("<html><head>")
                .contains("window.__lc")
                .endsWith("</head><body><p>hi</p></body></html>");
        assertThat(CALLS.get()).isGreaterThan(before); // placedByTemplate(...) was called, and threw
    }
}
