package io.lcbridge.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An identity together with the compact JWS that vouches for it.
 *
 * @param identity  what was signed
 * @param token     the compact JWS to place in the token session variable
 * @param keyId     the {@code kid} it was signed with
 * @param issuedAt  its {@code iat}
 * @param expiresAt its {@code exp}
 * @param tokenId   its {@code jti}: random, unique per minted token; the verifier binds it to the first LiveChat
 *                  customer that presents the token
 * @param session   its {@code sid}: the browser session it was minted for; empty for a request without a session
 */
public record SignedIdentity(
        CustomerIdentity identity,
        String token,
        String keyId,
        Instant issuedAt,
        Instant expiresAt,
        String tokenId,
        Optional<SessionClaim> session) {

    public SignedIdentity {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(session, "session");
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "SignedIdentity[" + identity + ", keyId=" + keyId + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt
                + "]";
    }
}
