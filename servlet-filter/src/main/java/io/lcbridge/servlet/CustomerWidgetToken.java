package io.lcbridge.servlet;

import java.util.Objects;

/**
 * A LiveChat customer access token as the widget's custom identity provider must resolve it, minus the license (which
 * {@link CustomerIdentityBinding} adds): LiveChat's accounts answer converted to camelCase, {@code expiresIn} in
 * <b>milliseconds</b> (LiveChat's endpoint answers seconds) and the creation time added
 * (platform.text.com/docs/extending-chat-widget/custom-identity-provider, "Chat Widget token").
 *
 * <p>{@link #toString()} never prints the access token.
 *
 * @param accessToken the customer access token
 * @param entityId LiveChat's customer id
 * @param expiresInMillis how long the token lives from {@code creationDate}, in milliseconds
 * @param tokenType {@code Bearer}
 * @param creationDate when the token was issued, epoch milliseconds
 */
public record CustomerWidgetToken(
        String accessToken, String entityId, long expiresInMillis, String tokenType, long creationDate) {

    public CustomerWidgetToken {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(tokenType, "tokenType");
        if (accessToken.isBlank() || entityId.isBlank()) {
            throw new IllegalArgumentException("accessToken and entityId must not be blank");
        }
        if (expiresInMillis <= 0) {
            throw new IllegalArgumentException("expiresInMillis must be positive");
        }
    }

    @Override
    public String toString() {
        return "CustomerWidgetToken[entityId=" + entityId + ", expiresInMillis=" + expiresInMillis + ", tokenType="
                + tokenType + ", creationDate=" + creationDate + ", accessToken=(redacted)]";
    }
}
