package io.lcbridge.servlet;

/**
 * The application's {@link WidgetFilterMetrics} behind a guard: a binding that throws (a registry that is shutting
 * down, a bug in a custom implementation) is ignored, so counting never breaks a page. {@link FilterSettings} wraps
 * the filter's metrics once, so every place that counts calls it plainly.
 */
final class NeverFailingMetrics implements WidgetFilterMetrics {

    private final WidgetFilterMetrics metrics;

    private NeverFailingMetrics(WidgetFilterMetrics metrics) {
        this.metrics = metrics;
    }

    /** {@code metrics} guarded; as it is when it cannot throw (nothing counted, or already guarded). */
    static WidgetFilterMetrics wrap(WidgetFilterMetrics metrics) {
        return metrics instanceof NeverFailingMetrics || metrics == WidgetFilterMetrics.none()
                ? metrics
                : new NeverFailingMetrics(metrics);
    }

    @Override
    public void skipped(SkipReason reason) {
        try {
            metrics.skipped(reason);
        } catch (RuntimeException ignored) {
            // metrics never break a page
        }
    }

    @Override
    public void injected(boolean withIdentity) {
        try {
            metrics.injected(withIdentity);
        } catch (RuntimeException ignored) {
            // metrics never break a page
        }
    }

    @Override
    public void placedByTemplate(boolean withIdentity) {
        try {
            metrics.placedByTemplate(withIdentity);
        } catch (RuntimeException ignored) {
            // metrics never break a page
        }
    }

    @Override
    public void failed(Stage stage, String cause) {
        try {
            metrics.failed(stage, cause);
        } catch (RuntimeException ignored) {
            // metrics never break a page
        }
    }

    @Override
    public void customerTokenRequest(String outcome) {
        try {
            metrics.customerTokenRequest(outcome);
        } catch (RuntimeException ignored) {
            // metrics never break a request
        }
    }
}
