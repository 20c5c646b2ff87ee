package io.lcbridge.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Times every request to the webhook endpoint as {@code lcbridge.webhook.requests}, tagged with the
 * HTTP status the endpoint answered and the outcome it stands for.
 */
final class WebhookMetricsFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String TIMER = "lcbridge.webhook.requests";

    private final transient MeterRegistry registry;

    WebhookMetricsFilter(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Timer.Sample sample = Timer.start(registry);
        try {
            chain.doFilter(request, response);
        } finally {
            int status = response.getStatus();
            sample.stop(Timer.builder(TIMER)
                    .description("LiveChat webhook deliveries received, by the answer given")
                    .tag("status", Integer.toString(status))
                    .tag("outcome", outcome(status))
                    .register(registry));
        }
    }

    /** The webhook servlet's outcome for an HTTP status (see {@code LiveChatWebhookServlet}). */
    static String outcome(int status) {
        switch (status) {
            case 200:
                return "accepted";
            case 400:
                return "malformed";
            case 401:
                return "not_authentic";
            case 405:
            case 415:
                return "refused";
            case 413:
                return "too_large";
            case 500:
                return "handler_failed";
            case 503:
                return "retry_later";
            default:
                return "other";
        }
    }
}
