package io.lcbridge.livechat.api;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how long the client retries a transient failure (HTTP 429, 5xx, a timeout or an
 * I/O error) of an operation that is safe to repeat.
 *
 * <p>A {@code Retry-After} header is honoured when LiveChat sends one (never waiting less, plus a
 * little jitter so that many clients do not return at once); otherwise the wait doubles from
 * {@code initialBackoff} with full jitter. No single wait exceeds {@code maxBackoff}: a
 * {@code Retry-After} longer than that ends the retries and the failure is reported.
 *
 * @param maxAttempts attempts in all, the first one included (1 = no retry)
 * @param initialBackoff the first wait when LiveChat gives no {@code Retry-After}
 * @param maxBackoff the longest single wait
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 10) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 10");
        }
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        if (initialBackoff.isNegative() || maxBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("backoffs must be >= 0 and maxBackoff >= initialBackoff");
        }
    }

    /** 4 attempts, 500 ms doubling, at most 30 s per wait. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    /** A single attempt. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
    }
}
