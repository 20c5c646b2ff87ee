package io.lcbridge.servlet;

import io.lcbridge.verifier.LiveChatWebhookHandler;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookEvent;

import java.time.Duration;

/**
 * Counts what the webhook endpoint did, beside {@link WidgetFilterMetrics} for pages: a rise of refused or
 * unverified deliveries shows a wrong secret, forged identities or a key mismatch on a dashboard. Implementations must
 * be cheap and thread-safe and must not throw; the Spring starter binds this to Micrometer. Every method has a no-op
 * default.
 *
 * <p>In a plain servlet application, hand it to both halves:
 * {@code LiveChatWebhooks.builder()...handlerForAll(metrics::dispatched)} (first, so it sees every dispatched
 * delivery) and {@code LiveChatWebhookServlet.builder(webhooks).metrics(metrics)} (every request answered).
 */
public interface WebhookMetrics {

    /**
     * An authentic, not yet handled delivery is being dispatched to the handlers: count it by
     * {@link WebhookEvent#action()} and the customer's token status. Registered as an ordinary
     * {@link LiveChatWebhookHandler} on {@link LiveChatWebhooks.Builder#handlerForAll}; it must not throw, or the
     * delivery counts as failed.
     */
    default void dispatched(WebhookEvent event) {}

    /**
     * The endpoint answered a request with HTTP {@code status} after {@code elapsed}. {@code outcome} is a short,
     * low-cardinality tag for the status: {@code accepted}, {@code malformed}, {@code not_authentic},
     * {@code refused}, {@code too_large}, {@code timed_out}, {@code handler_failed}, {@code retry_later} or
     * {@code other}.
     */
    default void answered(int status, String outcome, Duration elapsed) {}

    /** Counts nothing. */
    static WebhookMetrics none() {
        return NoWebhookMetrics.INSTANCE;
    }
}

/** {@link WebhookMetrics#none()}. */
enum NoWebhookMetrics implements WebhookMetrics {
    INSTANCE
}
