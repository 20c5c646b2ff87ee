package io.lcbridge.servlet;

/** The filter's request-independent settings, as the streaming machinery needs them. */
record FilterSettings(
        InjectionPoint injectionPoint, boolean errorPages, PathPatterns paths, WidgetFilterMetrics metrics) {

    /** {@code metrics} is kept {@linkplain NeverFailingMetrics guarded}: counting never breaks a page. */
    FilterSettings {
        metrics = NeverFailingMetrics.wrap(metrics);
    }

    boolean beforeHeadEnd() {
        return injectionPoint == InjectionPoint.BEFORE_HEAD_END;
    }

    /** Whether the filter injects the snippet by itself (everything but {@link InjectionPoint#MANUAL_ONLY}). */
    boolean injects() {
        return injectionPoint != InjectionPoint.MANUAL_ONLY;
    }
}
