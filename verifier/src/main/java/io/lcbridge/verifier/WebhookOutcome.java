package io.lcbridge.verifier;

import java.util.Objects;

/**
 * How one delivery was handled, with the HTTP status to answer LiveChat. LiveChat retries anything
 * but a 200 (up to 3 times within about a minute), so only outcomes that must not be retried are
 * 200. The reason is short, safe to send back and to log: it never contains a secret or payload data.
 *
 * @param kind   what happened
 * @param reason short explanation, e.g. {@code "payload.chat.id is missing"}
 */
public record WebhookOutcome(Kind kind, String reason) {

    /** What happened to a delivery, with its HTTP status. */
    public enum Kind {
        /** Authentic, new, and every handler succeeded (or none was registered for the action). */
        HANDLED(200),
        /** A retry of a delivery handled successfully before: acknowledged, not dispatched again. */
        DUPLICATE(200),
        /** Accepted into the asynchronous dispatch queue. */
        QUEUED(200),
        /** Not parseable as a LiveChat webhook envelope, or a required id is missing. */
        MALFORMED(400),
        /** Missing or wrong secret / signature, or an account this endpoint does not serve. No detail is given. */
        NOT_AUTHENTIC(401),
        /** Body larger than the configured limit. */
        TOO_LARGE(413),
        /** A handler threw (or, never expected, the context could not be rebuilt): the delivery is released so LiveChat's retry dispatches it again. */
        HANDLER_FAILED(500),
        /** The store failed: nothing was dispatched; LiveChat will retry. */
        STORE_UNAVAILABLE(503),
        /** Another attempt of the same delivery is being processed right now; LiveChat will retry. */
        IN_PROGRESS(503),
        /** The asynchronous dispatch queue is full; LiveChat will retry. */
        QUEUE_FULL(503);

        private final int httpStatus;

        Kind(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The HTTP status that reports this outcome to LiveChat. */
        public int httpStatus() {
            return httpStatus;
        }
    }

    public WebhookOutcome {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** The HTTP status to answer with. */
    public int httpStatus() {
        return kind.httpStatus;
    }

    /** Whether LiveChat should consider the delivery done (HTTP 200). */
    public boolean acknowledged() {
        return kind.httpStatus == 200;
    }

    static WebhookOutcome of(Kind kind, String reason) {
        return new WebhookOutcome(kind, reason);
    }
}
