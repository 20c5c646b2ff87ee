package io.lcbridge.servlet;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link CustomerTokenSource} could not produce a token: LiveChat's accounts service unreachable or refusing
 * ({@code 401}, {@code 429}...), or the binding store down. {@link #causeTag()} is a short tag for logs and metrics (e.g.
 * {@code accounts_http_401}, {@code accounts_transport}, {@code binding_store}); the message never holds a token, a
 * credential or a user id.
 */
public final class CustomerTokenUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final Pattern TAG = Pattern.compile("[a-z0-9_]{1,48}");

    private final String causeTag;
    private final transient Duration retryAfter;

    /**
     * @param causeTag 1-48 characters of {@code a-z 0-9 _}
     * @param retryAfter how long LiveChat asked to wait, or null
     * @param cause the underlying failure, or null
     */
    public CustomerTokenUnavailableException(String causeTag, Duration retryAfter, Throwable cause) {
        super("customer token unavailable: " + checked(causeTag), cause);
        this.causeTag = causeTag;
        this.retryAfter = retryAfter;
    }

    private static String checked(String tag) {
        if (!TAG.matcher(Objects.requireNonNull(tag, "causeTag")).matches()) {
            throw new IllegalArgumentException("causeTag must be 1-48 characters of a-z 0-9 _");
        }
        return tag;
    }

    /** The short cause tag. */
    public String causeTag() {
        return causeTag;
    }

    /** How long to wait before asking again, when known. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
