package io.lcbridge.verifier;

import java.time.Instant;
import java.util.Objects;

/**
 * What the verifier remembers about one chat thread, so that webhooks carrying no customer object
 * ({@code chat_deactivated}, {@code incoming_event}) are delivered enriched.
 *
 * @param chatId          LiveChat's chat id
 * @param threadId        the thread within the chat ({@code incoming_chat} fires once per new thread)
 * @param threadStartedAt when the thread started, from the payload (or the reception time when it had none);
 *                        tokens are judged alive at this instant
 * @param customer        the rebuilt customer of this thread
 * @param updatedAt       reception time of the webhook that produced this context
 */
public record ChatContext(
        String chatId, String threadId, Instant threadStartedAt, VerifiedCustomer customer, Instant updatedAt) {

    public ChatContext {
        Objects.requireNonNull(chatId, "chatId");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(threadStartedAt, "threadStartedAt");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
