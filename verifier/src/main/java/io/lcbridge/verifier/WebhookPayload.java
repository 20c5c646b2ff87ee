package io.lcbridge.verifier;

import org.jspecify.annotations.Nullable;

import java.time.Instant;

/**
 * Typed view of a webhook's {@code payload} for the actions the bridge understands; any other
 * action arrives as {@link Other} (read {@link WebhookEvent#rawPayload()}).
 *
 * <p>The views carry ids and structure only. What the customer typed or displays (name, email,
 * session fields) is not repeated here: it is compared against the signed identity in
 * {@link VerifiedCustomer}. Unknown fields are ignored; optional ones may be {@code null}.
 */
public sealed interface WebhookPayload {

    /** Action names with a typed view. */
    String INCOMING_CHAT = "incoming_chat";

    String CHAT_DEACTIVATED = "chat_deactivated";
    String INCOMING_EVENT = "incoming_event";
    String CUSTOMER_SESSION_FIELDS_UPDATED = "customer_session_fields_updated";
    String USER_ADDED_TO_CHAT = "user_added_to_chat";

    /**
     * {@code incoming_chat}: a chat with a new thread.
     *
     * @param chatId          {@code chat.id}
     * @param threadId        {@code chat.thread.id}
     * @param threadCreatedAt {@code chat.thread.created_at}, or {@code null} when absent or unreadable
     * @param customerId      id of the user of type {@code customer}, or {@code null} when there is none
     */
    record IncomingChat(
            String chatId,
            String threadId,
            @Nullable Instant threadCreatedAt,
            @Nullable String customerId) implements WebhookPayload {}

    /**
     * {@code chat_deactivated}: the thread was closed.
     *
     * @param userId who closed it; {@code null} when the router closed it
     */
    record ChatDeactivated(
            String chatId, String threadId, @Nullable String userId) implements WebhookPayload {}

    /** {@code incoming_event}: a message or other event in a thread. */
    record IncomingEvent(String chatId, String threadId, ChatEvent event) implements WebhookPayload {}

    /**
     * One event of a thread.
     *
     * @param id        event id
     * @param type      {@code message}, {@code filled_form}, {@code file}, ...
     * @param authorId  customer UUID or agent email; {@code null} when absent
     * @param createdAt {@code null} when absent or unreadable
     * @param text      message text for {@code message} events, else {@code null} (never logged)
     */
    record ChatEvent(
            String id,
            @Nullable String type,
            @Nullable String authorId,
            @Nullable Instant createdAt,
            @Nullable String text) {
        /** Leaves the text out: it is the customer's message. */
        @Override
        public String toString() {
            return "ChatEvent[id=" + id + ", type=" + type + "]";
        }
    }

    /**
     * {@code customer_session_fields_updated}: the customer's session fields changed during an active chat.
     *
     * @param customerId {@code id}
     * @param chatId    {@code active_chat.chat_id}, {@code null} when absent
     * @param threadId  {@code active_chat.thread_id}, {@code null} when absent
     */
    record CustomerSessionFieldsUpdated(
            @Nullable String customerId,
            @Nullable String chatId,
            @Nullable String threadId) implements WebhookPayload {}

    /**
     * {@code user_added_to_chat}: a customer or agent joined a chat.
     *
     * @param userId      {@code user.id}
     * @param userType    {@code user_type} (or {@code user.type}): {@code customer} or {@code agent}
     * @param reason      {@code reason}, {@code null} when absent
     * @param requesterId {@code requester_id}, {@code null} when absent
     */
    record UserAddedToChat(
            String chatId,
            @Nullable String threadId,
            @Nullable String userId,
            @Nullable String userType,
            @Nullable String reason,
            @Nullable String requesterId)
            implements WebhookPayload {}

    /** Any other action: read {@link WebhookEvent#rawPayload()}. */
    record Other(String action) implements WebhookPayload {}
}
