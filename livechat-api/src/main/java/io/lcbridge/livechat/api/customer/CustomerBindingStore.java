package io.lcbridge.livechat.api.customer;

import java.util.Optional;

/**
 * Which LiveChat customer ({@code entity_id}) belongs to which of the app's users ({@code sub}). A binding is created
 * on a user's first use and never changes afterwards, so the same user is the same LiveChat customer on every device.
 *
 * <p>Implementations must be thread-safe, and {@link #bind} atomic: when two callers (threads or app nodes sharing
 * the store) bind the same user at once, exactly one binding survives and both get it back.
 */
public interface CustomerBindingStore {

    /** The customer bound to {@code userId}, if any. */
    Optional<String> find(String userId);

    /**
     * Binds {@code userId} to {@code entityId} unless it is bound already; returns the customer the user is bound to
     * afterwards (the existing one, or {@code entityId}).
     *
     * @throws CustomerBindingStoreException when the store cannot be read or written
     */
    String bind(String userId, String entityId);

    /** A store in this JVM's memory: for a single node (bindings are lost on restart). */
    static CustomerBindingStore inMemory() {
        return new InMemoryCustomerBindingStore();
    }
}
