package io.lcbridge.verifier;

import java.time.Instant;
import java.util.Optional;

/**
 * Remembers verified chat contexts per chat thread, which deliveries were already handled and which
 * LiveChat customer first presented each identity token ({@linkplain #bindToken binding}).
 *
 * <p>LiveChat retries a webhook up to 3 times within about a minute, and {@code webhook_id} names
 * the registration, not the delivery; so the verifier derives a delivery key from the action and
 * the chat, thread (and event) ids and asks the store to {@linkplain #claim claim} it before
 * dispatching. A claim is {@linkplain #complete completed} when every handler succeeded and
 * {@linkplain #release released} when one failed, so a retry is dispatched again. A claim that is
 * neither completed nor released (a node died) lapses after the store's lease.
 *
 * <p>Implementations: {@link InMemoryChatContextStore} (one node) and {@link JdbcChatContextStore}
 * (shared by several nodes through a unique key). Every method may throw
 * {@link ChatContextStoreException}; the webhook is then answered 503 and retried by LiveChat.
 * Implementations are thread-safe.
 */
public interface ChatContextStore {

    /** Stores (or replaces) the context of its chat thread. */
    void save(ChatContext context);

    /** The context of a chat thread, if known and not expired. */
    Optional<ChatContext> find(String chatId, String threadId);

    /** Tries to take the delivery {@code deliveryKey} for processing at {@code now}. */
    DeliveryClaim claim(String deliveryKey, Instant now);

    /** Marks a claimed delivery as handled: later claims answer {@link DeliveryClaim#ALREADY_DONE}. */
    void complete(String deliveryKey, Instant now);

    /** Gives a claimed delivery back after a failure: the next claim succeeds. */
    void release(String deliveryKey);

    /**
     * Binds the identity token {@code tokenId} (its {@code jti}) to the LiveChat customer {@code customerId}
     * unless it is bound already, atomically: of several nodes racing to bind one token, exactly one wins and
     * every node then answers with the winner.
     *
     * <p>A binding is kept until the store's TTL after the token's {@code exp} ({@code tokenExpiresAt}): a chat
     * thread that started while the token was alive may present it in later webhooks, and the binding must
     * outlive them. A token whose binding would already have lapsed at {@code now} is never bound afresh, so a
     * purged binding cannot be taken over by another customer.
     *
     * @return the customer the token is bound to after this call ({@code customerId} when this call bound it or it
     *         was bound to it before, another id when another customer presented it first), or empty when the
     *         token is too old to be bound
     */
    Optional<String> bindToken(String tokenId, String customerId, Instant tokenExpiresAt, Instant now);
}
