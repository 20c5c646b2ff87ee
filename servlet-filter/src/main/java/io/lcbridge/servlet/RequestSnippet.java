package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The snippet of one request, produced at most once (by the filter when the page's {@code <body>} goes by, or by
 * {@link LiveChatSnippets#forRequest} when the template asks first), and the "placed by hand" mark.
 */
final class RequestSnippet {

    private final HttpServletRequest request;
    private final SnippetSource source;
    private final FailureLog failures;
    private boolean computed;
    private Snippet snippet;
    private volatile boolean placedByHand;

    RequestSnippet(HttpServletRequest request, SnippetSource source, FailureLog failures) {
        this.request = request;
        this.source = source;
        this.failures = failures;
    }

    /** The snippet, or {@code null} when there is nothing to inject or producing it failed (logged, counted). */
    synchronized Snippet get() {
        if (!computed) {
            computed = true;
            try {
                snippet = source.snippetFor(request);
            } catch (SnippetSource.SnippetFailure e) {
                failures.failed(e.stage(), e.getCause() != null ? e.getCause() : e);
            } catch (RuntimeException | LinkageError e) {
                failures.failed(WidgetFilterMetrics.Stage.RENDER, e);
            }
        }
        return snippet;
    }

    boolean placedByHand() {
        return placedByHand;
    }

    void markPlacedByHand() {
        placedByHand = true;
    }
}
