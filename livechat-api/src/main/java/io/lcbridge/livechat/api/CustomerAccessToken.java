package io.lcbridge.livechat.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A customer access token issued by LiveChat's accounts service ({@code POST /v2/customer/token}), as
 * {@link CustomerAccountsClient} received it: the token, the customer it acts for ({@code entity_id}) and how long it
 * lives.
 *
 * <p>The token is a credential for LiveChat's Customer Chat API on behalf of that customer: {@link #toString()} never
 * prints it.
 *
 * @param accessToken {@code access_token}
 * @param entityId {@code entity_id}: LiveChat's customer id
 * @param expiresIn {@code expires_in} (LiveChat answers seconds; 28800 by default)
 * @param tokenType {@code token_type} ({@code Bearer})
 * @param organizationId {@code organization_id}, or empty when LiveChat named none
 * @param issuedAt when this client received the answer (the token's {@code creationDate} for the widget)
 */
public record CustomerAccessToken(
        String accessToken,
        String entityId,
        Duration expiresIn,
        String tokenType,
        String organizationId,
        Instant issuedAt) {

    public CustomerAccessToken {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(entityId, "entityId");
        Objects.requireNonNull(expiresIn, "expiresIn");
        Objects.requireNonNull(tokenType, "tokenType");
        Objects.requireNonNull(organizationId, "organizationId");
        Objects.requireNonNull(issuedAt, "issuedAt");
    }

    /** When the token stops working. */
    public Instant expiresAt() {
        return issuedAt.plus(expiresIn);
    }

    @Override
    public String toString() {
        return "CustomerAccessToken[entityId=" + entityId + ", expiresIn=" + expiresIn + ", tokenType=" + tokenType
                + ", accessToken=(redacted)]";
    }
}
