package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.widget.CachingIdentitySigner;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetSnippetRenderer;
import io.lcbridge.widget.WidgetTemplate;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts the LiveChat widget snippet, with the logged-in visitor's signed identity, into every HTML page, while the
 * page streams through: no buffering of the body, about the cost of one copy of the page, at most one snippet per
 * response, and a page is never broken (any failure serves it unchanged).
 *
 * <p>Where: right before the first real {@code </body>} (default) or {@code </head>} end tag ({@link InjectionPoint}),
 * ignoring ones inside comments, {@code <script>}/{@code <style>} raw text, CDATA and attribute values, and only
 * once the page opened the matching start tag, so HTML fragments (htmx, Turbo) are left alone.
 *
 * <p>Left untouched: non-{@code text/html} responses, responses with a {@code Content-Encoding}, {@code HEAD}
 * requests, statuses other than 2xx (and 204/205/206; error statuses only when enabled), charsets that are not
 * ASCII-compatible, excluded paths, forwarded/included/error dispatches of a request already filtered, pages whose
 * template placed the snippet by hand ({@link LiveChatSnippets}), and non-blocking output ({@code setWriteListener}).
 *
 * <p>Map it to {@code REQUEST} (and {@code ERROR} if error pages should get the widget); an {@code ASYNC} mapping
 * is harmless. Responses carrying identity get {@code Cache-Control: private} (and {@code no-store} when nothing
 * set a policy), CDN and surrogate cache fields saying {@code no-store}, lose a strong {@code ETag}, and get
 * {@code Vary: Cookie}.
 *
 * <p>After logout: pages with an identity set a small {@code HttpOnly} cookie, and the first anonymous page that
 * carries it gets the loader plus the calls that overwrite what the widget kept (name, email, session variables and
 * token), then drops it ({@link Builder#forgetAfterLogout(boolean)}, on by default).
 *
 * <p>In code: {@code LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678)).signingKeys(keys).build()}.
 * From {@code web.xml} (no-argument constructor), init parameters:
 * <ul>
 *   <li>{@code license} or {@code organizationId} (exactly one), optional {@code group}, {@code scriptUrl},
 *   {@code tokenVariable}, {@code maxTokenLength};</li>
 *   <li>keys, at most one of: {@code identitySecret} (HS256, base64/base64url of at least 32 random bytes),
 *   {@code identitySecretEnv} (name of an environment variable holding that secret),
 *   {@code identityJwkSetFile} (path of a JWK set); none means no identities;</li>
 *   <li>{@code tokenLifetime} (ISO-8601, e.g. {@code PT12H}), {@code issuer};</li>
 *   <li>{@code injectionPoint} ({@code body} | {@code head}), {@code anonymousVisitors} ({@code loader} |
 *   {@code nothing}), {@code errorPages} ({@code true} | {@code false}), {@code forgetAfterLogout} ({@code true} |
 *   {@code false}, default {@code true}: see {@link Builder#forgetAfterLogout(boolean)});</li>
 *   <li>{@code includePaths}, {@code excludePaths}: comma-separated servlet URL patterns;</li>
 *   <li>{@code nonceAttribute} (request attribute with the CSP nonce; empty turns it off);</li>
 *   <li>{@code identityResolver}, {@code sessionVariablesContributors}: class names with a public no-argument
 *   constructor.</li>
 * </ul>
 * A bad value fails start-up with a message naming the parameter.
 */
public final class LiveChatWidgetFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Request attribute set while a request is inside this filter (guards against a second wrap). */
    static final String APPLIED_ATTRIBUTE = LiveChatWidgetFilter.class.getName() + ".applied";

    /** Default request attribute read for a CSP nonce to put on the script tag. */
    public static final String DEFAULT_NONCE_ATTRIBUTE = "cspNonce";

    private transient SnippetSource source;
    private transient FilterSettings settings;
    private transient FailureLog failures;
    private transient WidgetSnippetRenderer renderer;

    /**
     * For containers that instantiate filters themselves ({@code web.xml}, {@code @WebFilter}): configure with
     * init parameters (listed in the class description). Code should use {@link #builder(WidgetOptions)}.
     */
    public LiveChatWidgetFilter() {}

    LiveChatWidgetFilter(SnippetSource source, FilterSettings settings) {
        this(source, settings, new FailureLog(settings.metrics()));
    }

    private LiveChatWidgetFilter(SnippetSource source, FilterSettings settings, FailureLog failures) {
        this.source = source;
        this.settings = settings;
        this.failures = failures;
    }

    /**
     * Starts a filter for the widget described by {@code options} (license or organization id, group, ...).
     * Without {@link Builder#signingKeys(IdentityKeySet) signing keys} every visitor gets the loader without
     * identity.
     */
    public static Builder builder(WidgetOptions options) {
        return new Builder(options);
    }

    @Override
    public void init() throws ServletException {
        if (source != null) {
            return; // built in code
        }
        try {
            Builder configured = FilterInitParameters.read(getFilterConfig());
            LiveChatWidgetFilter built = configured.build();
            this.source = built.source;
            this.settings = built.settings;
            this.failures = built.failures;
            this.renderer = built.renderer;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServletException("LiveChatWidgetFilter '" + getFilterName() + "': " + e.getMessage(), e);
        }
    }

    /** The source of snippets, for the identity endpoint that shares it; {@code null} before {@link #init()}. */
    SnippetSource source() {
        return source;
    }

    /** The renderer this filter uses ({@code null} for a filter built around a fixed snippet source in tests). */
    public @Nullable WidgetSnippetRenderer renderer() {
        return renderer;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (source == null || !shouldWrap(request)) {
            chain.doFilter(request, response);
            return;
        }
        RequestSnippet snippet = new RequestSnippet(request, source, failures);
        InjectingResponse wrapped = new InjectingResponse(response, snippet, settings, failures);
        request.setAttribute(APPLIED_ATTRIBUTE, Boolean.TRUE);
        request.setAttribute(
                LiveChatSnippets.ATTRIBUTE,
                new LiveChatSnippets.BoundSnippet(request, snippet, wrapped, settings.metrics()));
        boolean completed = false;
        try {
            chain.doFilter(new DrainingRequest(request, wrapped), wrapped);
            completed = true;
        } finally {
            if (!request.isAsyncStarted()) {
                drain(wrapped, completed);
            }
            // async: DrainingRequest's AsyncContext drains on complete()/dispatch()
        }
    }

    private static void drain(InjectingResponse wrapped, boolean rethrow) throws IOException {
        try {
            wrapped.finishRequest(); // the application may never close its stream
        } catch (IOException e) {
            if (rethrow) {
                throw e;
            }
            // the chain already failed; its exception is the one that matters
        }
    }

    private boolean shouldWrap(HttpServletRequest request) {
        if (request.getAttribute(APPLIED_ATTRIBUTE) != null
                || request.getAttribute(LiveChatSnippets.PLACED_ATTRIBUTE) != null) {
            return false; // forward, include, error or async dispatch of a request we already handle
        }
        if ("HEAD".equalsIgnoreCase(request.getMethod())) {
            return skip(WidgetFilterMetrics.SkipReason.HEAD_REQUEST);
        }
        if (request.getDispatcherType() == DispatcherType.ERROR && !settings.errorPages()) {
            return skip(WidgetFilterMetrics.SkipReason.ERROR_DISPATCH);
        }
        // every way the request's path could be read must pass: /%70layground is /playground
        return RequestPaths.interpretations(request).stream().allMatch(settings.paths()::applies)
                || skip(WidgetFilterMetrics.SkipReason.EXCLUDED_PATH);
    }

    private boolean skip(WidgetFilterMetrics.SkipReason reason) {
        try {
            settings.metrics().skipped(reason);
        } catch (RuntimeException ignored) {
            // metrics never break a page
        }
        return false;
    }

    /** Settings of a {@link LiveChatWidgetFilter}. */
    public static final class Builder {
        private final WidgetOptions options;
        private IdentityKeySet keys;
        private Duration tokenLifetime = IdentitySigner.DEFAULT_LIFETIME;
        private String issuer = IdentitySigner.DEFAULT_ISSUER;
        private WidgetTemplate template = WidgetTemplate.bundled();
        private IdentityResolver resolver = IdentityResolver.userPrincipal();
        private final List<SessionVariablesContributor> contributors = new ArrayList<>();
        private AnonymousVisitors anonymousVisitors = AnonymousVisitors.LOADER_ONLY;
        private InjectionPoint injectionPoint = InjectionPoint.BEFORE_BODY_END;
        private boolean errorPages;
        private final List<String> includePaths = new ArrayList<>();
        private final List<String> excludePaths = new ArrayList<>();
        private WidgetFilterMetrics metrics = WidgetFilterMetrics.none();
        private String nonceAttribute = DEFAULT_NONCE_ATTRIBUTE;
        private long signerCacheSize = CachingIdentitySigner.DEFAULT_MAXIMUM_SIZE;
        private boolean forgetAfterLogout = true;

        private Builder(WidgetOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        /**
         * Keys that sign logged-in visitors' identities (the active key signs). Without keys, nobody gets an
         * identity.
         */
        public Builder signingKeys(IdentityKeySet keys) {
            this.keys = Objects.requireNonNull(keys, "signingKeys");
            return this;
        }

        /** Token lifetime (default 12 hours); a token is reused for the same identity until half of it has passed. */
        public Builder tokenLifetime(Duration lifetime) {
            this.tokenLifetime = Objects.requireNonNull(lifetime, "tokenLifetime");
            return this;
        }

        /** The token's {@code iss} claim (default {@value IdentitySigner#DEFAULT_ISSUER}); {@code null} omits it. */
        public Builder issuer(@Nullable String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** The Mustache template of the snippet (default: the bundled one). */
        public Builder template(WidgetTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /** Who the visitor is (default: {@link IdentityResolver#userPrincipal()}). */
        public Builder identityResolver(IdentityResolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "identityResolver");
            return this;
        }

        /** Adds a source of session variables for logged-in visitors; contributors run in the order added. */
        public Builder sessionVariables(SessionVariablesContributor contributor) {
            contributors.add(Objects.requireNonNull(contributor, "sessionVariables"));
            return this;
        }

        /** What anonymous visitors get (default {@link AnonymousVisitors#LOADER_ONLY}). */
        public Builder anonymousVisitors(AnonymousVisitors anonymousVisitors) {
            this.anonymousVisitors = Objects.requireNonNull(anonymousVisitors, "anonymousVisitors");
            return this;
        }

        /** Where the snippet goes (default {@link InjectionPoint#BEFORE_BODY_END}). */
        public Builder injectionPoint(InjectionPoint injectionPoint) {
            this.injectionPoint = Objects.requireNonNull(injectionPoint, "injectionPoint");
            return this;
        }

        /** Whether HTML pages with a 4xx/5xx status get the widget too (default {@code false}). */
        public Builder errorPages(boolean errorPages) {
            this.errorPages = errorPages;
            return this;
        }

        /**
         * Only these paths (inside the web application; servlet URL patterns {@code /exact}, {@code /prefix/*},
         * {@code *.ext}) get the widget. Default: every path.
         */
        public Builder includePaths(String... patterns) {
            includePaths.addAll(List.of(patterns));
            return this;
        }

        /** These paths never get the widget (same pattern syntax as {@link #includePaths}). */
        public Builder excludePaths(String... patterns) {
            excludePaths.addAll(List.of(patterns));
            return this;
        }

        /** Where injections and failures are counted (default: nowhere). */
        public Builder metrics(WidgetFilterMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        /**
         * The request attribute holding the page's CSP nonce (default {@value #DEFAULT_NONCE_ATTRIBUTE}); its
         * {@code toString()} goes on the script tag. {@code null} turns nonces off.
         */
        public Builder nonceAttribute(@Nullable String attribute) {
            this.nonceAttribute = attribute;
            return this;
        }

        /** How many signed tokens the caching signer keeps (default {@value CachingIdentitySigner#DEFAULT_MAXIMUM_SIZE}). */
        public Builder signerCacheSize(long size) {
            this.signerCacheSize = size;
            return this;
        }

        /**
         * Whether the first anonymous page after a signed-in one clears what the widget kept (default {@code true}).
         * Pages with an identity then set a small {@code HttpOnly} cookie, {@value IdentityMark#COOKIE}, and the first
         * anonymous page that sees it gets the loader plus calls that blank the token variable and overwrite the
         * customer's name and email, and drops the cookie. Off, or with {@link AnonymousVisitors#NOTHING}, no cookie
         * is set and nothing is cleared.
         */
        public Builder forgetAfterLogout(boolean forget) {
            this.forgetAfterLogout = forget;
            return this;
        }

        /**
         * Builds the filter: signer, caching signer and renderer are created and checked now, so a bad key or
         * template fails at start-up, not on a page.
         */
        public LiveChatWidgetFilter build() {
            WidgetSnippetRenderer.Builder rendererBuilder =
                    WidgetSnippetRenderer.builder(options).template(template);
            CachingIdentitySigner caching = null;
            if (keys != null) {
                IdentitySigner signer = IdentitySigner.builder(keys, options.audience())
                        .issuer(issuer)
                        .lifetime(tokenLifetime)
                        .maxTokenLength(options.maxTokenLength())
                        .build();
                caching = CachingIdentitySigner.wrap(signer, signerCacheSize);
                rendererBuilder.signer(caching);
            }
            WidgetSnippetRenderer built = rendererBuilder.build();
            IdentityResolver effectiveResolver = keys != null ? resolver : request -> Optional.empty();
            FailureLog failures = new FailureLog(metrics);
            FilterSettings settings = new FilterSettings(
                    injectionPoint, errorPages, new PathPatterns(includePaths, excludePaths), metrics);
            SnippetSource source = new RendererSnippetSource(
                    built,
                    caching,
                    effectiveResolver,
                    contributors,
                    anonymousVisitors,
                    nonceAttribute,
                    failures,
                    forgetAfterLogout);
            LiveChatWidgetFilter filter = new LiveChatWidgetFilter(source, settings, failures);
            filter.renderer = built;
            return filter;
        }
    }

    @Override
    public String toString() {
        return settings == null
                ? "LiveChatWidgetFilter[not initialised]"
                : "LiveChatWidgetFilter[" + settings.injectionPoint() + ", " + settings.paths() + "]";
    }
}
