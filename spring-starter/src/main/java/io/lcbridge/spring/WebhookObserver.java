package io.lcbridge.spring;

import io.lcbridge.verifier.WebhookEvent;

/**
 * Sees every dispatched webhook before the application's listeners and handlers, and must not
 * throw: how the metrics count deliveries by action and verification status.
 */
@FunctionalInterface
interface WebhookObserver {

    void observe(WebhookEvent event);
}
