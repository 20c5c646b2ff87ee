package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.verifier.ChatContext;
import io.lcbridge.verifier.VerifiedCustomer;
import io.lcbridge.verifier.WebhookEvent;
import io.lcbridge.verifier.WebhookPayload;

import java.util.Optional;

/**
 * An authentic LiveChat webhook, published as a Spring application event: one record type per
 * action, so a listener picks the actions it cares about by parameter type.
 *
 * <pre>{@code
 * @EventListener
 * void onChat(LiveChatWebhookEvent.IncomingChat chat) {
 *     chat.verifiedIdentity().ifPresent(user -> crm.openTicketFor(user.subject(), chat.payload().chatId()));
 * }
 * }</pre>
 *
 * Events are published synchronously on the webhook request's thread, before LiveChat is answered:
 * a listener that throws makes the delivery fail (HTTP 500), and LiveChat retries it, so listeners
 * should tolerate seeing an event twice. Only what the identity token signed is trusted
 * ({@link #verifiedIdentity()}); see {@link VerifiedCustomer}.
 */
public sealed interface LiveChatWebhookEvent {

    /** The delivery as the verifier handed it over. */
    WebhookEvent webhook();

    /** The webhook's action, e.g. {@code incoming_chat}. */
    default String action() {
        return webhook().action();
    }

    /** The chat's customer: rebuilt from this payload, or from the stored context of the thread. */
    default Optional<VerifiedCustomer> customer() {
        return webhook().customer();
    }

    /** The stored context of the chat thread, when known. */
    default Optional<ChatContext> context() {
        return webhook().context();
    }

    /**
     * The customer's token status; {@link TokenStatus#NO_TOKEN} when the chat has no known customer.
     * {@link TokenStatus#FOREIGN_CUSTOMER} means a genuine token presented by a LiveChat customer other than the
     * first one that presented it (a copy): like every status but {@code VERIFIED}, it carries no identity.
     */
    default TokenStatus status() {
        return customer().map(VerifiedCustomer::status).orElse(TokenStatus.NO_TOKEN);
    }

    /** The signed identity, present only when the token verified. */
    default Optional<CustomerIdentity> verifiedIdentity() {
        return customer().flatMap(VerifiedCustomer::identity);
    }

    /** {@code incoming_chat}: a chat with a new thread; carries the rebuilt customer. */
    record IncomingChat(WebhookEvent webhook, WebhookPayload.IncomingChat payload) implements LiveChatWebhookEvent {}

    /** {@code chat_deactivated}: a thread was closed; the customer comes from the stored context. */
    record ChatDeactivated(WebhookEvent webhook, WebhookPayload.ChatDeactivated payload)
            implements LiveChatWebhookEvent {}

    /** {@code incoming_event}: a message or other event in a thread; the customer comes from the stored context. */
    record IncomingEvent(WebhookEvent webhook, WebhookPayload.IncomingEvent payload) implements LiveChatWebhookEvent {}

    /** {@code customer_session_fields_updated}: the customer's session fields changed during a chat. */
    record CustomerSessionFieldsUpdated(WebhookEvent webhook, WebhookPayload.CustomerSessionFieldsUpdated payload)
            implements LiveChatWebhookEvent {}

    /** {@code user_added_to_chat}: a customer or agent joined a chat. */
    record UserAddedToChat(WebhookEvent webhook, WebhookPayload.UserAddedToChat payload)
            implements LiveChatWebhookEvent {}

    /** Any other action; read {@link WebhookEvent#rawPayload()}. */
    record Other(WebhookEvent webhook) implements LiveChatWebhookEvent {}

    /** The event type for {@code webhook}'s action. */
    static LiveChatWebhookEvent of(WebhookEvent webhook) {
        WebhookPayload payload = webhook.payload();
        if (payload instanceof WebhookPayload.IncomingChat p) {
            return new IncomingChat(webhook, p);
        }
        if (payload instanceof WebhookPayload.ChatDeactivated p) {
            return new ChatDeactivated(webhook, p);
        }
        if (payload instanceof WebhookPayload.IncomingEvent p) {
            return new IncomingEvent(webhook, p);
        }
        if (payload instanceof WebhookPayload.CustomerSessionFieldsUpdated p) {
            return new CustomerSessionFieldsUpdated(webhook, p);
        }
        if (payload instanceof WebhookPayload.UserAddedToChat p) {
            return new UserAddedToChat(webhook, p);
        }
        return new Other(webhook);
    }
}
