package io.lcbridge.core;

/**
 * Thrown when a {@link CustomerIdentity} would break one of LiveChat's or the bridge's limits.
 * The message and {@link #field()} name the offending field (for example {@code name} or
 * {@code sessionVariables[plan]}), never its value, so the exception can be logged safely.
 */
public final class InvalidIdentityException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    InvalidIdentityException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The field that failed validation, e.g. {@code subject}, {@code email}, {@code sessionVariables[plan]}. */
    public String field() {
        return field;
    }
}
