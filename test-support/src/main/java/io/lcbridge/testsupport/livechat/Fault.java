package io.lcbridge.testsupport.livechat;

import java.time.Duration;

/**
 * What the fake does instead of (or before) answering one call: an error envelope with a status,
 * optionally a {@code Retry-After}, or a delay before the normal answer.
 *
 * @param status the HTTP status of the error, or 0 for a delay only
 * @param type LiveChat's {@code error.type}
 * @param message LiveChat's {@code error.message}
 * @param retryAfter the {@code Retry-After} header value, or null
 * @param delay how long to wait before answering
 * @param rawBody when not null, sent as the body instead of an error envelope
 * @param afterHandling when true the call is carried out first and only its answer is replaced (a
 *     lost answer: the caller cannot tell whether it worked)
 */
public record Fault(
        int status,
        String type,
        String message,
        String retryAfter,
        Duration delay,
        String rawBody,
        boolean afterHandling) {

    /** 401 {@code authentication}. */
    public static Fault unauthorized() {
        return error(401, "authentication", "Invalid access token");
    }

    /** 403 {@code authorization}. */
    public static Fault forbidden() {
        return error(403, "authorization", "Authorization error");
    }

    /** 429 {@code too_many_requests} with {@code Retry-After: seconds}. */
    public static Fault tooManyRequests(int retryAfterSeconds) {
        return new Fault(
                429,
                "too_many_requests",
                "Too many requests",
                Integer.toString(retryAfterSeconds),
                Duration.ZERO,
                null,
                false);
    }

    /** 429 {@code too_many_requests} without {@code Retry-After}. */
    public static Fault tooManyRequests() {
        return error(429, "too_many_requests", "Too many requests");
    }

    /** 500 {@code internal}. */
    public static Fault serverError() {
        return error(500, "internal", "Internal server error");
    }

    /** 502 with an HTML body, as a proxy in front of LiveChat might answer. */
    public static Fault badGatewayHtml() {
        return new Fault(502, null, null, null, Duration.ZERO, "<html><body>Bad Gateway</body></html>", false);
    }

    /** Any error envelope. */
    public static Fault error(int status, String type, String message) {
        return new Fault(status, type, message, null, Duration.ZERO, null, false);
    }

    /** Carries the call out, then answers 500 {@code internal}: the caller cannot know it worked. */
    public static Fault serverErrorAfterHandling() {
        return new Fault(500, "internal", "Internal server error", null, Duration.ZERO, null, true);
    }

    /** Answers normally, but only after {@code delay}. */
    public static Fault slow(Duration delay) {
        return new Fault(0, null, null, null, delay, null, false);
    }
}
