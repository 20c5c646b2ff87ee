package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.SignedIdentity;
import io.lcbridge.core.TokenTooLargeException;
import io.lcbridge.widget.CachingIdentitySigner;
import io.lcbridge.widget.SnippetProblem;
import io.lcbridge.widget.SnippetResult;
import io.lcbridge.widget.WidgetSnippetRenderer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The filter's real snippet source: identity from the {@link IdentityResolver}, variables from the
 * {@link SessionVariablesContributor}s, signed (through the renderer's caching signer) and rendered by the
 * {@link WidgetSnippetRenderer}. A renderer problem that still leaves the loader (token too large, signing failed)
 * serves the loader alone and is logged/counted; one that leaves nothing serves the page unchanged.
 *
 * <p>The token is minted for the request's HTTP session: its {@code sid} claim is a digest of the session id (see
 * {@link SessionClaim}), so every browser session of a user gets its own token. A signed-in request without a session
 * (stateless authentication) gets no session created for it, since that would change the app's cookies: its token has
 * no {@code sid} and is shared by that user's session-less pages until re-signed (each cached token still has its own
 * {@code jti}, and the verifier binds it to the first LiveChat customer that presents it).
 *
 * <p>Logout hygiene: when pages with an identity mark the browser ({@link IdentityMark}), an anonymous request that
 * carries the mark gets {@link WidgetSnippetRenderer#renderForget(String)}, the loader plus the calls that overwrite
 * what the signed-in pages queued in the widget.
 */
final class RendererSnippetSource implements SnippetSource {

    private final WidgetSnippetRenderer renderer;
    private final IdentityResolver resolver;
    private final List<SessionVariablesContributor> contributors;
    private final AnonymousVisitors anonymous;
    private final String nonceAttribute;
    private final FailureLog failures;
    private final boolean forgetAfterLogout;
    private final CachingIdentitySigner signer;

    RendererSnippetSource(
            WidgetSnippetRenderer renderer,
            CachingIdentitySigner signer,
            IdentityResolver resolver,
            List<SessionVariablesContributor> contributors,
            AnonymousVisitors anonymous,
            String nonceAttribute,
            FailureLog failures,
            boolean forgetAfterLogout) {
        this.renderer = renderer;
        this.signer = signer;
        this.resolver = resolver;
        this.contributors = List.copyOf(contributors);
        this.anonymous = anonymous;
        this.nonceAttribute = nonceAttribute;
        this.failures = failures;
        this.forgetAfterLogout = forgetAfterLogout && anonymous != AnonymousVisitors.NOTHING;
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
        return snippetOf(renderer.renderAnonymous(nonce(request)));
    }

    @Override
    public Snippet snippetFor(HttpServletRequest request) {
        CustomerIdentity identity = identity(request);
        if (identity == null && anonymous == AnonymousVisitors.NOTHING) {
            return null;
        }
        String nonce = nonce(request);
        SnippetResult result;
        try {
            result = identity == null && forgetAfterLogout && IdentityMark.present(request)
                    ? renderer.renderForget(nonce)
                    : renderer.render(identity, identity == null ? null : session(request), nonce);
        } catch (RuntimeException e) {
            throw new SnippetFailure(WidgetFilterMetrics.Stage.RENDER, e);
        }
        if (identity != null && !result.identityRendered() && anonymous == AnonymousVisitors.NOTHING) {
            reportProblem(result);
            return null; // identity dropped and anonymous visitors get nothing
        }
        return snippetOf(result);
    }

    /**
     * The request's identity signed exactly as a page would carry it, or {@code null} for an anonymous visitor, a
     * filter without keys, or a failure (logged once per cause and counted, as for pages).
     */
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
        String tokenVariable = renderer.options().tokenVariable();
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
        if (length > renderer.options().maxTokenLength()) {
            failures.problem(
                    WidgetFilterMetrics.Stage.SIGN,
                    SnippetProblem.TOKEN_TOO_LARGE.name(),
                    "identity token is " + length + " characters, over the budget of "
                            + renderer.options().maxTokenLength());
            return null;
        }
        return signed;
    }

    /** The session variable that carries the token. */
    String tokenVariable() {
        return renderer.options().tokenVariable();
    }

    private Snippet snippetOf(SnippetResult result) {
        reportProblem(result);
        return result.snippet().map(Snippet::of).orElse(null);
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
        if (contributors.isEmpty()) {
            return identity;
        }
        try {
            CustomerIdentity.Builder builder = identity.toBuilder();
            for (SessionVariablesContributor contributor : contributors) {
                Map<String, String> variables = contributor.variables(request, identity);
                if (variables != null) {
                    variables.forEach(builder::variable);
                }
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
