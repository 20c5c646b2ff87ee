package io.lcbridge.core;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What verifying one token found. When {@link #status()} is {@link TokenStatus#VERIFIED} the
 * {@link #identity()} is the signed one; otherwise it is empty and {@link #reason()} says why in a
 * short phrase fit for logs (it never quotes the token).
 */
public final class TokenVerification {

    private final TokenStatus status;
    private final String reason;
    private final CustomerIdentity identity;
    private final String keyId;
    private final Instant issuedAt;
    private final Instant expiresAt;
    private final String issuer;
    private final String tokenId;
    private final SessionClaim session;

    private TokenVerification(
            TokenStatus status,
            String reason,
            CustomerIdentity identity,
            String keyId,
            Instant issuedAt,
            Instant expiresAt,
            String issuer,
            String tokenId,
            SessionClaim session) {
        this.status = status;
        this.reason = reason;
        this.identity = identity;
        this.keyId = keyId;
        this.issuedAt = issuedAt;
        this.expiresAt = expiresAt;
        this.issuer = issuer;
        this.tokenId = tokenId;
        this.session = session;
    }

    static TokenVerification failed(TokenStatus status, String reason) {
        return new TokenVerification(status, reason, null, null, null, null, null, null, null);
    }

    static TokenVerification failed(TokenStatus status, String reason, String keyId, Instant iat, Instant exp) {
        return new TokenVerification(status, reason, null, keyId, iat, exp, null, null, null);
    }

    static TokenVerification verified(
            CustomerIdentity identity,
            String keyId,
            Instant iat,
            Instant exp,
            String issuer,
            String tokenId,
            SessionClaim session) {
        return new TokenVerification(
                TokenStatus.VERIFIED,
                "verified",
                Objects.requireNonNull(identity),
                keyId,
                iat,
                exp,
                issuer,
                Objects.requireNonNull(tokenId),
                session);
    }

    public TokenStatus status() {
        return status;
    }

    /** Whether the status is {@link TokenStatus#VERIFIED}. */
    public boolean isVerified() {
        return status == TokenStatus.VERIFIED;
    }

    /** Short explanation, e.g. {@code "exp is before the chat started"}. */
    public String reason() {
        return reason;
    }

    /** The signed identity; present only when verified. */
    public Optional<CustomerIdentity> identity() {
        return Optional.ofNullable(identity);
    }

    /** The kid of a token whose key was found. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** The {@code iat} of a token whose signature held. */
    public Optional<Instant> issuedAt() {
        return Optional.ofNullable(issuedAt);
    }

    /** The {@code exp} of a token whose signature held. */
    public Optional<Instant> expiresAt() {
        return Optional.ofNullable(expiresAt);
    }

    /** The {@code iss} of a verified token, if it had one. */
    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /**
     * The id a verified token is known by: its {@code jti}, or for a token without one (minted before tokens
     * carried it, or by another issuer) {@code "#"} and a digest of the whole token. The webhook verifier binds
     * this id to the first LiveChat customer that presents the token.
     */
    public Optional<String> tokenId() {
        return Optional.ofNullable(tokenId);
    }

    /** The {@code sid} of a verified token: the browser session it was minted for, if it names one. */
    public Optional<SessionClaim> session() {
        return Optional.ofNullable(session);
    }

    @Override
    public String toString() {
        return "TokenVerification[" + status + ": " + reason + (keyId != null ? ", kid=" + keyId : "") + "]";
    }
}
