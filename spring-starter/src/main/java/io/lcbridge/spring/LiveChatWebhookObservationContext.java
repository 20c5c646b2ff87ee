package io.lcbridge.spring;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * What the webhook observation knows about one request to the webhook endpoint: the HTTP status it was answered
 * with, the verifier's outcome ({@code handled}, {@code duplicate}, {@code queued}, {@code not_authentic}, ...) and,
 * once the delivery was parsed and dispatched on the request's thread, LiveChat's action ({@code incoming_chat}, ...).
 * Read by a {@link LiveChatWebhookObservationConvention}.
 */
public final class LiveChatWebhookObservationContext extends Observation.Context {

    private int status;
    private @Nullable String outcome;
    private @Nullable String action;

    LiveChatWebhookObservationContext() {}

    /** The HTTP status the endpoint answered (0 before it answered). */
    public int status() {
        return status;
    }

    void status(int status) {
        this.status = status;
    }

    /** The verifier's outcome in lower case, or {@code null} when the request was refused before it was processed. */
    public @Nullable String outcome() {
        return outcome;
    }

    void outcome(@Nullable String outcome) {
        this.outcome = outcome;
    }

    /** LiveChat's webhook action, when known: dispatched synchronously, after authentication. */
    public @Nullable String action() {
        return action;
    }

    void action(@Nullable String action) {
        this.action = action;
    }
}
