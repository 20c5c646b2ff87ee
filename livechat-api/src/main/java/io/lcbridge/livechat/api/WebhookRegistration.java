package io.lcbridge.livechat.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Registers the webhooks an app needs, idempotently: reads {@code list_webhooks}, keeps what is
 * already there (same action, URL and type) and calls {@code register_webhook} once per action
 * that is missing. Webhooks of other URLs are left alone (LiveChat allows three per action, which
 * is what makes a rotation possible); remove them with {@code unregister_webhook}.
 *
 * <p>LiveChat does not return secret keys, so a webhook whose secret changed cannot be told apart:
 * to rotate a secret, unregister the old webhook and run the registration again.
 */
public final class WebhookRegistration {

    /** What happens, or happened, to one action. */
    public enum Status {
        /** A webhook with this action, URL and type exists; nothing to do. */
        UNCHANGED,
        /** Missing; a dry run stops here. */
        TO_REGISTER,
        /** Registered by this run. */
        REGISTERED
    }

    /**
     * One line of the plan.
     *
     * @param action the action
     * @param status what happens to it
     * @param webhookId the existing or new webhook's ID, null while only planned
     * @param url the URL
     * @param type {@code license} or {@code bot}
     */
    public record Entry(String action, Status status, String webhookId, String url, String type) {}

    /**
     * The webhooks an app wants.
     *
     * @param url where LiveChat should post
     * @param actions the actions, in order, without duplicates
     * @param type {@code license} or {@code bot}
     * @param ownerClientId the owning Client ID
     */
    public record Desired(String url, List<String> actions, String type, String ownerClientId) {
        public Desired {
            RegisterWebhookRequest.requireText(url, "url");
            RegisterWebhookRequest.requireText(type, "type");
            RegisterWebhookRequest.requireText(ownerClientId, "ownerClientId");
            actions = List.copyOf(new LinkedHashSet<>(actions));
            if (actions.isEmpty()) {
                throw new IllegalArgumentException("at least one action is required");
            }
            actions.forEach(a -> RegisterWebhookRequest.requireText(a, "action"));
        }
    }

    private final LiveChatApiClient client;

    private WebhookRegistration(LiveChatApiClient client) {
        this.client = client;
    }

    /** Registration through {@code client}. */
    public static WebhookRegistration with(LiveChatApiClient client) {
        return new WebhookRegistration(Objects.requireNonNull(client, "client"));
    }

    /** What {@link #apply} would do, without changing anything (one {@code list_webhooks}). */
    public List<Entry> plan(Desired desired) {
        List<Webhook> existing = client.listWebhooks(desired.ownerClientId());
        List<Entry> plan = new ArrayList<>();
        for (String action : desired.actions()) {
            Webhook match = existing.stream()
                    .filter(w -> action.equals(w.action())
                            && desired.url().equals(w.url())
                            && desired.type().equals(w.type()))
                    .findFirst()
                    .orElse(null);
            plan.add(
                    match == null
                            ? new Entry(action, Status.TO_REGISTER, null, desired.url(), desired.type())
                            : new Entry(action, Status.UNCHANGED, match.id(), desired.url(), desired.type()));
        }
        return plan;
    }

    /**
     * Registers what is missing, one {@code register_webhook} per action, and returns the result.
     * A failure stops the run with the {@link LiveChatApiException}; running again resumes from
     * what LiveChat then lists.
     */
    public List<Entry> apply(Desired desired, String secretKey) {
        RegisterWebhookRequest.requireText(secretKey, "secretKey");
        List<Entry> result = new ArrayList<>();
        for (Entry entry : plan(desired)) {
            if (entry.status() == Status.TO_REGISTER) {
                RegisteredWebhook registered = client.registerWebhook(new RegisterWebhookRequest(
                        entry.action(),
                        secretKey,
                        desired.url(),
                        desired.ownerClientId(),
                        desired.type(),
                        "LiveChat Identity Bridge",
                        null,
                        null));
                result.add(new Entry(entry.action(), Status.REGISTERED, registered.id(), entry.url(), entry.type()));
            } else {
                result.add(entry);
            }
        }
        return result;
    }
}
