package io.lcbridge.livechat.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A LiveChat API call that did not succeed: LiveChat's error envelope ({@code error.type},
 * {@code error.message}), an answer that was not one, a timeout or an I/O failure.
 *
 * <p>The message names the method (e.g. {@code configuration/register_webhook}) and LiveChat's
 * error type; it never contains the credentials.
 */
public final class LiveChatApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Error type used when the call failed before LiveChat answered (timeout, I/O). */
    public static final String TRANSPORT = "transport";

    /** Error type used when LiveChat answered with a status but no error envelope. */
    public static final String UNEXPECTED_RESPONSE = "unexpected_response";

    private final String method;
    private final String errorType;
    private final int httpStatus;
    private final String liveChatMessage;
    private final transient Duration retryAfter;

    LiveChatApiException(
            String method,
            String errorType,
            int httpStatus,
            String liveChatMessage,
            Duration retryAfter,
            Throwable cause) {
        super(describe(method, errorType, httpStatus, liveChatMessage), cause);
        this.method = method;
        this.errorType = errorType;
        this.httpStatus = httpStatus;
        this.liveChatMessage = liveChatMessage;
        this.retryAfter = retryAfter;
    }

    private static String describe(String method, String type, int status, String message) {
        StringBuilder b = new StringBuilder("LiveChat ")
                .append(method)
                .append(" failed: ")
                .append(type);
        if (status > 0) {
            b.append(" (HTTP ").append(status).append(')');
        }
        if (message != null && !message.isEmpty()) {
            b.append(": ").append(message);
        }
        return b.toString();
    }

    /** The API and method, e.g. {@code agent/send_event}. */
    public String method() {
        return method;
    }

    /**
     * LiveChat's {@code error.type} (e.g. {@code authentication}, {@code too_many_requests},
     * {@code validation}), or {@link #TRANSPORT} / {@link #UNEXPECTED_RESPONSE}.
     */
    public String errorType() {
        return errorType;
    }

    /** The HTTP status, or 0 when LiveChat did not answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** LiveChat's {@code error.message} (shortened, credentials removed), or empty. */
    public String liveChatMessage() {
        return liveChatMessage == null ? "" : liveChatMessage;
    }

    /** The {@code Retry-After} LiveChat sent with this answer, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** True for rate limits, server errors, timeouts and I/O failures: worth trying again later. */
    public boolean isTransient() {
        return httpStatus == 429
                || httpStatus >= 500
                || TRANSPORT.equals(errorType)
                || "too_many_requests".equals(errorType)
                || "internal".equals(errorType)
                || "service_unavailable".equals(errorType)
                || "request_timeout".equals(errorType);
    }
}
