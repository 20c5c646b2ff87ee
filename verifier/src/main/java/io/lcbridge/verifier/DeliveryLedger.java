package io.lcbridge.verifier;

import java.time.Instant;

/**
 * Records which deliveries were claimed and handled, so each is dispatched once however often it arrives.
 *
 * <p>LiveChat retries a webhook up to 3 times within about a minute, and {@code webhook_id} names the registration,
 * not the delivery; so the verifier derives a delivery key from the action and the chat, thread (and event) ids and
 * {@linkplain #claim claims} it before dispatching. A claim is {@linkplain #complete completed} when every handler
 * succeeded and {@linkplain #release released} when one failed, so a retry is dispatched again. A claim that is
 * neither completed nor released (a node died) lapses after the ledger's lease. {@code AgentNotes} claims each note it
 * posts the same way.
 *
 * <p>Every {@link ChatContextStore} is a delivery ledger too ({@link InMemoryChatContextStore},
 * {@link JdbcChatContextStore}): claims live next to the chat contexts so one table and one TTL serve both. Every
 * method may throw {@link ChatContextStoreException}; the delivery is then answered 503 and retried. Implementations
 * are thread-safe.
 */
public interface DeliveryLedger {

    /** Tries to take the delivery {@code deliveryKey} for processing at {@code now}. */
    DeliveryClaim claim(String deliveryKey, Instant now);

    /** Marks a claimed delivery as handled: later claims answer {@link DeliveryClaim#ALREADY_DONE}. */
    void complete(String deliveryKey, Instant now);

    /** Gives a claimed delivery back after a failure: the next claim succeeds. */
    void release(String deliveryKey);
}
