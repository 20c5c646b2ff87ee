package io.lcbridge.spring;

import io.lcbridge.verifier.VerifiedCustomer;
import io.lcbridge.verifier.WebhookEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts dispatched webhooks as {@code lcbridge.webhook.events}, tagged with the action and the
 * customer's token status ({@code VERIFIED}, {@code INVALID_SIGNATURE}, ..., or {@code none} when
 * the chat has no known customer): a rise of anything but {@code VERIFIED} shows forged or stale
 * identities, or a key mismatch between page and webhook side; a rise of {@code FOREIGN_CUSTOMER} shows
 * tokens replayed by LiveChat customers other than the one each was first presented by.
 */
final class MicrometerWebhookObserver implements WebhookObserver {

    static final String COUNTER = "lcbridge.webhook.events";

    private final MeterRegistry registry;

    MicrometerWebhookObserver(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void observe(WebhookEvent event) {
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
