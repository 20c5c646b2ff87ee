package io.lcbridge.spring;

import io.lcbridge.servlet.WebhookMetrics;
import io.lcbridge.verifier.VerifiedCustomer;
import io.lcbridge.verifier.WebhookEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@link WebhookMetrics} on Micrometer.
 *
 * <ul>
 *   <li>{@code lcbridge.webhook.events} (counter): dispatched webhooks, tagged with the action and the customer's token
 *       status ({@code VERIFIED}, {@code INVALID_SIGNATURE}, ..., or {@code none} when the chat has no known
 *       customer): a rise of anything but {@code VERIFIED} shows forged or stale identities, or a key mismatch between
 *       page and webhook side; a rise of {@code FOREIGN_CUSTOMER} shows tokens replayed by LiveChat customers other
 *       than the one each was first presented by.</li>
 * </ul>
 *
 * <p>It does not time the answers ({@link #answered}): in Spring Boot the request is one observation,
 * {@code lcbridge.webhook.deliveries} ({@link LiveChatObservationAutoConfiguration}), which makes the timer and the
 * span, instead of a second timer that repeated {@code http.server.requests}.
 */
final class MicrometerWebhookMetrics implements WebhookMetrics {

    static final String COUNTER = "lcbridge.webhook.events";

    private final MeterRegistry registry;

    MicrometerWebhookMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void dispatched(WebhookEvent event) {
        try {
            String status = event.customer()
                    .map(VerifiedCustomer::status)
                    .map(Enum::name)
                    .orElse("none");
            Counter.builder(COUNTER)
                    .description("Authentic LiveChat webhooks dispatched, by action and token status")
                    .tag("action", event.action())
                    .tag("verification", status)
                    .register(registry)
                    .increment();
        } catch (RuntimeException ignored) {
            // metrics never fail a delivery
        }
    }
}
