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
import java.util.function.Supplier;

/**
 * Puts the LiveChat widget snippet, with the logged-in visitor's signed identity, into every HTML page, while the
 * page streams through: the body is never buffered (only a partial end tag of at most 6 bytes is held back, or the
 * first 1024 bytes of a byte-written page whose charset is not yet known), so the extra heap per response stays a few
 * kilobytes whatever the page size ({@code HugePageMemoryTest}: within 16 KiB at 1 MB and at 100 MB); at most one
 * snippet per response, and a page is never broken (any failure serves it unchanged).
 *
 * <p>Where: right before the first real {@code </head>} (default) or {@code </body>} end tag ({@link InjectionPoint}),
 * ignoring ones inside comments, {@code <script>}/{@code <style>} raw text, CDATA and attribute values, and only
 * once the page opened the matching start tag, so HTML fragments (htmx, Turbo) are left alone. In the head the
 * snippet has no {@code <noscript>} link; a page without a real {@code </head>} gets the whole snippet before
 * {@code </body>}.
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
 *   <li>{@code injectionPoint} ({@code before_head_end}, the default, | {@code before_body_end} | {@code manual_only};
 *   the short {@code head} | {@code body} still work), {@code anonymousVisitors} ({@code loader_only} | {@code nothing}; the
 *   short {@code loader} still works): the names of {@link InjectionPoint} and {@link AnonymousVisitors},
 *   case-insensitive, {@code -} or {@code _}, {@code errorPages} ({@code true} | {@code false}), {@code forgetAfterLogout} ({@code true} |
 *   {@code false}, default {@code true}: see {@link Builder#forgetAfterLogout(boolean)});</li>
 *   <li>{@code includePaths}, {@code excludePaths}: comma-separated servlet URL patterns;</li>
 *   <li>{@code nonceAttribute} (request attribute with the CSP nonce; empty turns it off);</li>
 *   <li>{@code identityResolver}, {@code identityCustomizers} (comma-separated): class names with a public
 *   no-argument constructor ({@code sessionVariablesContributors} is the deprecated name of
 *   {@code identityCustomizers}).</li>
 * </ul>
 * A bad value fails start-up with a message naming the parameter.
 */
public final class LiveChatWidgetFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Request attribute set while a request is inside this filter (guards against a second wrap). */
    static final String APPLIED_ATTRIBUTE = LiveChatWidgetFilter.class.getName() + ".applied";

    /**
     * Request attribute set when this filter wrapped the request and the response became an error page the container
     * renders in an error dispatch ({@code sendError}, or an exception), with error pages on and no snippet in yet:
     * that dispatch is wrapped once more, so the error page gets the widget.
     */
    static final String ERROR_PAGE_PENDING_ATTRIBUTE = LiveChatWidgetFilter.class.getName() + ".errorPagePending";

    /** Request attribute set when this filter skipped the request and counted why; its error dispatch is left alone. */
    static final String SKIPPED_ATTRIBUTE = LiveChatWidgetFilter.class.getName() + ".skipped";

    /** Default request attribute read for a CSP nonce to put on the script tag. */
    public static final String DEFAULT_NONCE_ATTRIBUTE = "cspNonce";

    private transient SnippetSource source;
    private transient FilterSettings settings;
    private transient FailureLog failures;
    private transient Supplier<WidgetSnippetRenderer> renderer;

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
    @Nullable
    WidgetSnippetRenderer renderer() {
        return renderer == null ? null : renderer.get();
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
            if (!request.isAsyncStarted() && drain(wrapped, completed)) {
                request.setAttribute(ERROR_PAGE_PENDING_ATTRIBUTE, Boolean.TRUE);
            }
            // async: DrainingRequest's AsyncContext drains on complete()/dispatch()
        }
    }

    /** Finishes the response; whether its error page, rendered in an error dispatch, is still to get the widget. */
    private static boolean drain(InjectingResponse wrapped, boolean completed) throws IOException {
        try {
            return wrapped.finishRequest(!completed); // the application may never close its stream
        } catch (IOException e) {
            if (completed) {
                throw e;
            }
            return false; // the chain already failed; its exception is the one that matters
        }
    }

    private boolean shouldWrap(HttpServletRequest request) {
        boolean errorDispatch = request.getDispatcherType() == DispatcherType.ERROR;
        if (request.getAttribute(APPLIED_ATTRIBUTE) != null
                || request.getAttribute(LiveChatSnippets.PLACED_ATTRIBUTE) != null) {
            if (errorDispatch && request.getAttribute(ERROR_PAGE_PENDING_ATTRIBUTE) != null) {
                // the error page of a request whose own response became an error before any snippet went in
                request.removeAttribute(ERROR_PAGE_PENDING_ATTRIBUTE);
                return request.getAttribute(LiveChatSnippets.PLACED_ATTRIBUTE) == null;
            }
            return false; // forward, include, error or async dispatch of a request we already handle
        }
        if (errorDispatch && request.getAttribute(SKIPPED_ATTRIBUTE) != null) {
            return false; // skipped, and counted, in the request's own dispatch
        }
        if ("HEAD".equalsIgnoreCase(request.getMethod())) {
            return skipRequest(request, WidgetFilterMetrics.SkipReason.HEAD_REQUEST);
        }
        if (errorDispatch && !settings.errorPages()) {
            return skip(WidgetFilterMetrics.SkipReason.ERROR_PAGE);
        }
        // every way the request's path could be read must pass: /%70layground is /playground; with no include or
        // exclude every path passes, and working out the request's paths (a few us a request) is skipped
        PathPatterns paths = settings.paths();
        return paths.appliesToEveryPath()
                || RequestPaths.interpretations(request).stream().allMatch(paths::applies)
                || skipRequest(request, WidgetFilterMetrics.SkipReason.EXCLUDED_PATH);
    }

    /** {@link #skip}, remembering on the request that its outcome was counted. */
    private boolean skipRequest(HttpServletRequest request, WidgetFilterMetrics.SkipReason reason) {
        request.setAttribute(SKIPPED_ATTRIBUTE, Boolean.TRUE);
        return skip(reason);
    }

    private boolean skip(WidgetFilterMetrics.SkipReason reason) {
        settings.metrics().skipped(reason);
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
        private final List<LiveChatIdentityCustomizer> customizers = new ArrayList<>();
        private AnonymousVisitors anonymousVisitors = AnonymousVisitors.LOADER_ONLY;
        private InjectionPoint injectionPoint = InjectionPoint.BEFORE_HEAD_END;
        private boolean errorPages;
        private final List<String> includePaths = new ArrayList<>();
        private final List<String> excludePaths = new ArrayList<>();
        private WidgetFilterMetrics metrics = WidgetFilterMetrics.none();
        private String nonceAttribute = DEFAULT_NONCE_ATTRIBUTE;
        private long signerCacheSize = CachingIdentitySigner.DEFAULT_MAXIMUM_SIZE;
        private boolean forgetAfterLogout = true;
        private boolean renderOnFirstPage;
        private CustomerIdentityBinding customerIdentity;

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

        /**
         * Adds a customizer of logged-in visitors' identities (session variables, name, email); customizers run in
         * the order added, after the {@link IdentityResolver}.
         */
        public Builder identityCustomizer(LiveChatIdentityCustomizer customizer) {
            customizers.add(Objects.requireNonNull(customizer, "identityCustomizer"));
            return this;
        }

        /**
         * Adds a source of session variables for logged-in visitors.
         *
         * @deprecated use {@link #identityCustomizer(LiveChatIdentityCustomizer)}, of which a contributor is the
         *     special case.
         */
        @Deprecated(since = "0.1.0", forRemoval = true)
        @SuppressWarnings("removal")
        public Builder sessionVariables(SessionVariablesContributor contributor) {
            return identityCustomizer(Objects.requireNonNull(contributor, "sessionVariables"));
        }

        /** What anonymous visitors get (default {@link AnonymousVisitors#LOADER_ONLY}). */
        public Builder anonymousVisitors(AnonymousVisitors anonymousVisitors) {
            this.anonymousVisitors = Objects.requireNonNull(anonymousVisitors, "anonymousVisitors");
            return this;
        }

        /**
         * Where the snippet goes (default {@link InjectionPoint#BEFORE_HEAD_END}: the identity is queued before any
         * of the body runs, and the rest of the page streams through untouched). {@link InjectionPoint#BEFORE_BODY_END}
         * is LiveChat's installation guide's place.
         */
        public Builder injectionPoint(InjectionPoint injectionPoint) {
            this.injectionPoint = Objects.requireNonNull(injectionPoint, "injectionPoint");
            return this;
        }

        /**
         * Whether HTML pages with a 4xx/5xx status get the widget too (default {@code false}): pages the application
         * writes with such a status, and the container's error pages (map the filter to the {@code ERROR} dispatch
         * too), including those of a request the filter saw that ended in {@code sendError} or an exception; a page
         * gets one snippet at most.
         */
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
         * Whether the bundled template is compiled, and its snippet shapes worked out, on the first page instead of in
         * {@link #build()} (default {@code false}): start-up skips loading Mustache and rendering the template's probe
         * shapes, and the first page pays it instead. Keys, signer and every setting are still checked in
         * {@link #build()}; an application's own {@link #template(WidgetTemplate) template} is always compiled there,
         * so a broken one fails at start-up.
         */
        public Builder renderOnFirstPage(boolean onFirstPage) {
            this.renderOnFirstPage = onFirstPage;
            return this;
        }

        /**
         * Customer identity binding (opt-in, default off): signed-in pages define LiveChat's custom identity provider
         * fed by {@code binding}'s token endpoint ({@link LiveChatCustomerTokenServlet}, map it at {@link
         * CustomerIdentityBinding#endpointPath()}), and the forget page after logout drops the token the provider
         * kept. See docs/customer-identity.md.
         */
        public Builder customerIdentity(@Nullable CustomerIdentityBinding binding) {
            this.customerIdentity = binding;
            return this;
        }

        /**
         * Builds the filter: signer, caching signer and renderer are created and checked now, so a bad key or
         * template fails at start-up, not on a page (the bundled template's renderer on the first page, with
         * {@link #renderOnFirstPage(boolean)}).
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
            boolean bundled =
                    template.description().equals(WidgetTemplate.bundled().description());
            // in the head, no <noscript> link: with scripting off, its <a> would end the head early
            boolean headVariant = injectionPoint == InjectionPoint.BEFORE_HEAD_END
                    && options.noscript()
                    && options.license().isPresent();
            WidgetOptions headOptions = options.toBuilder().noscript(false).build();
            final Supplier<WidgetSnippetRenderer> built;
            final @Nullable Supplier<WidgetSnippetRenderer> headRenderer;
            if (renderOnFirstPage && bundled) {
                built = new OnFirstUse<>(rendererBuilder::build);
                headRenderer = headVariant ? new OnFirstUse<>(() -> built.get().withOptions(headOptions)) : null;
            } else {
                WidgetSnippetRenderer renderer = rendererBuilder.build();
                built = constant(renderer);
                headRenderer = headVariant ? constant(renderer.withOptions(headOptions)) : null;
            }
            IdentityResolver effectiveResolver = keys != null ? resolver : request -> Optional.empty();
            FailureLog failures = new FailureLog(metrics);
            FilterSettings settings = new FilterSettings(
                    injectionPoint, errorPages, new PathPatterns(includePaths, excludePaths), metrics);
            SnippetSource source = new RendererSnippetSource(
                    built,
                    headRenderer,
                    caching,
                    effectiveResolver,
                    customizers,
                    anonymousVisitors,
                    nonceAttribute,
                    failures,
                    forgetAfterLogout,
                    customerIdentity);
            LiveChatWidgetFilter filter = new LiveChatWidgetFilter(source, settings, failures);
            filter.renderer = built;
            return filter;
        }
    }

    /**
     * Where this filter puts the snippet ({@link InjectionPoint#MANUAL_ONLY} when it injects nothing by itself), for
     * diagnostics such as the Spring starter's info endpoint.
     *
     * @throws IllegalStateException before a filter configured from init parameters was initialised
     */
    public InjectionPoint injectionPoint() {
        if (settings == null) {
            throw new IllegalStateException("LiveChatWidgetFilter is not initialised");
        }
        return settings.injectionPoint();
    }

    private static <T> Supplier<T> constant(T value) {
        return () -> value;
    }

    /** Builds its value on the first {@link #get()}, once, for every thread. */
    private static final class OnFirstUse<T> implements Supplier<T> {
        private final Supplier<T> build;
        private volatile T value;

        OnFirstUse(Supplier<T> build) {
            this.build = build;
        }

        @Override
        public T get() {
            T v = value;
            if (v == null) {
                synchronized (this) {
                    v = value;
                    if (v == null) {
                        v = build.get();
                        value = v;
                    }
                }
            }
            return v;
        }
    }

    @Override
    public String toString() {
        return settings == null
                ? "LiveChatWidgetFilter[not initialised]"
                : "LiveChatWidgetFilter[" + settings.injectionPoint() + ", " + settings.paths() + "]";
    }
}
