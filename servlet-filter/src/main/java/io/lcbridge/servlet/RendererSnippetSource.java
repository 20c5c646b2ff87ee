package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.SignedIdentity;
import io.lcbridge.core.TokenTooLargeException;
import io.lcbridge.widget.CachingIdentitySigner;
import io.lcbridge.widget.CustomerTokenProvider;
import io.lcbridge.widget.LiveChatSnippet;
import io.lcbridge.widget.SnippetProblem;
import io.lcbridge.widget.SnippetResult;
import io.lcbridge.widget.WidgetSnippetRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The filter's real snippet source: identity from the {@link IdentityResolver}, adjusted by the
 * {@link LiveChatIdentityCustomizer}s, signed (through the renderer's caching signer) and rendered by the
 * {@link WidgetSnippetRenderer}. A renderer problem that still leaves the loader (token too large, signing failed)
 * serves the loader alone and is logged/counted; one that leaves nothing serves the page unchanged.
 *
 * <p>The token is minted for the request's HTTP session: its {@code sid} claim is a digest of the session id (see
 * {@link SessionClaim}), so every browser session of a user gets its own token. A signed-in request without a session
 * (stateless authentication) gets no session created for it, since that would change the app's cookies: its token has
 * no {@code sid} and is shared by that user's session-less pages until re-signed (each cached token still has its own
 * {@code jti}, and the verifier binds it to the first LiveChat customer that presents it).
 *
 * <p>Placed in the head ({@link InjectionPoint#BEFORE_HEAD_END}), snippets come from a second renderer that leaves out
 * the {@code <noscript>} link (an {@code <a>} there ends the head early when scripting is off); each carries the way to
 * the variant with the link, rendered only if the page falls back to {@code </body>} or a template places it by hand.
 *
 * <p>Per page, a signed-in visitor's snippet (without a CSP nonce) is made once per token and then reused from a
 * {@link SnippetMemo} under the {@link SignedIdentity} object the caching signer handed out, as is the loader without
 * identity under the renderer's prebuilt one: the signer still decides, on every page, which token the visitor gets.
 *
 * <p>Logout hygiene: when pages with an identity mark the browser ({@link IdentityMark}), an anonymous request that
 * carries the mark gets {@link WidgetSnippetRenderer#renderForget(String)}, the loader plus the calls that overwrite
 * what the signed-in pages queued in the widget.
 */
final class RendererSnippetSource implements SnippetSource {

    private final Supplier<WidgetSnippetRenderer> renderers;
    /** Renders the head variant (no {@code <noscript>}); {@code null} when snippets are not placed in the head. */
    private final @Nullable Supplier<WidgetSnippetRenderer> headRenderers;

    private final IdentityResolver resolver;
    private final List<LiveChatIdentityCustomizer> customizers;
    private final AnonymousVisitors anonymous;
    private final String nonceAttribute;
    private final FailureLog failures;
    private final boolean forgetAfterLogout;
    private final @Nullable CustomerIdentityBinding customerIdentity;
    private final @Nullable CachingIdentitySigner signer;
    /** Snippets already made, under the token or prebuilt loader each was made from. */
    private final SnippetMemo memo = new SnippetMemo();

    RendererSnippetSource(
            Supplier<WidgetSnippetRenderer> renderers,
            @Nullable Supplier<WidgetSnippetRenderer> headRenderers,
            @Nullable CachingIdentitySigner signer,
            IdentityResolver resolver,
            List<LiveChatIdentityCustomizer> customizers,
            AnonymousVisitors anonymous,
            String nonceAttribute,
            FailureLog failures,
            boolean forgetAfterLogout,
            @Nullable CustomerIdentityBinding customerIdentity) {
        this.renderers = renderers;
        this.headRenderers = headRenderers;
        this.signer = signer;
        this.resolver = resolver;
        this.customizers = List.copyOf(customizers);
        this.anonymous = anonymous;
        this.nonceAttribute = nonceAttribute;
        this.failures = failures;
        this.forgetAfterLogout = forgetAfterLogout && anonymous != AnonymousVisitors.NOTHING;
        this.customerIdentity = customerIdentity;
    }

    @Override
    public boolean marksBrowser() {
        return forgetAfterLogout;
    }

    @Override
    public Snippet anonymousFor(HttpServletRequest request) {
        if (anonymous == AnonymousVisitors.NOTHING) {
            return null;
        }
        String nonce = nonce(request);
        Rendering rendering = r -> r.renderAnonymous(nonce);
        SnippetResult result = render(rendering, pageRenderer());
        return nonce == null ? prebuiltSnippet(result, rendering) : snippetOf(result, rendering);
    }

    @Override
    public Snippet snippetFor(HttpServletRequest request) {
        CustomerIdentity identity = identity(request);
        if (identity == null && anonymous == AnonymousVisitors.NOTHING) {
            return null;
        }
        String nonce = nonce(request);
        Rendering rendering;
        if (identity == null && forgetAfterLogout && IdentityMark.present(request)) {
            boolean dropCustomerToken = customerIdentity != null;
            rendering = r -> r.renderForget(nonce, dropCustomerToken);
        } else if (identity != null && customerIdentity != null) {
            SessionClaim session = session(request);
            CustomerTokenProvider provider =
                    customerIdentity.providerFor(request, identity).orElse(null);
            rendering = r -> r.render(identity, session, nonce, provider);
        } else {
            SessionClaim session = identity == null ? null : session(request);
            if (identity != null && nonce == null) {
                Snippet signed = signedSnippet(identity, session);
                if (signed != null) {
                    return signed;
                }
            }
            rendering = r -> r.render(identity, session, nonce);
        }
        SnippetResult result = render(rendering, pageRenderer());
        if (identity != null && !result.identityRendered() && anonymous == AnonymousVisitors.NOTHING) {
            reportProblem(result);
            return null; // identity dropped and anonymous visitors get nothing
        }
        return identity == null && nonce == null ? prebuiltSnippet(result, rendering) : snippetOf(result, rendering);
    }

    /**
     * The snippet of a signed-in page without a CSP nonce, made once per token: the caching signer hands out the same
     * {@link SignedIdentity} object for the same identity in the same browser session until it signs afresh, and the
     * snippet rendered from it is kept in the {@link SnippetMemo} under that very object. {@code null} when this way
     * does not apply (no signer, a session variable named like the token variable, signing fails, or the renderer
     * reports a problem): the page is then rendered as before, which reports what went wrong.
     */
    private @Nullable Snippet signedSnippet(CustomerIdentity identity, @Nullable SessionClaim session) {
        if (signer == null || identity.sessionVariables().containsKey(tokenVariable())) {
            return null;
        }
        SignedIdentity signed;
        try {
            signed = signer.sign(identity, session);
        } catch (RuntimeException e) {
            return null;
        }
        Snippet known = memo.get(signed);
        if (known != null) {
            return known;
        }
        Rendering rendering = r -> r.renderSigned(signed, null);
        SnippetResult result = render(rendering, pageRenderer());
        if (!result.identityRendered() || result.problem().isPresent()) {
            return null;
        }
        Snippet snippet = snippetOf(result, rendering);
        if (snippet != null) {
            memo.put(signed, snippet);
        }
        return snippet;
    }

    /**
     * {@link #snippetOf(SnippetResult, Rendering)} for a page without identity or nonce: the renderer hands out its
     * prebuilt loader (or forget snippet) object every time, and the snippet made from it is kept in the
     * {@link SnippetMemo} under that object.
     */
    private @Nullable Snippet prebuiltSnippet(SnippetResult result, Rendering rendering) {
        LiveChatSnippet made = result.problem().isEmpty() ? result.snippet().orElse(null) : null;
        if (made == null || made.hasIdentity()) {
            return snippetOf(result, rendering);
        }
        Snippet known = memo.get(made);
        if (known != null) {
            return known;
        }
        Snippet snippet = snippetOf(result, rendering);
        if (snippet != null) {
            memo.put(made, snippet);
        }
        return snippet;
    }

    /**
     * The request's identity signed exactly as a page would carry it, or {@code null} for an anonymous visitor, a
     * filter without keys, or a failure (logged once per cause and counted, as for pages).
     */
    @Nullable
    SignedIdentity signedIdentity(HttpServletRequest request) {
        if (signer == null) {
            return null;
        }
        CustomerIdentity identity;
        try {
            identity = identity(request);
        } catch (SnippetFailure e) {
            failures.failed(e.stage(), e.getCause() != null ? e.getCause() : e);
            return null;
        }
        if (identity == null) {
            return null;
        }
        String tokenVariable = renderers.get().options().tokenVariable();
        if (identity.sessionVariables().containsKey(tokenVariable)) {
            failures.problem(
                    WidgetFilterMetrics.Stage.CONTRIBUTE_VARIABLES,
                    SnippetProblem.TOKEN_VARIABLE_CLASH.name(),
                    "a session variable is named like the token variable '" + tokenVariable + "'");
            return null;
        }
        SignedIdentity signed;
        try {
            signed = signer.sign(identity, session(request));
        } catch (TokenTooLargeException e) {
            failures.problem(WidgetFilterMetrics.Stage.SIGN, SnippetProblem.TOKEN_TOO_LARGE.name(), e.getMessage());
            return null;
        } catch (RuntimeException e) {
            failures.failed(WidgetFilterMetrics.Stage.SIGN, e);
            return null;
        }
        int length = signed.token().length();
        if (length > renderers.get().options().maxTokenLength()) {
            failures.problem(
                    WidgetFilterMetrics.Stage.SIGN,
                    SnippetProblem.TOKEN_TOO_LARGE.name(),
                    "identity token is " + length + " characters, over the budget of "
                            + renderers.get().options().maxTokenLength());
            return null;
        }
        return signed;
    }

    /** The session variable that carries the token. */
    String tokenVariable() {
        return renderers.get().options().tokenVariable();
    }

    /** The renderer of the snippet the filter injects: the head variant when snippets go into the head. */
    private WidgetSnippetRenderer pageRenderer() {
        try {
            return headRenderers != null ? headRenderers.get() : renderers.get();
        } catch (RuntimeException e) {
            throw new SnippetFailure(WidgetFilterMetrics.Stage.RENDER, e);
        }
    }

    /** One way of rendering this request's snippet, applied to the body or the head renderer. */
    @FunctionalInterface
    private interface Rendering {
        SnippetResult with(WidgetSnippetRenderer renderer);
    }

    private static SnippetResult render(Rendering rendering, WidgetSnippetRenderer renderer) {
        try {
            return rendering.with(renderer);
        } catch (RuntimeException e) {
            throw new SnippetFailure(WidgetFilterMetrics.Stage.RENDER, e);
        }
    }

    private @Nullable Snippet snippetOf(SnippetResult result, Rendering rendering) {
        reportProblem(result);
        Snippet snippet = result.snippet().map(Snippet::of).orElse(null);
        if (snippet == null || headRenderers == null) {
            return snippet;
        }
        return snippet.withBodyVariant(new BodyVariant(renderers, rendering));
    }

    /**
     * The body variant of a head snippet, rendered on first use and kept (a template may ask more than once). A
     * problem is not reported again: the head variant, already counted, stands in.
     */
    private static final class BodyVariant implements Supplier<@Nullable Snippet> {
        private final Supplier<WidgetSnippetRenderer> renderer;
        private final Rendering rendering;
        private boolean rendered;
        private @Nullable Snippet snippet;

        BodyVariant(Supplier<WidgetSnippetRenderer> renderer, Rendering rendering) {
            this.renderer = renderer;
            this.rendering = rendering;
        }

        @Override
        public synchronized @Nullable Snippet get() {
            if (!rendered) {
                rendered = true;
                snippet = rendering
                        .with(renderer.get())
                        .snippet()
                        .map(Snippet::of)
                        .orElse(null);
            }
            return snippet;
        }
    }

    private void reportProblem(SnippetResult result) {
        Optional<SnippetProblem> problem = result.problem();
        if (problem.isPresent()) {
            failures.problem(stageOf(problem.get()), problem.get().name(), result.detail());
        }
    }

    private CustomerIdentity identity(HttpServletRequest request) {
        Optional<CustomerIdentity> resolved;
        try {
            resolved = resolver.resolve(request);
        } catch (RuntimeException e) {
            throw new SnippetFailure(WidgetFilterMetrics.Stage.RESOLVE_IDENTITY, e);
        }
        if (resolved == null || resolved.isEmpty()) {
            return null;
        }
        CustomerIdentity identity = resolved.get();
        if (customizers.isEmpty()) {
            return identity;
        }
        try {
            CustomerIdentity.Builder builder = identity.toBuilder();
            for (LiveChatIdentityCustomizer customizer : customizers) {
                customizer.customize(request, builder);
            }
            return builder.build();
        } catch (RuntimeException e) {
            throw new SnippetFailure(WidgetFilterMetrics.Stage.CONTRIBUTE_VARIABLES, e);
        }
    }

    /** The claim of the request's existing session; never creates one. */
    private static SessionClaim session(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        try {
            return SessionClaim.ofSessionId(session.getId());
        } catch (IllegalStateException | IllegalArgumentException e) {
            return null; // invalidated meanwhile, or an empty id: sign without a session
        }
    }

    private String nonce(HttpServletRequest request) {
        if (nonceAttribute == null) {
            return null;
        }
        Object value = request.getAttribute(nonceAttribute);
        return value == null ? null : value.toString();
    }

    private static WidgetFilterMetrics.Stage stageOf(SnippetProblem problem) {
        return switch (problem) {
            case TOKEN_TOO_LARGE, SIGNING_FAILED -> WidgetFilterMetrics.Stage.SIGN;
            case TOKEN_VARIABLE_CLASH -> WidgetFilterMetrics.Stage.CONTRIBUTE_VARIABLES;
            default -> WidgetFilterMetrics.Stage.RENDER;
        };
    }
}
