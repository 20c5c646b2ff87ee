package io.lcbridge.core;

import java.time.Instant;
import java.util.Objects;

/**
 * An identity together with the compact JWS that vouches for it.
 *
 * @param identity  what was signed
 * @param token     the compact JWS to place in the token session variable
 * @param keyId     the {@code kid} it was signed with
 * @param issuedAt  its {@code iat}
 * @param expiresAt its {@code exp}
 */
public record SignedIdentity(
        CustomerIdentity identity, String token, String keyId, Instant issuedAt, Instant expiresAt) {

    public SignedIdentity {
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    /** Keeps the token out of logs. */
    @Override
    public String toString() {
        return "SignedIdentity[" + identity + ", keyId=" + keyId + ", issuedAt=" + issuedAt + ", expiresAt=" + expiresAt
                + "]";
    }
}
