package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Why an {@link InjectingResponse} gets no snippet: asked while the page is written (is it eligible, as it stands?)
 * and counted once, as a {@link WidgetFilterMetrics.SkipReason}, when the request ends without a snippet. Both
 * questions have the same answer in the same order (status, type, encoding, charset), so they live together.
 */
final class SkipReasons {

    private final InjectingResponse response;
    private final RequestSnippet snippet;
    private final FilterSettings settings;

    private boolean outcomeReported;

    SkipReasons(InjectingResponse response, RequestSnippet snippet, FilterSettings settings) {
        this.response = response;
        this.snippet = snippet;
        this.settings = settings;
    }

    /**
     * Why this response, as it stands, gets no snippet (status, type, encoding, charset, in that order), or
     * {@code null} when nothing in it stands in the way. With {@code untypedEligible} (the first write) a response
     * without a {@code Content-Type} yet is not refused: the type may still come. Injection being off and a snippet
     * placed by hand are not reasons here (no skip is counted for them): see {@link #eligible(boolean)}.
     */
    private WidgetFilterMetrics.SkipReason ineligibility(boolean untypedEligible) {
        int status = response.getStatus();
        boolean statusOk = (status >= 200 && status < 300 && status != 204 && status != 205 && status != 206)
                || (settings.errorPages() && status >= 400 && status < 600);
        if (!statusOk) {
            return status >= 400 && status < 600
                    ? WidgetFilterMetrics.SkipReason.ERROR_PAGE
                    : WidgetFilterMetrics.SkipReason.STATUS;
        }
        String type = response.getContentType();
        if (type == null ? !untypedEligible : !HeaderPolicy.isHtml(type)) {
            return WidgetFilterMetrics.SkipReason.NOT_HTML;
        }
        if (((HttpServletResponse) response.getResponse()).getHeader(HeaderPolicy.CONTENT_ENCODING) != null) {
            return WidgetFilterMetrics.SkipReason.CONTENT_ENCODING;
        }
        if (!HeaderPolicy.asciiCompatible(response.getCharacterEncoding())) {
            return WidgetFilterMetrics.SkipReason.CHARSET;
        }
        return null;
    }

    /** Whether the filter injects, nothing was placed by hand, and {@link #ineligibility(boolean)} finds nothing. */
    boolean eligible(boolean untypedEligible) {
        return settings.injects() && !snippet.placedByHand() && ineligibility(untypedEligible) == null;
    }

    /**
     * The request ended without a snippet in this response (or with one: then nothing is counted). When
     * {@code errorPageFollows}, with error pages on the error dispatch counts it; with them off it is
     * {@link WidgetFilterMetrics.SkipReason#ERROR_PAGE}.
     */
    void requestEnded(boolean errorPageFollows) {
        if (errorPageFollows) {
            if (settings.errorPages()) {
                outcomeReported = true; // the error dispatch counts it
            } else {
                report(WidgetFilterMetrics.SkipReason.ERROR_PAGE);
            }
        } else {
            reportOutcome();
        }
    }

    private void report(WidgetFilterMetrics.SkipReason reason) {
        if (outcomeReported || !settings.injects()) {
            return;
        }
        outcomeReported = true;
        settings.metrics().skipped(reason);
    }

    private void reportOutcome() {
        if (outcomeReported || response.injected() || snippet.placedByHand() || !settings.injects()) {
            return;
        }
        outcomeReported = true;
        settings.metrics().skipped(skipReason());
    }

    /** Why no snippet went in, for a response that ended without one. */
    private WidgetFilterMetrics.SkipReason skipReason() {
        WidgetFilterMetrics.SkipReason reason = ineligibility(false);
        if (reason != null) {
            return reason;
        }
        return response.charset().refused()
                ? WidgetFilterMetrics.SkipReason.CHARSET
                : WidgetFilterMetrics.SkipReason.NO_INJECTION_POINT;
    }
}
