package io.lcbridge.livechat.api.customer;

/** A {@link CustomerBindingStore} could not be read or written. The message never holds a user id. */
public final class CustomerBindingStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** A failure described by {@code message}, caused by {@code cause}. */
    public CustomerBindingStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
