package io.lcbridge.servlet;

import java.lang.System.Logger.Level;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fail-open bookkeeping: every failure is counted; each distinct cause (stage + exception class) is logged once, as a
 * warning without the exception's message (messages from app code may hold personal data) and without any secret.
 */
final class FailureLog {

    private static final System.Logger LOG = System.getLogger("io.lcbridge.servlet.LiveChatWidgetFilter");
    private static final int MAX_REMEMBERED = 256;

    private final Set<String> logged = ConcurrentHashMap.newKeySet();
    private final WidgetFilterMetrics metrics;

    FailureLog(WidgetFilterMetrics metrics) {
        this.metrics = metrics;
    }

    void failed(WidgetFilterMetrics.Stage stage, Throwable cause) {
        record(stage, cause.getClass().getSimpleName(), cause.getClass().getName());
    }

    /**
     * A problem the renderer reported without an exception; {@code detail} is the renderer's log-safe text (it never
     * holds personal data, tokens or secrets).
     */
    void problem(WidgetFilterMetrics.Stage stage, String problem, String detail) {
        record(stage, problem, problem + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")"));
    }

    private void record(WidgetFilterMetrics.Stage stage, String tag, String description) {
        try {
            metrics.failed(stage, tag);
        } catch (RuntimeException ignored) {
            // a broken metrics binding must not break the page either
        }
        String key = stage + ":" + tag;
        if (logged.size() < MAX_REMEMBERED && logged.add(key)) {
            LOG.log(
                    Level.WARNING,
                    "LiveChat widget: {0} failed with {1}; the page was served without it (or without"
                            + " the identity). Further failures of this kind are counted, not logged.",
                    stage,
                    description);
        }
    }

    /** Whether a cause was logged already (for tests). */
    boolean hasLogged(WidgetFilterMetrics.Stage stage, String tag) {
        return logged.contains(stage + ":" + tag);
    }
}
