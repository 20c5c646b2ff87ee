package io.lcbridge.servlet;

import io.lcbridge.servlet.TestContainer.Env;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lcbridge.servlet.TestPages.IDENTITY_SNIPPET;
import static io.lcbridge.servlet.TestPages.PAGE;
import static io.lcbridge.servlet.TestPages.SNIPPET;
import static io.lcbridge.servlet.TestPages.injected;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The filter in front of real servlets on real Jetty 12.1, once per environment (ee10 = Servlet 6.0, ee11 = Servlet
 * 6.1). Every case of the injection rules: how the page is written, what must stay untouched, Content-Length,
 * reset/sendError/sendRedirect, async, non-closing applications, caching headers, manual placement, fail-open.
 */
final class WidgetFilterOnJettyTest {

    private static final Map<Env, URI> SERVERS = new EnumMap<>(Env.class);
    private static final Map<Env, TestContainer> CONTAINERS = new EnumMap<>(Env.class);
    static final Map<String, AtomicInteger> COUNTS = new ConcurrentHashMap<>();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private static final WidgetFilterMetrics METRICS = new WidgetFilterMetrics() {
        @Override
        public void injected(boolean withIdentity) {
            count("injected." + withIdentity);
        }

        @Override
        public void placedByTemplate(boolean withIdentity) {
            count("placed." + withIdentity);
        }

        @Override
        public void failed(Stage stage, String cause) {
            count("failed." + stage + "." + cause);
        }
    };

    private static void count(String key) {
        COUNTS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private static int counted(String key) {
        AtomicInteger n = COUNTS.get(key);
        return n == null ? 0 : n.get();
    }

    static synchronized URI server(Env env) throws Exception {
        URI uri = SERVERS.get(env);
        if (uri != null) {
            return uri;
        }
        TestContainer c = env.create();
        SnippetSource source = request ->
                request.getUserPrincipal() != null ? new Snippet(IDENTITY_SNIPPET, true) : new Snippet(SNIPPET, false);
        c.filter(new TestPages.LoginFilter(), "/*");
        c.filter(filter(source, InjectionPoint.BEFORE_BODY_END, false, List.of()), "/p/*");
        c.filter(filter(source, InjectionPoint.BEFORE_HEAD_END, false, List.of()), "/head/*");
        c.filter(filter(source, InjectionPoint.BEFORE_BODY_END, true, List.of()), "/err/*");
        c.filter(filter(source, InjectionPoint.BEFORE_BODY_END, false, List.of("/x/skip/*", "*.txt")), "/x/*");
        c.filter(
                filter(
                        request -> {
                            throw new SnippetSource.SnippetFailure(
                                    WidgetFilterMetrics.Stage.SIGN, new IllegalStateException("key broken"));
                        },
                        InjectionPoint.BEFORE_BODY_END,
                        false,
                        List.of()),
                "/fail/*");
        c.servlet(new TestPages.Pages(), "/*");
        c.servlet(new TestPages.ErrorPage(), "/p/errorpage");
        c.servlet(new TestPages.Fragment(), "/fragment");
        c.errorPage(500, "/p/errorpage");
        uri = c.start();
        SERVERS.put(env, uri);
        CONTAINERS.put(env, c);
        return uri;
    }

    private static LiveChatWidgetFilter filter(
            SnippetSource source, InjectionPoint point, boolean errors, List<String> excludes) {
        return new LiveChatWidgetFilter(
                source, new FilterSettings(point, errors, new PathPatterns(List.of(), excludes), METRICS));
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (TestContainer c : CONTAINERS.values()) {
            c.close();
        }
        CONTAINERS.clear();
        SERVERS.clear();
    }

    static HttpResponse<byte[]> get(Env env, String path) throws Exception {
        return send(env, path, "GET");
    }

    static HttpResponse<byte[]> send(Env env, String path, String method) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server(env) + path))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(Duration.ofSeconds(20))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    static String body(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    /** The body length and Content-Length (when sent) agree: a stale length would truncate the page. */
    static void assertLengthConsistent(HttpResponse<byte[]> response) {
        response.headers()
                .firstValueAsLong("Content-Length")
                .ifPresent(length -> assertThat(length).isEqualTo(response.body().length));
    }

    // ------------------------------------------------------------------ how the page is written

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsIntoAPageWrittenThroughTheWriter(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/writer");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r)).isEqualTo(injected(SNIPPET));
        assertLengthConsistent(r);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsIntoAPageWrittenThroughTheStream(Env env) throws Exception {
        assertThat(body(get(env, "/p/stream"))).isEqualTo(injected(SNIPPET));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsIntoAPageWrittenOneByteAtATime(Env env) throws Exception {
        assertThat(body(get(env, "/p/stream-bytewise"))).isEqualTo(injected(SNIPPET));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsIntoAPageWrittenOneCharAtATime(Env env) throws Exception {
        assertThat(body(get(env, "/p/writer-charwise"))).isEqualTo(injected(SNIPPET));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void keepsPrintlnLineEndsInOrderAfterAHeldPartialMarker(Env env) throws Exception {
        assertThat(body(get(env, "/p/writer-println")))
                .isEqualTo("<html><body>x" + SNIPPET + "</body>" + System.lineSeparator());
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsWhenWritesStartAtAnOffset(Env env) throws Exception {
        assertThat(body(get(env, "/p/stream-offset"))).isEqualTo(injected(SNIPPET));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsWhenTheMarkerIsSplitAcrossWritesAndAFlush(Env env) throws Exception {
        assertThat(body(get(env, "/p/split-marker"))).isEqualTo("<html><body>x" + SNIPPET + "</body></html>");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsBeforeHeadEndWhenConfigured(Env env) throws Exception {
        String expected = PAGE.replace("</head>", SNIPPET + "</head>");
        assertThat(body(get(env, "/head/writer"))).isEqualTo(expected);
        assertThat(body(get(env, "/head/stream-bytewise"))).isEqualTo(expected);
    }

    // ------------------------------------------------------------------ Content-Length

    @ParameterizedTest
    @EnumSource(Env.class)
    void contentLengthSetInAnyWayNeverTruncatesThePage(Env env) throws Exception {
        for (String way : List.of(
                "setContentLength", "setContentLengthLong", "setHeader", "addHeader", "setIntHeader", "addIntHeader")) {
            for (String writer : List.of("", "?writer=1")) {
                HttpResponse<byte[]> r = get(env, "/p/cl-" + way + writer);
                assertThat(body(r)).as(way + writer).isEqualTo(injected(SNIPPET));
                assertLengthConsistent(r);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void contentLengthOfAnUntouchedResponseReachesTheClient(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/cl-plain");
        assertThat(r.body()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
        assertThat(r.headers().firstValueAsLong("Content-Length"))
                .hasValue(PAGE.getBytes(StandardCharsets.UTF_8).length);
    }

    // ------------------------------------------------------------------ left untouched

    @ParameterizedTest
    @EnumSource(Env.class)
    void leavesGzipEncodedPagesByteIdentical(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/gzip");
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.body()).isEqualTo(TestPages.Pages.gzip(PAGE.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void leavesNonHtmlResponsesByteIdentical(Env env) throws Exception {
        assertThat(get(env, "/p/text-plain").body()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
        assertThat(get(env, "/p/no-type").body()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void stopsWhenTheContentTypeTurnsOutNotHtmlAfterWritingStarted(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/late-type-plain");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(r.body()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsWhenTheContentTypeIsResetToNullBeforeItIsSet(Env env) throws Exception {
        assertThat(body(get(env, "/p/null-then-html"))).isEqualTo(injected(SNIPPET));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void leavesHeadRequestsAlone(Env env) throws Exception {
        HttpResponse<byte[]> r = send(env, "/p/cl-setContentLength", "HEAD");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValueAsLong("Content-Length"))
                .hasValue(PAGE.getBytes(StandardCharsets.UTF_8).length);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void leavesNoContentAndNotModifiedAlone(Env env) throws Exception {
        HttpResponse<byte[]> noContent = get(env, "/p/no-content");
        assertThat(noContent.statusCode()).isEqualTo(204);
        assertThat(noContent.body()).isEmpty();
        HttpResponse<byte[]> notModified = get(env, "/p/not-modified");
        assertThat(notModified.statusCode()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void leavesErrorStatusPagesAloneUnlessEnabled(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/status-404");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r)).isEqualTo(PAGE);
        HttpResponse<byte[]> enabled = get(env, "/err/status-404");
        assertThat(enabled.statusCode()).isEqualTo(404);
        assertThat(body(enabled)).isEqualTo(injected(SNIPPET));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void doesNotInjectIntoTheErrorDispatchOfAFilteredRequest(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/send-error");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(body(r)).isEqualTo("<html><body>error page</body></html>");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void leavesFragmentsWithoutABodyStartTagAlone(Env env) throws Exception {
        assertThat(body(get(env, "/p/fragment"))).isEqualTo("<div id=\"frag\"><p>partial</p></div></body>");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void leavesExcludedPathsAlone(Env env) throws Exception {
        assertThat(body(get(env, "/x/writer"))).isEqualTo(injected(SNIPPET));
        assertThat(body(get(env, "/x/skip/writer"))).isEqualTo(PAGE);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void leavesCharsetsThatAreNotAsciiCompatibleAlone(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/utf16");
        assertThat(new String(r.body(), StandardCharsets.UTF_16)).isEqualTo(PAGE);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void keepsNonAsciiTextIntactInAsciiCompatibleCharsets(Env env) throws Exception {
        assertThat(body(get(env, "/p/utf8")))
                .isEqualTo("<html><body>Zażółć gęślą jaźń 喝点咖啡" + SNIPPET + "</body></html>");
        assertThat(new String(get(env, "/p/latin1").body(), StandardCharsets.ISO_8859_1))
                .isEqualTo("<html><body>café crème" + SNIPPET + "</body></html>");
        assertThat(new String(get(env, "/p/windows1252").body(), Charset.forName("windows-1252")))
                .isEqualTo("<html><body>naïve €" + SNIPPET + "</body></html>");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsOnceThroughForwardAndInclude(Env env) throws Exception {
        assertThat(body(get(env, "/p/forward"))).isEqualTo(injected(SNIPPET));
        assertThat(body(get(env, "/p/include"))).isEqualTo("<html><body><p>included</p>" + SNIPPET + "</body></html>");
    }

    // ------------------------------------------------------------------ reset, errors, redirects, flush

    @ParameterizedTest
    @EnumSource(Env.class)
    void sendRedirectDropsTheHeldBytesAndInjectsNothing(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/redirect");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/app/p/writer");
        assertThat(body(r)).doesNotContain("livechat").doesNotContain("</bo");
    }

    /** {@code sendRedirect(location, sc, clearBuffer)} is Servlet 6.1: ee11 only (ee10 is Servlet 6.0). */
    @ParameterizedTest
    @EnumSource(value = Env.class, names = "EE11")
    void servlet61RedirectKeepsOrClearsTheHeldBytesAsAsked(Env env) throws Exception {
        HttpResponse<byte[]> kept = get(env, "/p/redirect-keep");
        assertThat(kept.statusCode()).isEqualTo(302);
        assertThat(body(kept)).isEqualTo("<html><body>x</bo");
        HttpResponse<byte[]> cleared = get(env, "/p/redirect-clear");
        assertThat(cleared.statusCode()).isEqualTo(302);
        assertThat(body(cleared)).doesNotContain("</bo").doesNotContain("livechat");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void resetStartsOverWithOneSnippet(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/reset");
        assertThat(body(r)).isEqualTo(injected(SNIPPET));
        assertThat(r.headers().firstValue("X-Junk")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void resetBufferStartsTheBodyOverAndKeepsHeaders(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/reset-buffer");
        assertThat(body(r)).isEqualTo(injected(SNIPPET));
        assertThat(r.headers().firstValue("X-Kept")).hasValue("1");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void anEarlyFlushStillGetsTheLoaderButNeverAnIdentityItCannotMarkPrivate(Env env) throws Exception {
        assertThat(body(get(env, "/p/flush-early"))).isEqualTo(injected(SNIPPET));
        HttpResponse<byte[]> withUser = get(env, "/p/flush-early?user=alice");
        assertThat(body(withUser)).isEqualTo(PAGE);
    }

    // ------------------------------------------------------------------ async, non-blocking, non-closing

    @ParameterizedTest
    @EnumSource(Env.class)
    void injectsIntoAnAsyncResponseCompletedWithoutClosing(Env env) throws Exception {
        assertThat(body(get(env, "/p/async"))).isEqualTo(injected(SNIPPET));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void drainsHeldBytesWhenAnAsyncResponseCompletes(Env env) throws Exception {
        assertThat(body(get(env, "/p/async-partial"))).isEqualTo("<html><body>x</bod");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void passesNonBlockingOutputThroughUntouched(Env env) throws Exception {
        assertThat(body(get(env, "/p/write-listener"))).isEqualTo(PAGE);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void drainsHeldBytesWhenTheApplicationNeverClosesItsStream(Env env) throws Exception {
        assertThat(body(get(env, "/p/no-close-partial"))).isEqualTo("<html><body>x</bo");
    }

    // ------------------------------------------------------------------ identity: caching headers

    @ParameterizedTest
    @EnumSource(Env.class)
    void marksIdentityResponsesPrivateDropsStrongEtagAndVariesOnCookie(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/cache?user=alice");
        assertThat(body(r)).isEqualTo(injected(IDENTITY_SNIPPET));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("private, max-age=60");
        assertThat(r.headers().firstValue("ETag")).isEmpty();
        assertThat(String.join(",", r.headers().allValues("Vary")))
                .contains("Accept-Encoding")
                .contains("Cookie");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void keepsNoStoreAndWeakEtags(Env env) throws Exception {
        HttpResponse<byte[]> noStore = get(env, "/p/cache-nostore?user=alice");
        assertThat(noStore.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        HttpResponse<byte[]> weak = get(env, "/p/cache-weak?user=alice");
        assertThat(weak.headers().firstValue("ETag")).hasValue("W/\"abc\"");
        assertThat(weak.headers().firstValue("Cache-Control")).hasValue(CacheHeaders.NOTHING_SET_POLICY);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void leavesCachingHeadersOfAnonymousPagesAlone(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "/p/cache");
        assertThat(body(r)).isEqualTo(injected(SNIPPET));
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        assertThat(r.headers().firstValue("ETag")).hasValue("\"abc\"");
    }

    // ------------------------------------------------------------------ manual placement, fail open

    @ParameterizedTest
    @EnumSource(Env.class)
    void aSnippetPlacedByTheTemplateIsNotInjectedAgain(Env env) throws Exception {
        int before = counted("placed.true");
        HttpResponse<byte[]> r = get(env, "/p/manual?user=alice");
        assertThat(body(r)).isEqualTo("<html><head>" + IDENTITY_SNIPPET + "</head><body><p>hi</p></body></html>");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue(CacheHeaders.NOTHING_SET_POLICY);
        assertThat(counted("placed.true")).isEqualTo(before + 1);
        assertThat(body(get(env, "/p/manual-attribute")))
                .isEqualTo("<html><body><p>hi</p>" + SNIPPET + "</body></html>");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void servesThePageUnchangedAndCountsWhenProducingTheSnippetFails(Env env) throws Exception {
        int before = counted("failed.SIGN.IllegalStateException");
        assertThat(body(get(env, "/fail/writer"))).isEqualTo(PAGE);
        assertThat(get(env, "/fail/stream-bytewise").body()).isEqualTo(PAGE.getBytes(StandardCharsets.UTF_8));
        assertThat(counted("failed.SIGN.IllegalStateException")).isEqualTo(before + 2);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void countsInjections(Env env) throws Exception {
        int anonymous = counted("injected.false");
        int identity = counted("injected.true");
        get(env, "/p/writer");
        get(env, "/p/writer?user=bob");
        assertThat(counted("injected.false")).isEqualTo(anonymous + 1);
        assertThat(counted("injected.true")).isEqualTo(identity + 1);
    }
}
