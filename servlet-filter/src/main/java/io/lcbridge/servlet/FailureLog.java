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
        try {
            metrics.failed(stage, cause.getClass());
        } catch (RuntimeException ignored) {
            // a broken metrics binding must not break the page either
        }
        String key = stage + ":" + cause.getClass().getName();
        if (logged.size() < MAX_REMEMBERED && logged.add(key)) {
            LOG.log(Level.WARNING, "LiveChat widget left out of a page: {0} failed with {1}; the page was served"
                    + " unchanged. Further failures of this kind are counted, not logged.", stage, cause.getClass().getName());
        }
    }

    /** Whether a cause was logged already (for tests). */
    boolean hasLogged(WidgetFilterMetrics.Stage stage, Class<? extends Throwable> cause) {
        return logged.contains(stage + ":" + cause.getName());
    }
}
