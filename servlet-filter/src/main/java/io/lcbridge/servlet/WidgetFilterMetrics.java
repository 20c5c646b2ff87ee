package io.lcbridge.servlet;

/**
 * Counts what the widget filter did, so a broken resolver or key shows up on a dashboard rather than as silently
 * missing identities. Implementations must be cheap and thread-safe and must not throw; the Spring starter binds this
 * to Micrometer. Every method has a no-op default.
 */
public interface WidgetFilterMetrics {

    /** Where a failure happened. The page was served unchanged in every case. */
    enum Stage {
        /** The {@link IdentityResolver} threw. */
        RESOLVE_IDENTITY,
        /** A {@link LiveChatIdentityCustomizer} threw, or set invalid variables. */
        CONTRIBUTE_VARIABLES,
        /** Signing the identity failed (for example the token exceeded its size budget). */
        SIGN,
        /** Rendering the snippet failed. */
        RENDER,
        /** The streaming injector itself failed. */
        STREAM,
        /**
         * The signed-in user's LiveChat customer token could not be obtained (customer identity binding): the page
         * kept the session-variable identity without the custom identity provider, or the token endpoint answered 503.
         */
        CUSTOMER_TOKEN
    }

    /** Why a request or response got no snippet. None of these is an error. */
    enum SkipReason {
        /** The path is excluded, or not included, by the filter's path patterns. */
        EXCLUDED_PATH,
        /** {@code HEAD} requests have no body to inject into. */
        HEAD_REQUEST,
        /**
         * An error page while error pages are off: a 4xx/5xx response, one the application ended with
         * {@code sendError} or an exception (the container's error page then follows in an error dispatch, which is
         * not counted again), or an error dispatch of a request the filter did not see. One count per request.
         */
        ERROR_PAGE,
        /** The status is not a plain 2xx and not an error (redirects, 204/304). */
        STATUS,
        /** The response is not {@code text/html} (JSON, images, downloads…). */
        NOT_HTML,
        /** The application already compressed or otherwise encoded the body. */
        CONTENT_ENCODING,
        /**
         * The body's charset is not ASCII-compatible, as {@code Content-Type} or, when it names none, the page's own
         * BOM or {@code <meta>} declares it (or the page was flushed before its declaration could be read).
         */
        CHARSET,
        /**
         * An HTML response without a whole document to inject into: a fragment (htmx, Turbo), a page without a
         * real {@code </body>}, non-blocking output, or an identity that came too late to mark the response private
         * (a template asking {@link LiveChatSnippets} then gets the loader alone).
         */
        NO_INJECTION_POINT
    }

    /** A request or response got no snippet, for {@code reason}. */
    default void skipped(SkipReason reason) {}

    /** A snippet was written into a page; {@code withIdentity} tells a signed identity from the loader alone. */
    default void injected(boolean withIdentity) {}

    /** The template placed the snippet itself ({@link LiveChatSnippets#forRequest}). */
    default void placedByTemplate(boolean withIdentity) {}

    /**
     * Something failed at {@code stage}. {@code cause} is a short, low-cardinality tag safe for metrics: the
     * exception's simple class name (never its message, which may hold personal data) or the renderer's problem
     * name (for example {@code TOKEN_TOO_LARGE}).
     */
    default void failed(Stage stage, String cause) {}

    /**
     * The customer token endpoint answered a request: {@code outcome} is {@code issued}, {@code anonymous} (401),
     * {@code cross_site} (403), {@code rate_limited} (429) or {@code unavailable} (503).
     */
    default void customerTokenRequest(String outcome) {}

    /** Counts nothing. */
    static WidgetFilterMetrics none() {
        return NoMetrics.INSTANCE;
    }
}

/** {@link WidgetFilterMetrics#none()}. */
enum NoMetrics implements WidgetFilterMetrics {
    INSTANCE
}
