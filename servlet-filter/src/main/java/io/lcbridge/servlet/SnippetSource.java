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
