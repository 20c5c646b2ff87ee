package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

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
    private boolean anonymousComputed;
    private Snippet anonymous;
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

    /**
     * The loader without identity (for a template that asks after the response was committed), or {@code null} when
     * anonymous visitors get nothing or producing it failed (logged, counted).
     */
    synchronized Snippet anonymous() {
        if (!anonymousComputed) {
            anonymousComputed = true;
            try {
                anonymous = source.anonymousFor(request);
            } catch (SnippetSource.SnippetFailure e) {
                failures.failed(e.stage(), e.getCause() != null ? e.getCause() : e);
            } catch (RuntimeException | LinkageError e) {
                failures.failed(WidgetFilterMetrics.Stage.RENDER, e);
            }
        }
        return anonymous;
    }

    /** An identity goes into {@code response} (headers still modifiable): marks the browser unless it already is. */
    void identityShown(HttpServletResponse response) {
        if (source.marksBrowser() && !IdentityMark.present(request)) {
            IdentityMark.set(request, response);
        }
    }

    /**
     * The calls clearing the widget's customer data go into {@code response}: it depends on the browser's mark, so no
     * shared cache may keep it, and the mark is dropped. Once committed, the mark stays and the next anonymous page
     * clears again (harmless).
     */
    void customerDataCleared(HttpServletResponse response) {
        if (!response.isCommitted()) {
            CacheHeaders.makePrivate(response);
            IdentityMark.drop(request, response);
        }
    }

    boolean placedByHand() {
        return placedByHand;
    }

    void markPlacedByHand() {
        placedByHand = true;
    }
}
