package io.lcbridge.spring;

import io.lcbridge.servlet.LiveChatWebhookServlet;
import io.lcbridge.verifier.WebhookOutcome;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.util.Locale;

/**
 * Observes every request to the webhook endpoint as one {@link Observation} ({@value
 * DefaultLiveChatWebhookObservationConvention#NAME} by default): Boot's handlers turn it into a timer and, with
 * tracing, a span, from the one instrumentation. In scope while the request runs, so a webhook handler's own
 * observations are its children, and the dispatch can name the action ({@link WebhookObservationActions}).
 */
final class WebhookObservationFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final LiveChatWebhookObservationConvention DEFAULT =
            new DefaultLiveChatWebhookObservationConvention();

    private final transient ObservationRegistry registry;
    private final transient @Nullable LiveChatWebhookObservationConvention convention;

    WebhookObservationFilter(ObservationRegistry registry, @Nullable LiveChatWebhookObservationConvention convention) {
        this.registry = registry;
        this.convention = convention;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        LiveChatWebhookObservationContext context = new LiveChatWebhookObservationContext();
        Observation observation = Observation.createNotStarted(convention, DEFAULT, () -> context, registry)
                .start();
        Observation.Scope scope = observation.openScope();
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException e) {
            observation.error(e);
            throw e;
        } finally {
            scope.close();
            context.status(response.getStatus());
            if (request.getAttribute(LiveChatWebhookServlet.OUTCOME_ATTRIBUTE) instanceof WebhookOutcome outcome) {
                context.outcome(outcome.kind().name().toLowerCase(Locale.ROOT));
            }
            observation.stop();
        }
    }
}
