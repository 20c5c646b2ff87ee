package io.lcbridge.widget;

import com.github.mustachejava.Mustache;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.SignedIdentity;
import io.lcbridge.core.TokenTooLargeException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Renders the LiveChat snippet for one page: the loader configured by {@link WidgetOptions}, then,
 * for a signed-in customer, {@code set_customer_name}, {@code set_customer_email} (each only when
 * present) and one {@code set_session_variables} holding every session variable plus the token
 * variable, all queued before the widget loads. An anonymous visitor gets the loader alone; the first
 * anonymous page after a signed-in one can get the loader plus the calls that overwrite what the widget kept
 * ({@link #renderForget(String)}).
 *
 * <p>Thread-safe; the template is compiled and checked once, in {@link Builder#build()}. The render
 * methods never throw: problems come back in the {@link SnippetResult} (identity dropped with the
 * loader still rendered, or nothing rendered), so a page is never broken by the bridge.
 *
 * <p>Per request, a servlet filter typically calls {@link #render(CustomerIdentity, String)} with
 * the resolved identity (or {@code null}) and the request's CSP nonce (or {@code null}); tokens are
 * signed through the {@link CachingIdentitySigner} given to the builder.
 */
public final class WidgetSnippetRenderer {

    private static final int MAX_NONCE_LENGTH = 256;

    /**
     * What {@link #renderForget(String)} sets the customer's name and email to: one space. LiveChat's widget refuses
     * an empty name or email (it logs "cannot be set to empty string" and keeps the old value), so a blank that it
     * accepts is the only value that overwrites the signed-in user's. See docs/logout.md.
     */
    static final String CLEARED_CUSTOMER_VALUE = " ";

    private final WidgetOptions options;
    private final WidgetTemplate template;
    private final Mustache mustache;
    private final CachingIdentitySigner signer;
    private final Map<String, Object> baseScope;
    private final LiveChatSnippet anonymousWithoutNonce;
    private final Map<String, Object> forgetScope;
    private final LiveChatSnippet forgetWithoutNonce;
    private final SnippetPlan plan;
    private final boolean supportsCustomerTokenProvider;

    private WidgetSnippetRenderer(
            WidgetOptions options, WidgetTemplate template, Mustache mustache, CachingIdentitySigner signer) {
        this.options = options;
        this.template = template;
        this.mustache = mustache;
        this.signer = signer;
        if (signer != null && !signer.audience().equals(options.audience())) {
            throw new IllegalArgumentException("the signer's audience does not match the widget's "
                    + (options.license().isPresent() ? "license" : "organizationId")
                    + ": tokens must be minted for " + options.audience() + ", the account the widget renders");
        }
        this.baseScope = Collections.unmodifiableMap(baseScope(options));
        this.anonymousWithoutNonce = checkTemplate();
        this.forgetScope = Collections.unmodifiableMap(forgetScope(options));
        this.forgetWithoutNonce = checkForget(anonymousWithoutNonce);
        this.supportsCustomerTokenProvider = checkProvider(anonymousWithoutNonce);
        this.plan = SnippetPlan.compile(
                (nonce, identityScope) -> execute(nonce, identityScope).html(),
                "cHJvYmU=",
                ScriptSafeJson.string("Probe \"N\""),
                ScriptSafeJson.string("probe@example.com"),
                ScriptSafeJson.object(Map.of("k", "v"), options.tokenVariable(), "probe.token.value"));
    }

    /** A renderer with the bundled template and no signer (anonymous and pre-signed identities only). */
    public static WidgetSnippetRenderer create(WidgetOptions options) {
        return builder(options).build();
    }

    /** Starts a renderer for {@code options}. */
    public static Builder builder(WidgetOptions options) {
        return new Builder(options);
    }

    /** The options every snippet of this renderer is rendered with. */
    public WidgetOptions options() {
        return options;
    }

    /**
     * A renderer for other options (e.g. another group on some pages) sharing this one's compiled
     * template and signer; the account must stay the same when a signer is set.
     */
    public WidgetSnippetRenderer withOptions(WidgetOptions other) {
        return new WidgetSnippetRenderer(Objects.requireNonNull(other, "options"), template, mustache, signer);
    }

    /** The loader without identity. {@code nonce}: the request's CSP nonce, or {@code null}. */
    public SnippetResult renderAnonymous(@Nullable String nonce) {
        if (nonce == null) {
            return SnippetResult.rendered(anonymousWithoutNonce);
        }
        SnippetResult refused = nonceRefusal(nonce);
        if (refused != null) {
            return refused;
        }
        return renderPage(nonce, null);
    }

    /**
     * The loader without identity, followed by the calls that overwrite the customer data a signed-in page queued
     * in the widget: {@code set_session_variables} with only the token variable, blank (LiveChat replaces every
     * variable set before, so the others go too, and the verifier reads a blank token as {@code NO_TOKEN}), and
     * {@code set_customer_name} / {@code set_customer_email} with one space (LiveChat refuses empty values). Meant
     * for the first anonymous page after a signed-in one (the servlet filter marks the browser to know which page that
     * is). A custom template without a {@code forget} section renders the plain loader here
     * ({@link LiveChatSnippet#clearsCustomerData()} is then {@code false}).
     *
     * @param nonce the request's CSP nonce, or {@code null}
     */
    public SnippetResult renderForget(String nonce) {
        if (forgetWithoutNonce == null) {
            return renderAnonymous(nonce);
        }
        if (nonce == null) {
            return SnippetResult.rendered(forgetWithoutNonce);
        }
        SnippetResult refused = nonceRefusal(nonce);
        if (refused != null) {
            return refused;
        }
        return renderThroughTemplate(nonce, null, true, null);
    }

    /**
     * Like {@link #renderForget(String)}; with {@code dropCustomerToken} the snippet also removes the customer token
     * that a signed-in page's custom identity provider kept in the tab's {@code sessionStorage} (customer identity
     * binding, docs/customer-identity.md), so nothing of the previous user's LiveChat customer stays in the tab.
     */
    public SnippetResult renderForget(@Nullable String nonce, boolean dropCustomerToken) {
        if (!dropCustomerToken) {
            return renderForget(nonce);
        }
        SnippetResult refused = nonceRefusal(nonce);
        if (refused != null) {
            return refused;
        }
        return renderThroughTemplate(
                nonce, null, forgetWithoutNonce != null, Map.of("forgetCustomerToken", Boolean.TRUE));
    }

    /**
     * The snippet for a signed-in {@code identity} that also defines LiveChat's custom identity provider
     * ({@code window.__lc.custom_identity_provider}, before the loader), which fetches the user's customer token from
     * {@code provider}'s endpoint: LiveChat then knows the user as one customer on every device. No token is put in
     * the page. With {@code provider} null, or when the identity cannot be rendered, this is {@link
     * #render(CustomerIdentity, SessionClaim, String)}: the page keeps LiveChat's own cookie identity.
     */
    public SnippetResult render(
            @Nullable CustomerIdentity identity,
            @Nullable SessionClaim session,
            @Nullable String nonce,
            @Nullable CustomerTokenProvider provider) {
        SnippetResult plain = render(identity, session, nonce);
        if (provider == null || identity == null || !plain.identityRendered() || !supportsCustomerTokenProvider) {
            return plain;
        }
        SignedIdentity signed;
        try {
            signed = signer.sign(identity, session); // cached: the token just rendered
        } catch (RuntimeException e) {
            return plain;
        }
        try {
            return SnippetResult.rendered(execute(nonce, identityScope(signed), false, provider.scope()));
        } catch (RuntimeException e) {
            return plain;
        }
    }

    /** Whether the template has the {@code customerTokenProvider} section (the bundled one has). */
    public boolean supportsCustomerTokenProvider() {
        return supportsCustomerTokenProvider;
    }

    /** Whether the template has a {@code forget} section, so {@link #renderForget(String)} clears anything. */
    public boolean clearsCustomerDataAfterLogout() {
        return forgetWithoutNonce != null;
    }

    /**
     * The snippet for {@code identity} ({@code null} for an anonymous visitor), signed through the
     * builder's {@link CachingIdentitySigner}.
     *
     * @throws IllegalStateException when called with an identity on a renderer built without a signer
     *         (a configuration error, caught at start-up rather than per page)
     */
    public SnippetResult render(@Nullable CustomerIdentity identity, @Nullable String nonce) {
        return render(identity, null, nonce);
    }

    /**
     * The snippet for {@code identity} ({@code null} for an anonymous visitor) in the browser session
     * {@code session} ({@code null}: the request has none), signed through the builder's
     * {@link CachingIdentitySigner}: the token carries the session's {@code sid}, so each browser session gets
     * its own token.
     *
     * @throws IllegalStateException when called with an identity on a renderer built without a signer
     */
    public SnippetResult render(
            @Nullable CustomerIdentity identity, @Nullable SessionClaim session, @Nullable String nonce) {
        if (identity == null) {
            return renderAnonymous(nonce);
        }
        if (signer == null) {
            throw new IllegalStateException(
                    "this renderer has no signer: build it with WidgetSnippetRenderer.builder(options).signer(...)");
        }
        SnippetResult refused = precheck(identity, nonce);
        if (refused != null) {
            return refused;
        }
        SignedIdentity signed;
        try {
            signed = signer.sign(identity, session);
        } catch (TokenTooLargeException e) {
            return dropIdentity(nonce, SnippetProblem.TOKEN_TOO_LARGE, e.getMessage());
        } catch (RuntimeException e) {
            return dropIdentity(
                    nonce,
                    SnippetProblem.SIGNING_FAILED,
                    "signing failed: " + e.getClass().getSimpleName());
        }
        return renderChecked(signed, nonce);
    }

    /**
     * The snippet for an identity signed elsewhere ({@code null} for an anonymous visitor). The token
     * must have been minted for {@link WidgetOptions#audience()}.
     */
    public SnippetResult renderSigned(@Nullable SignedIdentity signed, @Nullable String nonce) {
        if (signed == null) {
            return renderAnonymous(nonce);
        }
        SnippetResult refused = precheck(signed.identity(), nonce);
        if (refused != null) {
            return refused;
        }
        return renderChecked(signed, nonce);
    }

    /**
     * The checks every render of an identity passes before signing: a nonce that is present must be base64 (else the
     * page is refused), and no session variable may be named like the token variable (else the identity is dropped).
     *
     * @return the result to return instead of rendering, or {@code null} when the identity may be rendered
     */
    private @Nullable SnippetResult precheck(CustomerIdentity identity, @Nullable String nonce) {
        SnippetResult refused = nonceRefusal(nonce);
        if (refused != null) {
            return refused;
        }
        if (identity.sessionVariables().containsKey(options.tokenVariable())) {
            return dropIdentity(
                    nonce,
                    SnippetProblem.TOKEN_VARIABLE_CLASH,
                    "a session variable is named like the token variable '" + options.tokenVariable() + "'");
        }
        return null;
    }

    /** The refusal for a nonce that is present but not base64/base64url; {@code null} when the nonce may be used. */
    private static @Nullable SnippetResult nonceRefusal(@Nullable String nonce) {
        if (nonce != null && !validNonce(nonce)) {
            return SnippetResult.refused(
                    SnippetProblem.INVALID_NONCE, "CSP nonce is not base64/base64url (length " + nonce.length() + ")");
        }
        return null;
    }

    /** Renders a prechecked, signed identity: drops it when its token is over the budget. */
    private SnippetResult renderChecked(SignedIdentity signed, @Nullable String nonce) {
        int tokenLength = signed.token().length();
        if (tokenLength > options.maxTokenLength()) {
            return dropIdentity(
                    nonce,
                    SnippetProblem.TOKEN_TOO_LARGE,
                    "identity token is " + tokenLength + " characters, over the budget of " + options.maxTokenLength());
        }
        return renderPage(nonce, signed);
    }

    /** Fills the page from the pre-rendered plan when there is one, else through the Mustache template. */
    private SnippetResult renderPage(String nonce, @Nullable SignedIdentity signed) {
        if (plan == null) {
            return renderThroughTemplate(nonce, signed == null ? null : identityScope(signed), false, null);
        }
        try {
            return SnippetResult.rendered(fromPlan(nonce, signed));
        } catch (RuntimeException e) {
            return SnippetResult.refused(
                    SnippetProblem.RENDER_FAILED,
                    "rendering failed: " + e.getClass().getSimpleName());
        }
    }

    private Map<String, Object> identityScope(SignedIdentity signed) {
        CustomerIdentity identity = signed.identity();
        Map<String, Object> identityScope = new HashMap<>(8);
        identity.name().ifPresent(name -> identityScope.put("customerName", ScriptSafeJson.string(name)));
        identity.email().ifPresent(email -> identityScope.put("customerEmail", ScriptSafeJson.string(email)));
        identityScope.put(
                "sessionVariables",
                ScriptSafeJson.object(identity.sessionVariables(), options.tokenVariable(), signed.token()));
        return identityScope;
    }

    /** For tests: whether pages are filled from the pre-rendered plan rather than a Mustache walk. */
    boolean precompiled() {
        return plan != null;
    }

    /** For tests: the Mustache rendering of the same input (what the plan must reproduce). */
    LiveChatSnippet renderThroughMustache(SignedIdentity signed, String nonce) {
        return execute(nonce, signed == null ? null : identityScope(signed));
    }

    /** Fills the pre-rendered shape for this input; values are written as script-safe JSON straight into the output. */
    private LiveChatSnippet fromPlan(String nonce, SignedIdentity signed) {
        CustomerIdentity identity = signed == null ? null : signed.identity();
        String name = identity == null ? null : identity.name().orElse(null);
        String email = identity == null ? null : identity.email().orElse(null);
        SnippetPlan.Shape shape = plan.shape(nonce != null, identity != null, name != null, email != null);
        int capacity = shape.staticLength() + 16;
        if (identity != null) {
            capacity += signed.token().length() + 2 * (length(name) + length(email)) + 64;
            for (Map.Entry<String, String> entry : identity.sessionVariables().entrySet()) {
                capacity += 2 * (entry.getKey().length() + entry.getValue().length()) + 8;
            }
        }
        StringBuilderWriter out = new StringBuilderWriter(capacity);
        JsonGenerator json = identity == null ? null : ScriptSafeJson.generator(out);
        try {
            for (SnippetPlan.Segment segment : shape.segments()) {
                if (segment.text() != null) {
                    out.write(segment.text());
                    continue;
                }
                switch (segment.slot()) {
                    case NONCE:
                        out.write(nonce);
                        break;
                    case NAME:
                        json.writeString(name);
                        json.flush();
                        break;
                    case EMAIL:
                        json.writeString(email);
                        json.flush();
                        break;
                    default:
                        if (!ScriptSafeJson.writeObject(
                                json, identity.sessionVariables(), options.tokenVariable(), signed.token())) {
                            out.write(ScriptSafeJson.object(
                                    identity.sessionVariables(), options.tokenVariable(), signed.token()));
                        }
                        break;
                }
            }
        } finally {
            if (json != null) {
                json.close(); // returns Jackson's buffers to its pool
            }
        }
        return new LiveChatSnippet(out.toString(), identity != null);
    }

    private static int length(String value) {
        return value == null ? 0 : value.length();
    }

    private SnippetResult dropIdentity(String nonce, SnippetProblem problem, String detail) {
        SnippetResult anonymous = renderAnonymous(nonce);
        return anonymous
                .snippet()
                .map(snippet -> SnippetResult.identityDropped(snippet, problem, detail))
                .orElse(anonymous);
    }

    private SnippetResult renderThroughTemplate(
            String nonce, Map<String, Object> identityScope, boolean forget, Map<String, Object> extra) {
        try {
            return SnippetResult.rendered(execute(nonce, identityScope, forget, extra));
        } catch (RuntimeException e) {
            return SnippetResult.refused(
                    SnippetProblem.RENDER_FAILED,
                    "template " + template.description() + " failed: "
                            + e.getClass().getSimpleName());
        }
    }

    private LiveChatSnippet execute(String nonce, Map<String, Object> identityScope) {
        return execute(nonce, identityScope, false);
    }

    private LiveChatSnippet execute(String nonce, Map<String, Object> identityScope, boolean forget) {
        return execute(nonce, identityScope, forget, null);
    }

    private LiveChatSnippet execute(
            String nonce, Map<String, Object> identityScope, boolean forget, Map<String, Object> extra) {
        Map<String, Object> scope = baseScope;
        if (nonce != null || identityScope != null || forget || extra != null) {
            scope = new HashMap<>(baseScope);
            if (extra != null) {
                scope.putAll(extra);
            }
            if (nonce != null) {
                scope.put("nonce", nonce);
            }
            if (identityScope != null) {
                scope.put("identity", identityScope);
            }
            if (forget) {
                scope.put("forget", forgetScope);
            }
        }
        StringBuilderWriter out = new StringBuilderWriter(identityScope == null ? 1536 : 2048);
        mustache.execute(out, scope);
        return new LiveChatSnippet(out.toString(), identityScope != null, forget);
    }

    /**
     * Renders the forget variant once at build time (checked like every snippet); {@code null} when the template
     * has no {@code forget} section (its output then equals the plain loader's).
     */
    private LiveChatSnippet checkForget(LiveChatSnippet anonymous) {
        LiveChatSnippet forget;
        LiveChatSnippet probe;
        try {
            forget = execute(null, null, true);
            probe = execute("cHJvYmU=", null, true);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "widget template " + template.description() + " cannot be rendered: " + e.getMessage(), e);
        }
        if (forget.html().equals(anonymous.html())) {
            return null;
        }
        checkSnippet(forget);
        checkSnippet(probe);
        return forget;
    }

    /** Renders the provider variant once at build time; false when the template has no such section. */
    private boolean checkProvider(LiveChatSnippet anonymous) {
        LiveChatSnippet probe;
        try {
            probe = execute(
                    "cHJvYmU=",
                    null,
                    false,
                    CustomerTokenProvider.of("/probe/customer-token", "probeUser")
                            .scope());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "widget template " + template.description() + " cannot be rendered: " + e.getMessage(), e);
        }
        if (probe.html().equals(execute("cHJvYmU=", null).html())) {
            return false;
        }
        checkSnippet(probe);
        return !probe.html().equals(anonymous.html());
    }

    private static Map<String, Object> forgetScope(WidgetOptions options) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("clearedSessionVariables", ScriptSafeJson.object(Map.of(), options.tokenVariable(), ""));
        scope.put("clearedName", ScriptSafeJson.string(CLEARED_CUSTOMER_VALUE));
        scope.put("clearedEmail", ScriptSafeJson.string(CLEARED_CUSTOMER_VALUE));
        return scope;
    }

    /** Renders probes once at build time: the template must yield one script element, ASCII only. */
    private LiveChatSnippet checkTemplate() {
        LiveChatSnippet anonymous;
        LiveChatSnippet probe;
        try {
            anonymous = execute(null, null);
            Map<String, Object> identityScope = new HashMap<>();
            identityScope.put("customerName", ScriptSafeJson.string("probe"));
            identityScope.put("customerEmail", ScriptSafeJson.string("probe@example.com"));
            identityScope.put(
                    "sessionVariables", ScriptSafeJson.object(Map.of(), options.tokenVariable(), "probe.token.value"));
            probe = execute("cHJvYmU=", identityScope);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "widget template " + template.description() + " cannot be rendered: " + e.getMessage(), e);
        }
        checkSnippet(anonymous);
        checkSnippet(probe);
        return anonymous;
    }

    /** A rendered snippet must be pure ASCII and hold exactly one, closed, script element. */
    private void checkSnippet(LiveChatSnippet snippet) {
        String html = snippet.html();
        for (int i = 0; i < html.length(); i++) {
            if (html.charAt(i) > 0x7e
                    || (html.charAt(i) < 0x20
                            && html.charAt(i) != '\n'
                            && html.charAt(i) != '\r'
                            && html.charAt(i) != '\t')) {
                throw new IllegalArgumentException("widget template " + template.description()
                        + " renders a non-ASCII or control character at position " + (i + 1)
                        + "; snippets must be pure ASCII");
            }
        }
        int first = LiveChatSnippet.indexOfIgnoreCase(html, "<script", 0);
        if (first < 0 || LiveChatSnippet.indexOfIgnoreCase(html, "<script", first + 1) >= 0) {
            throw new IllegalArgumentException(
                    "widget template " + template.description() + " must render exactly one <script> element");
        }
        try {
            snippet.scriptBody();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException("widget template " + template.description() + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> baseScope(WidgetOptions options) {
        Map<String, Object> scope = new HashMap<>();
        options.license().ifPresent(license -> scope.put("license", Long.toString(license)));
        options.organizationId().ifPresent(id -> {
            scope.put("organizationId", ScriptSafeJson.string(id));
            scope.put("productName", ScriptSafeJson.string("text"));
        });
        options.group().ifPresent(group -> scope.put("group", Integer.toString(group)));
        options.chatBetweenGroups().ifPresent(value -> scope.put("chatBetweenGroups", value.toString()));
        if (options.asyncInit()) {
            scope.put("asyncInit", "true");
        }
        scope.put("integrationName", ScriptSafeJson.string(options.integrationName()));
        scope.put("scriptUrl", ScriptSafeJson.string(options.scriptUrl().toASCIIString()));
        if (options.noscript() && options.license().isPresent()) {
            scope.put(
                    "noscriptUrl",
                    "https://www.livechat.com/chat-with/" + options.license().getAsLong() + "/");
        }
        return scope;
    }

    /** A CSP nonce must be base64 or base64url: 1-256 characters of A-Z a-z 0-9 + / - _, then at most two '='. */
    static boolean validNonce(String nonce) {
        int length = nonce.length();
        if (length == 0 || length > MAX_NONCE_LENGTH) {
            return false;
        }
        int end = length;
        while (end > 0 && nonce.charAt(end - 1) == '=' && length - end < 2) {
            end--;
        }
        if (end == 0) {
            return false;
        }
        for (int i = 0; i < end; i++) {
            char c = nonce.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '+'
                    || c == '/'
                    || c == '-'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "WidgetSnippetRenderer[" + options + ", " + template + (signer != null ? ", " + signer : "") + "]";
    }

    /** Settings of a {@link WidgetSnippetRenderer}. */
    public static final class Builder {
        private final WidgetOptions options;
        private WidgetTemplate template = WidgetTemplate.bundled();
        private CachingIdentitySigner signer;

        private Builder(WidgetOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        /** The template; default {@link WidgetTemplate#bundled()}. */
        public Builder template(WidgetTemplate template) {
            this.template = Objects.requireNonNull(template, "template");
            return this;
        }

        /** The signer behind {@link WidgetSnippetRenderer#render(CustomerIdentity, String)}; its audience must be the widget's account. */
        public Builder signer(CachingIdentitySigner signer) {
            this.signer = Objects.requireNonNull(signer, "signer");
            return this;
        }

        /** Wraps {@code signer} in a {@link CachingIdentitySigner} with default size. */
        public Builder signer(IdentitySigner signer) {
            return signer(CachingIdentitySigner.wrap(signer));
        }

        /**
         * Compiles the template and renders probes once.
         *
         * @throws IllegalArgumentException when the template cannot be read or compiled, renders
         *         non-ASCII text or not exactly one script element, or the signer's audience differs
         */
        public WidgetSnippetRenderer build() {
            return new WidgetSnippetRenderer(options, template, template.compile(), signer);
        }
    }
}
