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
        /** A {@link SessionVariablesContributor} threw, or returned invalid variables. */
        CONTRIBUTE_VARIABLES,
        /** Signing the identity failed (for example the token exceeded its size budget). */
        SIGN,
        /** Rendering the snippet failed. */
        RENDER,
        /** The streaming injector itself failed. */
        STREAM
    }

    /** A snippet was written into a page; {@code withIdentity} tells a signed identity from the loader alone. */
    default void injected(boolean withIdentity) {
    }

    /** The template placed the snippet itself ({@link LiveChatSnippets#forRequest}). */
    default void placedByTemplate(boolean withIdentity) {
    }

    /**
     * Something failed at {@code stage}. {@code cause} is a short, low-cardinality tag safe for metrics: the
     * exception's simple class name (never its message, which may hold personal data) or the renderer's problem
     * name (for example {@code TOKEN_TOO_LARGE}).
     */
    default void failed(Stage stage, String cause) {
    }

    /** Counts nothing. */
    static WidgetFilterMetrics none() {
        return NoMetrics.INSTANCE;
    }
}

/** {@link WidgetFilterMetrics#none()}. */
enum NoMetrics implements WidgetFilterMetrics {
    INSTANCE
}
