package io.lcbridge.servlet;

import io.lcbridge.servlet.TestContainer.Env;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
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
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.lcbridge.servlet.TestPages.IDENTITY_SNIPPET;
import static io.lcbridge.servlet.TestPages.SNIPPET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review findings 3 and 8 on real Jetty (ee10 and ee11): a page with an identity never ends up with a weaker caching
 * policy than the one the application, or a framework writing its headers late, would have sent; and caches that obey
 * their own targeted field ({@code CDN-Cache-Control}, {@code Surrogate-Control}) are told not to store it either.
 */
final class CachePolicyOnJettyTest {

    private static final Map<Env, URI> SERVERS = new EnumMap<>(Env.class);
    private static final Map<Env, TestContainer> CONTAINERS = new EnumMap<>(Env.class);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private static final String PAGE = "<html><head><title>t</title></head><body><p>account</p></body></html>";

    /** Sets the caching headers named by the last path segment, then writes a whole page. */
    static final class Pages extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String path = req.getRequestURI();
            resp.setContentType("text/html;charset=UTF-8");
            switch (path.substring(path.lastIndexOf('/') + 1)) {
                case "nothing" -> {}
                case "no-store" -> resp.setHeader("Cache-Control", "no-store");
                case "no-cache" -> resp.setHeader("Cache-Control", "no-cache");
                case "public" -> resp.setHeader("Cache-Control", "public, max-age=60, s-maxage=600");
                case "expires" -> resp.setHeader("Expires", "Thu, 01 Jan 2099 00:00:00 GMT");
                case "cdn" -> {
                    resp.setHeader("Cache-Control", "private, max-age=60");
                    resp.setHeader("CDN-Cache-Control", "public, max-age=600");
                    resp.setHeader("Cloudflare-CDN-Cache-Control", "max-age=3600, stale-while-revalidate=60");
                    resp.setHeader("Surrogate-Control", "max-age=600, content=\"ESI/1.0, Akamai\"");
                }
                case "late" -> {
                    // headers set after the <body> start tag went by (the response is not committed yet)
                    PrintWriter w = resp.getWriter();
                    w.write("<html><head><title>t</title></head><body><p>");
                    resp.setHeader("Cache-Control", "public, max-age=60");
                    resp.setHeader("CDN-Cache-Control", "max-age=600");
                    resp.addHeader("Surrogate-Control", "max-age=600");
                    w.write("account</p></body></html>");
                    return;
                }
                default -> throw new IllegalArgumentException(path);
            }
            resp.getWriter().write(PAGE);
        }
    }

    /**
     * Behaves like Spring Security's {@code HeaderWriterFilter} with its default {@code CacheControlHeadersWriter}:
     * outside the widget filter, writes {@code no-store} after the chain, unless the response already has any of
     * {@code Cache-Control}, {@code Pragma}, {@code Expires}.
     */
    static final class LateNoStoreFilter extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            try {
                chain.doFilter(request, response);
            } finally {
                if (!response.isCommitted()
                        && !response.containsHeader("Cache-Control")
                        && !response.containsHeader("Pragma")
                        && !response.containsHeader("Expires")) {
                    response.setHeader("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
                    response.setHeader("Pragma", "no-cache");
                    response.setHeader("Expires", "0");
                }
            }
        }
    }

    static synchronized URI server(Env env) throws Exception {
        URI uri = SERVERS.get(env);
        if (uri != null) {
            return uri;
        }
        TestContainer c = env.create();
        SnippetSource source = request ->
                request.getUserPrincipal() != null ? new Snippet(IDENTITY_SNIPPET, true) : new Snippet(SNIPPET, false);
        c.filter(new LateNoStoreFilter(), "/late-writer/*");
        c.filter(new TestPages.LoginFilter(), "/*");
        c.filter(
                new LiveChatWidgetFilter(
                        source,
                        new FilterSettings(
                                InjectionPoint.BEFORE_BODY_END,
                                false,
                                new PathPatterns(List.of(), List.of()),
                                WidgetFilterMetrics.none())),
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

    private static HttpResponse<String> get(Env env, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(server(env) + path))
                .timeout(Duration.ofSeconds(20))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String header(HttpResponse<?> response, String name) {
        return String.join(", ", response.headers().allValues(name));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aSignedInPageWithoutAPolicyIsNeitherStoredNorSharedInsteadOfMerelyPrivate(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/c/nothing?user=alice");
        assertThat(r.body()).contains(IDENTITY_SNIPPET);
        assertThat(header(r, "Cache-Control")).isEqualTo("private, no-cache, no-store, max-age=0, must-revalidate");
        assertThat(header(r, "Pragma")).isEqualTo("no-cache");
        assertThat(header(r, "Expires")).isEqualTo("0");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aFrameworkThatWritesNoStoreAfterTheChainStillEndsWithNoStore(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/late-writer/nothing?user=alice");
        assertThat(r.body()).contains(IDENTITY_SNIPPET);
        assertThat(directives(r)).contains("private", "no-store", "no-cache", "max-age=0", "must-revalidate");
        assertThat(header(r, "Pragma")).isEqualTo("no-cache");
        assertThat(header(r, "Expires")).isEqualTo("0");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void anAnonymousPageKeepsWhatTheFrameworkWrites(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/late-writer/nothing");
        assertThat(r.body()).contains(SNIPPET);
        assertThat(header(r, "Cache-Control")).isEqualTo("no-cache, no-store, max-age=0, must-revalidate");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void keepsTheApplicationsNoStoreAndNoCacheAndAddsPrivate(Env env) throws Exception {
        assertThat(header(get(env, "/c/no-store?user=alice"), "Cache-Control")).isEqualTo("private, no-store");
        assertThat(header(get(env, "/c/no-cache?user=alice"), "Cache-Control")).isEqualTo("private, no-cache");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void turnsAnExplicitSharedPolicyPrivateAndKeepsItsBrowserLifetime(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/c/public?user=alice");
        assertThat(header(r, "Cache-Control")).isEqualTo("private, max-age=60");
        assertThat(r.headers().firstValue("Pragma")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void anExpiresOnlyPolicyGetsNoStore(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/c/expires?user=alice");
        assertThat(header(r, "Cache-Control")).isEqualTo("private, no-cache, no-store, max-age=0, must-revalidate");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void cdnAndSurrogateFieldsOfASignedInPageSayNoStore(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/c/cdn?user=alice");
        assertThat(r.body()).contains(IDENTITY_SNIPPET);
        assertThat(header(r, "Cache-Control")).isEqualTo("private, max-age=60");
        assertThat(header(r, "CDN-Cache-Control")).isEqualTo("no-store");
        assertThat(header(r, "Cloudflare-CDN-Cache-Control")).isEqualTo("no-store");
        assertThat(header(r, "Surrogate-Control")).isEqualTo("no-store, content=\"ESI/1.0, Akamai\"");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void cachingHeadersSetAfterTheBodyStartTagAreMadePrivateToo(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/c/late?user=alice");
        assertThat(r.body()).contains(IDENTITY_SNIPPET);
        assertThat(header(r, "Cache-Control")).isEqualTo("private, max-age=60");
        assertThat(header(r, "CDN-Cache-Control")).isEqualTo("no-store");
        assertThat(header(r, "Surrogate-Control")).isEqualTo("no-store");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void anonymousPagesKeepTheirCdnFields(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/c/cdn");
        assertThat(r.body()).contains(SNIPPET);
        assertThat(header(r, "CDN-Cache-Control")).isEqualTo("public, max-age=600");
        assertThat(header(r, "Surrogate-Control")).isEqualTo("max-age=600, content=\"ESI/1.0, Akamai\"");
    }

    private static List<String> directives(HttpResponse<?> r) {
        return CacheHeaders.directives(header(r, "Cache-Control"));
    }
}
