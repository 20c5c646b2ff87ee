package io.lcbridge.widget;

/**
 * Why a render did not produce everything asked for. Each value says whether the page still gets
 * the anonymous loader ({@link #loaderRendered()}) or nothing at all. Callers log and count these;
 * none of them is ever shown on the page.
 */
public enum SnippetProblem {

    /** The signed token is over the size budget: the loader is rendered without any identity. */
    TOKEN_TOO_LARGE(true),
    /**
     * The identity holds a session variable named like the token variable, which is reserved: the
     * loader is rendered without any identity.
     */
    TOKEN_VARIABLE_CLASH(true),
    /** Signing failed for another reason (see {@link SnippetResult#detail()}): loader without identity. */
    SIGNING_FAILED(true),
    /** The CSP nonce is not base64/base64url: nothing is rendered (a script without it would be blocked or unprotected). */
    INVALID_NONCE(false),
    /** The template failed to render: nothing is rendered. */
    RENDER_FAILED(false);

    private final boolean loaderRendered;

    SnippetProblem(boolean loaderRendered) {
        this.loaderRendered = loaderRendered;
    }

    /** Whether a result with this problem still carries a snippet (the loader without identity). */
    public boolean loaderRendered() {
        return loaderRendered;
    }
}
