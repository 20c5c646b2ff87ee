package io.lcbridge.verifier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One authentic webhook delivery, as handed to a {@link LiveChatWebhookHandler}.
 *
 * @param action      the envelope's {@code action}, e.g. {@code incoming_chat}
 * @param webhookId   the envelope's {@code webhook_id}: the webhook <em>registration</em>, not this delivery
 * @param accountId   the envelope's {@code organization_id} (API v3.4+) or {@code license_id} (v3.2/3.3, as text);
 *                    {@code null} when absent
 * @param receivedAt  when the delivery arrived
 * @param payload     typed view of the payload ({@link WebhookPayload.Other} for actions without one)
 * @param rawPayload  the payload as parsed JSON (read-only by convention; for actions and fields without a view)
 * @param customer    the customer rebuilt from this payload ({@code incoming_chat},
 *                    {@code customer_session_fields_updated}, {@code user_added_to_chat} of a customer) or,
 *                    for other actions, from the stored context of the chat thread
 * @param context     the stored context of the chat thread (after this delivery updated it), when known
 */
public record WebhookEvent(
        String action,
        @Nullable String webhookId,
        @Nullable String accountId,
        Instant receivedAt,
        WebhookPayload payload,
        JsonNode rawPayload,
        Optional<VerifiedCustomer> customer,
        Optional<ChatContext> context) {

    public WebhookEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(rawPayload, "rawPayload");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(context, "context");
    }

    /** The chat this delivery is about, from the typed view, if it names one. */
    public Optional<String> chatId() {
        if (payload instanceof WebhookPayload.IncomingChat p) {
            return Optional.of(p.chatId());
        } else if (payload instanceof WebhookPayload.ChatDeactivated p) {
            return Optional.of(p.chatId());
        } else if (payload instanceof WebhookPayload.IncomingEvent p) {
            return Optional.of(p.chatId());
        } else if (payload instanceof WebhookPayload.CustomerSessionFieldsUpdated p) {
            return Optional.ofNullable(p.chatId());
        } else if (payload instanceof WebhookPayload.UserAddedToChat p) {
            return Optional.of(p.chatId());
        }
        return Optional.empty();
    }

    /** The thread this delivery is about, from the typed view, if it names one. */
    public Optional<String> threadId() {
        if (payload instanceof WebhookPayload.IncomingChat p) {
            return Optional.of(p.threadId());
        } else if (payload instanceof WebhookPayload.ChatDeactivated p) {
            return Optional.of(p.threadId());
        } else if (payload instanceof WebhookPayload.IncomingEvent p) {
            return Optional.of(p.threadId());
        } else if (payload instanceof WebhookPayload.CustomerSessionFieldsUpdated p) {
            return Optional.ofNullable(p.threadId());
        } else if (payload instanceof WebhookPayload.UserAddedToChat p) {
            return Optional.ofNullable(p.threadId());
        }
        return Optional.empty();
    }

    /** Whether a customer with a verified identity token is attached. */
    public boolean hasVerifiedCustomer() {
        return customer.map(VerifiedCustomer::isVerified).orElse(false);
    }

    /** Leaves payload data out of logs. */
    @Override
    public String toString() {
        return "WebhookEvent[" + action + ", payload=" + payload.getClass().getSimpleName() + ", customer="
                + customer.map(c -> c.status().name()).orElse("none") + "]";
    }
}
