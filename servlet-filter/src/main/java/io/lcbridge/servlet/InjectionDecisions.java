package io.lcbridge.servlet;

/**
 * The {@link InjectionHooks} of an {@link InjectingResponse}: what happens when a scanner arms (the identity's cache
 * headers, or the identity withheld from a committed response), when it finds the marker (which snippet, if any,
 * goes in, and the held length it adds) and when it fails; and the same identity headers for a snippet the template
 * placed by hand. Kept apart from the wrapper so the per-page decisions read in one place; it remembers what went in.
 */
final class InjectionDecisions implements InjectionHooks {

    private final InjectingResponse response;
    private final RequestSnippet snippet;
    private final FilterSettings settings;
    private final FailureLog failures;
    private final HeaderPolicy headers;

    private boolean identityWithheld;
    private Snippet injected;

    InjectionDecisions(
            InjectingResponse response,
            RequestSnippet snippet,
            FilterSettings settings,
            FailureLog failures,
            HeaderPolicy headers) {
        this.response = response;
        this.snippet = snippet;
        this.settings = settings;
        this.failures = failures;
        this.headers = headers;
    }

    @Override
    public boolean armed() {
        if (!response.eligibleNow() || response.charset().refused()) {
            return false;
        }
        Snippet s = snippet.get();
        if (s == null) {
            return false;
        }
        if (s.carriesIdentity()) {
            if (response.isCommitted()) {
                return withholdIdentity(); // too late to mark the response private: the loader alone
            }
            headers.identityShown();
        } else if (s.clearsCustomerData()) {
            headers.customerDataCleared();
        }
        return true;
    }

    @Override
    public Snippet snippetAtMarker() {
        if (!response.eligibleNow() || (snippet.placedByHand())) {
            return null;
        }
        PageCharset charset = response.charset();
        if (!charset.knownSafe()) {
            charset.refuse();
            return null;
        }
        Snippet s = snippet.get();
        if (s != null && s.carriesIdentity() && !headers.identityHeaders()) {
            s = identityWithheld ? snippet.anonymous() : null;
        }
        if (s == null) {
            return null;
        }
        if (!response.outputs().markerEndsHead()) {
            s = s.inBody(); // the body placement, or a page without </head>: the snippet with its <noscript> link
        }
        injected = s;
        headers.snippetWritten(s.html().length());
        settings.metrics().injected(s.carriesIdentity());
        return s;
    }

    /** Leaves the identity out of a committed response; the loader without identity goes in instead, if any. */
    private boolean withholdIdentity() {
        if (snippet.anonymous() == null) {
            return false; // counted as NO_INJECTION_POINT when the request ends
        }
        identityWithheld = true;
        settings.metrics().skipped(WidgetFilterMetrics.SkipReason.NO_INJECTION_POINT);
        return true;
    }

    @Override
    public void scanFailed(RuntimeException e) {
        failures.failed(WidgetFilterMetrics.Stage.STREAM, e);
    }

    /** Marks identity headers for a snippet the template placed by hand (called by {@link LiveChatSnippets}). */
    void placedByHand(Snippet s) {
        if (s.carriesIdentity() && !response.isCommitted()) {
            headers.identityShown();
        } else if (s.clearsCustomerData()) {
            headers.customerDataCleared();
        }
    }

    /** Whether the headers were made private for an identity, or still can be. */
    boolean identityCanBePrivate() {
        return headers.identityHeaders() || !response.isCommitted();
    }

    /** The snippet written into this response, or {@code null}. */
    Snippet injected() {
        return injected;
    }

    /** {@code reset()}: nothing went in, nothing was withheld. */
    void reset() {
        identityWithheld = false;
        injected = null;
    }

    /** {@code resetBuffer()}: the body with the snippet is gone. */
    void bufferReset() {
        injected = null;
    }
}
