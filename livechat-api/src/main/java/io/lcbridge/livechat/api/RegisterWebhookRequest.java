package io.lcbridge.livechat.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The parameters of Configuration API {@code register_webhook}.
 *
 * @param action the action that triggers the webhook, e.g. {@code incoming_chat}
 * @param secretKey sent back in every delivery so the receiver can tell it came from LiveChat
 * @param url where LiveChat posts the webhook (at most 500 characters)
 * @param ownerClientId the Client ID (application) that owns the webhook
 * @param type {@code license} or {@code bot}
 * @param description optional
 * @param additionalData optional: {@code chat_properties}, {@code chat_presence_user_ids}
 * @param filters optional, as documented (e.g. {@code only_my_chats}, {@code author_type})
 */
public record RegisterWebhookRequest(
        String action,
        String secretKey,
        String url,
        String ownerClientId,
        String type,
        String description,
        List<String> additionalData,
        Map<String, Object> filters) {

    /** LiveChat's limit on {@code url}. */
    public static final int MAX_URL_LENGTH = 500;

    public RegisterWebhookRequest {
        requireText(action, "action");
        requireText(secretKey, "secretKey");
        requireText(url, "url");
        requireText(ownerClientId, "ownerClientId");
        requireText(type, "type");
        if (url.length() > MAX_URL_LENGTH) {
            throw new IllegalArgumentException("url is longer than " + MAX_URL_LENGTH + " characters");
        }
        additionalData = additionalData == null ? null : List.copyOf(additionalData);
        filters = filters == null ? null : Map.copyOf(filters);
    }

    /** A {@code license} webhook with no description, filters or additional data. */
    public static RegisterWebhookRequest license(String action, String url, String secretKey, String ownerClientId) {
        return new RegisterWebhookRequest(action, secretKey, url, ownerClientId, "license", null, null, null);
    }

    /** The same request with a description. */
    public RegisterWebhookRequest withDescription(String newDescription) {
        return new RegisterWebhookRequest(
                action, secretKey, url, ownerClientId, type, newDescription, additionalData, filters);
    }

    /** Never shows the secret key. */
    @Override
    public String toString() {
        return "RegisterWebhookRequest[action=" + action + ", url=" + url + ", ownerClientId=" + ownerClientId
                + ", type=" + type + ", secretKey=(redacted)]";
    }

    static void requireText(String value, String what) {
        if (Objects.requireNonNull(value, what).isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
