package io.lcbridge.servlet;

import io.lcbridge.servlet.TestContainer.Env;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.lcbridge.servlet.TestPages.SNIPPET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding 11 on real Jetty (ee10 and ee11): a page whose {@code Content-Type} names no charset is decoded by
 * browsers with the charset its first bytes declare. An ISO-2022-JP page must come out byte for byte as the
 * application wrote it (the ASCII-looking {@code </body>} inside its two-byte run is kanji to a browser), counted as a
 * charset skip; pages that declare an ASCII-compatible charset, or none, still get the snippet.
 */
final class PageDeclaredCharsetOnJettyTest {

    private static final Map<Env, URI> SERVERS = new EnumMap<>(Env.class);
    private static final Map<Env, TestContainer> CONTAINERS = new EnumMap<>(Env.class);
    private static final Map<String, AtomicInteger> SKIPS = new ConcurrentHashMap<>();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private static final byte[] ESC_TWO_BYTE = {0x1B, '$', 'B'};
    private static final byte[] ESC_ASCII = {0x1B, '(', 'B'};

    /** An ISO-2022-JP page whose two-byte run holds the bytes of {@code </body>} (three kanji to a browser). */
    static byte[] iso2022Page(String declaration) {
        ByteArrayOutputStream page = new ByteArrayOutputStream();
        page.writeBytes(("<html><head>" + declaration + "<title>t</title></head><body><p>")
                .getBytes(StandardCharsets.US_ASCII));
        page.writeBytes(ESC_TWO_BYTE);
        page.writeBytes("</body>!".getBytes(StandardCharsets.US_ASCII)); // 0x3C2F 0x626F 0x6479 0x3E21
        page.writeBytes(ESC_ASCII);
        page.writeBytes("</p></body></html>".getBytes(StandardCharsets.US_ASCII));
        return page.toByteArray();
    }

    static final String UTF8_PAGE =
            "<html><head><meta charset=\"utf-8\"><title>t</title></head><body><p>Zażółć 喝点咖啡</p></body></html>";

    /** Picks the page by the last path segment; none sets a charset in Content-Type unless its name says so. */
    static final class Pages extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            resp.setContentType("text/html");
            ServletOutputStream out;
            switch (path.substring(path.lastIndexOf('/') + 1)) {
                case "iso2022-meta" -> resp.getOutputStream().write(iso2022Page("<meta charset=\"ISO-2022-JP\">"));
                case "iso2022-http-equiv" ->
                    resp.getOutputStream()
                            .write(iso2022Page(
                                    "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-2022-jp\">"));
                case "iso2022-bytewise" -> {
                    out = resp.getOutputStream();
                    for (byte b : iso2022Page("<meta charset=\"ISO-2022-JP\">")) {
                        out.write(b);
                    }
                }
                case "iso2022-undeclared" -> resp.getOutputStream().write(iso2022Page(""));
                case "iso2022-flushed-before-meta" -> {
                    byte[] page = iso2022Page("<meta charset=\"ISO-2022-JP\">");
                    out = resp.getOutputStream();
                    out.write(page, 0, 12);
                    out.flush();
                    out.write(page, 12, page.length - 12);
                }
                case "iso2022-meta-header-utf8" -> {
                    resp.setContentType("text/html;charset=UTF-8");
                    resp.getOutputStream().write(iso2022Page("<meta charset=\"ISO-2022-JP\">"));
                }
                case "utf16-bom" ->
                    resp.getOutputStream()
                            .write("\uFEFF<html><body><p>x</p></body></html>".getBytes(StandardCharsets.UTF_16LE));
                case "utf8-meta" -> resp.getOutputStream().write(UTF8_PAGE.getBytes(StandardCharsets.UTF_8));
                case "utf8-meta-bytewise" -> {
                    out = resp.getOutputStream();
                    for (byte b : UTF8_PAGE.getBytes(StandardCharsets.UTF_8)) {
                        out.write(b);
                    }
                }
                case "utf8-meta-length" -> {
                    byte[] page = UTF8_PAGE.getBytes(StandardCharsets.UTF_8);
                    resp.setContentLength(page.length);
                    resp.getOutputStream().write(page);
                }
                case "undeclared-long" -> {
                    out = resp.getOutputStream();
                    out.write("<html><head><title>t</title></head><body>".getBytes(StandardCharsets.US_ASCII));
                    for (int i = 0; i < 200; i++) {
                        out.write("<p>paragraph</p>\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write("</body></html>".getBytes(StandardCharsets.US_ASCII));
                }
                case "writer-meta" ->
                    resp.getWriter()
                            .write("<html><head><meta charset=\"ISO-2022-JP\"></head><body><p>x</p></body></html>");
                default -> throw new IllegalArgumentException(path);
            }
        }
    }

    static synchronized URI server(Env env) throws Exception {
        URI uri = SERVERS.get(env);
        if (uri != null) {
            return uri;
        }
        TestContainer c = env.create();
        WidgetFilterMetrics metrics = new WidgetFilterMetrics() {
            @Override
            public void skipped(SkipReason reason) {
                SKIPS.computeIfAbsent(env + "." + reason, k -> new AtomicInteger())
                        .incrementAndGet();
            }
        };
        c.filter(
                new LiveChatWidgetFilter(
                        request -> new Snippet(SNIPPET, false),
                        new FilterSettings(
                                InjectionPoint.BEFORE_BODY_END,
                                false,
                                new PathPatterns(List.of(), List.of()),
                                metrics)),
                "/*");
        c.servlet(new Pages(), "/*");
        uri = c.start();
        SERVERS.put(env, uri);
        CONTAINERS.put(env, c);
        return uri;
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (TestContainer c : CONTAINERS.values()) {
            c.close();
        }
        CONTAINERS.clear();
        SERVERS.clear();
    }

    private static HttpResponse<byte[]> get(Env env, String page) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server(env) + "/cs/" + page))
                .timeout(Duration.ofSeconds(20))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static int charsetSkips(Env env) {
        AtomicInteger n = SKIPS.get(env + "." + WidgetFilterMetrics.SkipReason.CHARSET);
        return n == null ? 0 : n.get();
    }

    private static String utf8(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(value = Env.class, names = "EE10") // ee11 names a charset itself: see the last test
    void anIso2022JpPageDeclaredInAMetaIsLeftByteForByteAndCounted(Env env) throws Exception {
        for (String page : List.of("iso2022-meta", "iso2022-http-equiv", "iso2022-bytewise")) {
            int before = charsetSkips(env);
            HttpResponse<byte[]> r = get(env, page);
            assertThat(r.headers().firstValue("Content-Type").orElseThrow()).doesNotContainIgnoringCase("charset");
            assertThat(r.body())
                    .as(page)
                    .isEqualTo(iso2022Page(
                            page.equals("iso2022-http-equiv")
                                    ? "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-2022-jp\">"
                                    : "<meta charset=\"ISO-2022-JP\">"));
            assertThat(charsetSkips(env)).as(page).isEqualTo(before + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Env.class, names = "EE10") // ee11 names a charset itself: see the last test
    void anUndeclaredPageWithIso2022EscapesIsLeftAlone(Env env) throws Exception {
        assertThat(get(env, "iso2022-undeclared").body()).isEqualTo(iso2022Page(""));
    }

    @ParameterizedTest
    @EnumSource(value = Env.class, names = "EE10") // ee11 names a charset itself: see the last test
    void aFlushBeforeTheDeclarationNeverLetsASnippetIntoThePage(Env env) throws Exception {
        assertThat(get(env, "iso2022-flushed-before-meta").body())
                .isEqualTo(iso2022Page("<meta charset=\"ISO-2022-JP\">"));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aUtf16PageWithAByteOrderMarkIsLeftAlone(Env env) throws Exception {
        assertThat(get(env, "utf16-bom").body())
                .isEqualTo("\uFEFF<html><body><p>x</p></body></html>".getBytes(StandardCharsets.UTF_16LE));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void theContentTypeCharsetWinsOverTheMetaAsItDoesInBrowsers(Env env) throws Exception {
        byte[] body = get(env, "iso2022-meta-header-utf8").body();
        assertThat(new String(body, StandardCharsets.ISO_8859_1)).contains(SNIPPET);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void pagesDeclaringUtf8OrNothingStillGetTheSnippet(Env env) throws Exception {
        String expected = UTF8_PAGE.replace("</body>", SNIPPET + "</body>");
        assertThat(utf8(get(env, "utf8-meta"))).isEqualTo(expected);
        assertThat(utf8(get(env, "utf8-meta-bytewise"))).isEqualTo(expected);
        HttpResponse<byte[]> withLength = get(env, "utf8-meta-length");
        assertThat(utf8(withLength)).isEqualTo(expected);
        withLength
                .headers()
                .firstValueAsLong("Content-Length")
                .ifPresent(length -> assertThat(length).isEqualTo(withLength.body().length));
        String longPage = utf8(get(env, "undeclared-long"));
        assertThat(longPage).endsWith("<p>paragraph</p>\n" + SNIPPET + "</body></html>");
        assertThat(longPage.split("<p>paragraph</p>", -1)).hasSize(201);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aWriterPageIsReadWithTheCharsetTheContainerPutInTheHeader(Env env) throws Exception {
        HttpResponse<byte[]> r = get(env, "writer-meta");
        // getWriter() without a charset picks one and says so in Content-Type (Servlet spec: ISO-8859-1; Jetty 12:
        // UTF-8), which browsers prefer over the page's <meta>
        assertThat(HeaderPolicy.headerCharset(
                        r.headers().firstValue("Content-Type").orElseThrow()))
                .isNotNull();
        assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).contains(SNIPPET + "</body>");
    }

    @ParameterizedTest
    @EnumSource(value = Env.class, names = "EE11")
    void ee11NamesACharsetForTextHtmlItselfSoTheHeaderDecides(Env env) throws Exception {
        // Jetty's ee11 environment answers setContentType("text/html") with "text/html;charset=utf-8": browsers
        // decode these pages as UTF-8, where the snippet is plain ASCII wherever it goes
        HttpResponse<byte[]> r = get(env, "iso2022-meta");
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).containsIgnoringCase("charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.ISO_8859_1)).contains(SNIPPET);
    }
}
