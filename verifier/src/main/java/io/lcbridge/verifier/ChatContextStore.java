package io.lcbridge.verifier;

import java.time.Instant;
import java.util.Optional;

/**
 * Remembers verified chat contexts per chat thread and which LiveChat customer first presented each identity token
 * ({@linkplain #bindToken binding}), so {@code chat_deactivated} and {@code incoming_event}, which carry no customer,
 * are enriched too.
 *
 * <p>A chat-context store is also the {@link DeliveryLedger} of the deliveries it enriches (inherited: {@code claim},
 * {@code complete}, {@code release}), because the verifier needs both for every delivery and a shared store keeps
 * them in one table with one TTL.
 *
 * <p>Implementations: {@link InMemoryChatContextStore} (one node) and {@link JdbcChatContextStore}
 * (shared by several nodes through a unique key). Every method may throw
 * {@link ChatContextStoreException}; the webhook is then answered 503 and retried by LiveChat.
 * Implementations are thread-safe.
 */
public interface ChatContextStore extends DeliveryLedger {

    /** Stores (or replaces) the context of its chat thread. */
    void save(ChatContext context);

    /** The context of a chat thread, if known and not expired. */
    Optional<ChatContext> find(String chatId, String threadId);

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
