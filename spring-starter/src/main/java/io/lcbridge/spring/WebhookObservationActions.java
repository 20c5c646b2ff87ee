package io.lcbridge.spring;

import io.lcbridge.verifier.LiveChatWebhookHandler;
import io.lcbridge.verifier.WebhookEvent;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Names the webhook's action on the observation of the request that carries it, when the delivery is dispatched on
 * the request's thread (with asynchronous dispatch the request's observation has ended by then, and its action stays
 * {@code unknown}). An ordinary handler bean, ordered first, that never throws.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
final class WebhookObservationActions implements LiveChatWebhookHandler {

    private final ObservationRegistry registry;

    WebhookObservationActions(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void handle(WebhookEvent event) {
        try {
            // the request's observation, or an ancestor of the current one (Spring Security observes its filters too)
            ObservationView observation = registry.getCurrentObservation();
            for (int depth = 0; observation != null && depth < 32; depth++) {
                if (observation.getContextView() instanceof LiveChatWebhookObservationContext context) {
                    context.action(event.action());
                    return;
                }
                observation = observation.getContextView().getParentObservation();
            }
        } catch (RuntimeException ignored) {
            // observations never fail a delivery
        }
    }
}
