package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;
import io.lcbridge.servlet.TestContainer.Env;
import io.lcbridge.testsupport.fixtures.SamplePages;
import io.lcbridge.widget.LiveChatSnippet;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The filter with the real widget renderer and caching signer on real Jetty (ee10 and ee11): the identity comes
 * from the authenticated principal only, is signed for the license, verifies, and carries contributed variables;
 * failures serve the page unchanged or with the loader alone; manual placement returns the renderer's snippet.
 */
final class RenderedIdentityOnJettyTest {

    private static final String SECRET = Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII));
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(SECRET);
    private static final Pattern TOKEN = Pattern.compile("lc_identity\"\\s*:\\s*\"([A-Za-z0-9_.\\-]+)\"");
    private static final String PAGE = SamplePages.SIMPLE;
    private static final Map<Env, URI> SERVERS = new EnumMap<>(Env.class);
    private static final Map<Env, TestContainer> CONTAINERS = new EnumMap<>(Env.class);
    private static final Map<String, AtomicInteger> FAILURES = new ConcurrentHashMap<>();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static final WidgetFilterMetrics METRICS = new WidgetFilterMetrics() {
        @Override
        public void failed(Stage stage, String cause) {
            FAILURES.computeIfAbsent(stage + "." + cause, k -> new AtomicInteger())
                    .incrementAndGet();
        }
    };

    /** Writes PAGE, or with {@code ?manual} places the snippet itself through {@link LiveChatSnippets#forRequest}. */
    static final class App extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            if (req.getParameter("manual") != null) {
                Optional<LiveChatSnippet> snippet = LiveChatSnippets.forRequest(req);
                resp.setHeader(
                        "X-Manual-Identity",
                        String.valueOf(snippet.map(LiveChatSnippet::hasIdentity).orElse(false)));
                resp.getWriter()
                        .write("<html><head>"
                                + snippet.map(LiveChatSnippet::html).orElse("") + "</head><body></body></html>");
                return;
            }
            resp.getWriter().write(PAGE);
        }
    }

    /** The deprecated contributor still runs, as the special case of a customizer, after the ones before it. */
    @SuppressWarnings("removal")
    private static LiveChatWidgetFilter.Builder withDeprecatedContributor(LiveChatWidgetFilter.Builder builder) {
        return builder.sessionVariables((request, identity) ->
                Map.of("region", identity.sessionVariables().get("plan") + "-eu"));
    }

    static synchronized URI server(Env env) throws Exception {
        URI uri = SERVERS.get(env);
        if (uri != null) {
            return uri;
        }
        TestContainer c = env.create();
        WidgetOptions options = WidgetOptions.forLicense(12345678);
        c.filter(new TestPages.LoginFilter(), "/*");
        c.filter(
                withDeprecatedContributor(LiveChatWidgetFilter.builder(options)
                                .signingKeys(KEYS)
                                .metrics(METRICS)
                                .identityCustomizer((request, identity) -> identity.variable("plan", "gold")))
                        .build(),
                "/signed/*");
        c.filter(
                LiveChatWidgetFilter.builder(options)
                        .signingKeys(KEYS)
                        .metrics(METRICS)
                        .anonymousVisitors(AnonymousVisitors.NOTHING)
                        .build(),
                "/members/*");
        c.filter(
                LiveChatWidgetFilter.builder(options)
                        .signingKeys(KEYS)
                        .metrics(METRICS)
                        .identityResolver(request -> {
                            throw new IllegalStateException("directory down for " + request.getUserPrincipal());
                        })
                        .build(),
                "/broken-resolver/*");
        c.filter(
                LiveChatWidgetFilter.builder(WidgetOptions.builder()
                                .license(12345678)
                                .maxTokenLength(100)
                                .build())
                        .signingKeys(KEYS)
                        .metrics(METRICS)
                        .build(),
                "/tiny-budget/*");
        c.servlet(new App(), "/*");
        uri = c.start();
        SERVERS.put(env, uri);
        CONTAINERS.put(env, c);
        return uri;
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestContainer c : CONTAINERS.values()) {
            c.close();
        }
        CONTAINERS.clear();
        SERVERS.clear();
    }

    private static HttpResponse<String> get(Env env, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server(env) + path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String token(String body) {
        Matcher m = TOKEN.matcher(body);
        assertThat(m.find()).as("identity token in page").isTrue();
        return m.group(1);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void signsThePrincipalsIdentityForTheLicenseWithContributedVariables(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/signed/page?user=alice");
        String body = r.body();
        assertThat(body)
                .as("the default placement ends the head")
                .startsWith("<html><head><title>t</title><!-- Start of LiveChat")
                .endsWith("</head><body><p>Hi</p></body></html>");
        assertThat(body).contains("window.__lc.license = 12345678;");
        TokenVerification v = IdentityTokenVerifier.create(KEYS).verify(token(body), "12345678", Instant.now());
        assertThat(v.status()).isEqualTo(TokenStatus.VERIFIED);
        CustomerIdentity identity = v.identity().orElseThrow();
        assertThat(identity.subject()).isEqualTo("alice");
        assertThat(identity.sessionVariables()).containsEntry("plan", "gold").containsEntry("region", "gold-eu");
        assertThat(r.headers().firstValue("Cache-Control")).hasValue(CacheHeaders.NOTHING_SET_POLICY);
        assertThat(r.headers().allValues("Vary")).anyMatch(v2 -> v2.contains("Cookie"));
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void neverTakesTheIdentityFromRequestParametersOrHeaders(Env env) throws Exception {
        HttpResponse<String> r = get(
                env,
                "/signed/page?sub=mallory&subject=mallory&name=mallory",
                "X-User",
                "mallory",
                "X-Remote-User",
                "mallory");
        assertThat(r.body())
                .contains("window.__lc.license")
                .doesNotContain("lc_identity")
                .doesNotContain("mallory");
        assertThat(r.headers().firstValue("Cache-Control")).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void anonymousVisitorsGetTheLoaderOrNothingAsConfigured(Env env) throws Exception {
        assertThat(get(env, "/signed/page").body())
                .contains("window.__lc.license")
                .doesNotContain("set_session_variables");
        assertThat(get(env, "/members/page").body()).isEqualTo(PAGE);
        assertThat(get(env, "/members/page?user=bob").body()).contains("set_session_variables");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aFailingResolverServesThePageUnchangedAndIsCounted(Env env) throws Exception {
        int before = count("RESOLVE_IDENTITY.IllegalStateException");
        assertThat(get(env, "/broken-resolver/page?user=carol").body()).isEqualTo(PAGE);
        assertThat(count("RESOLVE_IDENTITY.IllegalStateException")).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aTokenOverItsBudgetLeavesTheLoaderWithoutIdentity(Env env) throws Exception {
        int before = count("SIGN.TOKEN_TOO_LARGE");
        HttpResponse<String> r = get(env, "/tiny-budget/page?user=dave");
        assertThat(r.body()).contains("window.__lc.license").doesNotContain("lc_identity");
        assertThat(count("SIGN.TOKEN_TOO_LARGE")).isEqualTo(before + 1);
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void manualPlacementReturnsTheRenderedSnippetAndIsNotDoubled(Env env) throws Exception {
        HttpResponse<String> r = get(env, "/signed/page?manual=1&user=erin");
        assertThat(r.headers().firstValue("X-Manual-Identity")).hasValue("true");
        assertThat(r.body()).startsWith("<html><head><!-- Start of LiveChat");
        assertThat(r.body().split("Start of LiveChat", -1)).hasSize(2);
        assertThat(IdentityTokenVerifier.create(KEYS)
                        .verify(token(r.body()), "12345678", Instant.now())
                        .status())
                .isEqualTo(TokenStatus.VERIFIED);
    }

    @Test
    void readsItsSettingsFromInitParameters() throws Exception {
        LiveChatWidgetFilter filter = new LiveChatWidgetFilter();
        filter.init(config(Map.of(
                "license",
                "12345678",
                "identitySecret",
                SECRET,
                "injectionPoint",
                "head",
                "excludePaths",
                "/admin/*, *.txt",
                "anonymousVisitors",
                "nothing")));
        assertThat(filter.renderer().options().audience()).isEqualTo("12345678");
        assertThat(filter.toString()).contains("BEFORE_HEAD_END").contains("/admin/*");
    }

    @Test
    void initParametersTakeTheEnumNamesOfTheBuilderIncludingManualOnly() throws Exception {
        for (Map.Entry<String, String> spelled : Map.of(
                        "before_head_end", "BEFORE_HEAD_END",
                        "before-body-end", "BEFORE_BODY_END",
                        "BODY", "BEFORE_BODY_END",
                        "manual_only", "MANUAL_ONLY",
                        "manual-only", "MANUAL_ONLY")
                .entrySet()) {
            LiveChatWidgetFilter filter = new LiveChatWidgetFilter();
            filter.init(config(Map.of("license", "1", "injectionPoint", spelled.getKey())));
            assertThat(filter.toString()).as(spelled.getKey()).contains(spelled.getValue());
        }
        for (String loaderOnly : List.of("LOADER_ONLY", "loader-only", "loader")) {
            assertThatNoException()
                    .as(loaderOnly)
                    .isThrownBy(() -> new LiveChatWidgetFilter()
                            .init(config(Map.of("license", "1", "anonymousVisitors", loaderOnly))));
        }
        assertThatThrownBy(() -> new LiveChatWidgetFilter()
                        .init(config(Map.of("license", "1", "anonymousVisitors", "everyone"))))
                .hasMessageContaining("'anonymousVisitors'")
                .hasMessageContaining("loader_only");
    }

    @Test
    void badInitParametersFailStartUpNamingTheParameter() {
        assertThatThrownBy(() -> new LiveChatWidgetFilter().init(config(Map.of("identitySecret", SECRET))))
                .isInstanceOf(ServletException.class)
                .hasMessageContaining("'license'");
        assertThatThrownBy(() ->
                        new LiveChatWidgetFilter().init(config(Map.of("license", "1", "injectionPoint", "footer"))))
                .hasMessageContaining("'injectionPoint'");
        assertThatThrownBy(() ->
                        new LiveChatWidgetFilter().init(config(Map.of("license", "1", "identitySecret", "c2hvcnQ"))))
                .hasMessageContaining("'identitySecret'")
                .hasMessageNotContaining("c2hvcnQ");
        assertThatThrownBy(
                        () -> new LiveChatWidgetFilter().init(config(Map.of("license", "1", "excludePaths", "admin"))))
                .hasMessageContaining("admin");
        assertThatThrownBy(() -> new LiveChatWidgetFilter()
                        .init(config(Map.of("license", "1", "identityResolver", "no.such.Resolver"))))
                .hasMessageContaining("'identityResolver'");
        assertThatThrownBy(() -> new LiveChatWidgetFilter()
                        .init(config(Map.of("license", "1", "identityCustomizers", "java.lang.String"))))
                .hasMessageContaining("'identityCustomizers'")
                .hasMessageContaining("is not a LiveChatIdentityCustomizer");
        assertThatThrownBy(() -> new LiveChatWidgetFilter()
                        .init(config(Map.of("license", "1", "sessionVariablesContributors", "java.lang.String"))))
                .as("the deprecated name still reads the same list")
                .hasMessageContaining("'sessionVariablesContributors'");
        assertThatNoException()
                .isThrownBy(() -> new LiveChatWidgetFilter()
                        .init(config(Map.of("license", "1", "identityCustomizers", PlanCustomizer.class.getName()))));
    }

    /** A customizer named in an init parameter: public, with a public no-argument constructor. */
    public static final class PlanCustomizer implements LiveChatIdentityCustomizer {
        @Override
        public void customize(HttpServletRequest request, CustomerIdentity.Builder identity) {
            identity.variable("plan", "init-param");
        }
    }

    private static int count(String key) {
        AtomicInteger n = FAILURES.get(key);
        return n == null ? 0 : n.get();
    }

    /** A plain FilterConfig over a map, as a container would hand it over. */
    private static FilterConfig config(Map<String, String> params) {
        Map<String, String> copy = new HashMap<>(params);
        return new FilterConfig() {
            @Override
            public String getFilterName() {
                return "livechat";
            }

            @Override
            public ServletContext getServletContext() {
                return null;
            }

            @Override
            public String getInitParameter(String name) {
                return copy.get(name);
            }

            @Override
            public Enumeration<String> getInitParameterNames() {
                return Collections.enumeration(copy.keySet());
            }
        };
    }
}
