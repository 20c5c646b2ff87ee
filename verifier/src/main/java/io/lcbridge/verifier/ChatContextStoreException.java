package io.lcbridge.verifier;

/**
 * The chat-context store could not be reached or failed. The webhook is answered with 503 so that
 * LiveChat retries it; nothing was dispatched. Messages never carry payload data.
 */
public final class ChatContextStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ChatContextStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
