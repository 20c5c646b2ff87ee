package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The seam between the streaming machinery and the widget renderer: what to inject for one request. The filter's
 * real source resolves the identity, signs it and renders the snippet; tests plug in fixed markup.
 */
@FunctionalInterface
interface SnippetSource {

    /**
     * The snippet for {@code request}, or {@code null} when the page gets nothing (anonymous visitor with
     * {@link AnonymousVisitors#NOTHING}).
     *
     * @throws SnippetFailure naming the stage that failed
     */
    Snippet snippetFor(HttpServletRequest request);

    /**
     * The loader without identity for {@code request}, for a page that asked for its snippet too late to carry the
     * identity safely; {@code null} when anonymous visitors get nothing (or this source has no loader of its own).
     *
     * @throws SnippetFailure naming the stage that failed
     */
    default Snippet anonymousFor(HttpServletRequest request) {
        return null;
    }

    /**
     * Whether pages carrying an identity mark the browser ({@link IdentityMark}), so the first anonymous page after
     * them clears the widget's customer data.
     */
    default boolean marksBrowser() {
        return false;
    }

    /** A failure in one stage of producing a snippet. The page is served unchanged. */
    final class SnippetFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final WidgetFilterMetrics.Stage stage;

        SnippetFailure(WidgetFilterMetrics.Stage stage, Throwable cause) {
            super(stage + " failed", cause, false, false);
            this.stage = stage;
        }

        WidgetFilterMetrics.Stage stage() {
            return stage;
        }
    }
}
