package io.lcbridge.core;

import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Mints identity tokens: a compact JWS with header {@code {"typ":"lc-identity+jwt","alg":…,"kid":…}}
 * and claims {@code sub}, {@code name}, {@code email} (omitted when absent), {@code vars},
 * {@code aud}, {@code iss}, {@code sid} (the browser session, when known), {@code jti} (128 random bits,
 * unique per token), {@code iat}, {@code exp}, signed with the key set's active key.
 *
 * <p>The audience is the LiveChat license number or organization id, so a token minted for one
 * license is useless on another. Thread-safe; build once and share.
 */
public final class IdentitySigner {

    /**
     * Default token lifetime: 2 hours. A page gets the cached token until half of it has passed, so every page
     * carries a token alive for at least another hour (a chat counts the token alive when its thread starts),
     * while a copy that escapes (page source, transcript, agent's screen) is worthless after at most 2 hours even
     * before the first-customer binding is considered.
     */
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(2);
    /** Default {@code iss} claim. */
    public static final String DEFAULT_ISSUER = "lcbridge";

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyEntry key;
    private final String audience;
    private final String issuer;
    private final Duration lifetime;
    private final int maxTokenLength;
    private final Clock clock;

    private IdentitySigner(Builder b) {
        this.key = b.keys.activeKey();
        this.audience = b.audience;
        this.issuer = b.issuer;
        this.lifetime = b.lifetime;
        this.maxTokenLength = b.maxTokenLength;
        this.clock = b.clock;
    }

    /**
     * Starts a signer for {@code keys} (which must have an active signing key) and the LiveChat
     * license number or organization id the tokens are meant for.
     */
    public static Builder builder(IdentityKeySet keys, String audience) {
        return new Builder(keys, audience);
    }

    /**
     * Signs {@code identity} now, for no particular browser session (no {@code sid}); a fresh {@code jti}.
     *
     * @throws TokenTooLargeException when the token would exceed the size budget
     */
    public SignedIdentity sign(CustomerIdentity identity) {
        return sign(identity, null);
    }

    /**
     * Signs {@code identity} now for the browser session {@code session} ({@code null}: none), with a fresh
     * {@code jti}.
     *
     * @throws TokenTooLargeException when the token would exceed the size budget
     */
    public SignedIdentity sign(CustomerIdentity identity, SessionClaim session) {
        Objects.requireNonNull(identity, "identity");
        Instant now = clock.instant();
        long iat = now.getEpochSecond();
        long exp = iat + lifetime.getSeconds();
        String tokenId = newTokenId();
        String claims = ClaimsJson.write(identity, audience, issuer, session, tokenId, iat, exp);
        String signingInput = key.encodedHeader() + '.' + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        // Fail before signing when the unsigned part alone is already over budget.
        if (signingInput.length() >= maxTokenLength) {
            throw new TokenTooLargeException(signingInput.length() + 1 + signatureLength(), maxTokenLength);
        }
        String token = signingInput + '.' + key.sign(signingInput.getBytes(StandardCharsets.US_ASCII));
        if (token.length() > maxTokenLength) {
            throw new TokenTooLargeException(token.length(), maxTokenLength);
        }
        return new SignedIdentity(
                identity,
                token,
                key.kid(),
                Instant.ofEpochSecond(iat),
                Instant.ofEpochSecond(exp),
                tokenId,
                Optional.ofNullable(session));
    }

    /** 128 random bits, base64url (22 characters). */
    private static String newTokenId() {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return B64.encodeToString(id);
    }

    /** The kid tokens are signed with. */
    public String keyId() {
        return key.kid();
    }

    /** How long a token lives. */
    public Duration lifetime() {
        return lifetime;
    }

    /** The clock {@code iat} is read from. */
    public Clock clock() {
        return clock;
    }

    /** The {@code aud} claim of every token. */
    public String audience() {
        return audience;
    }

    private int signatureLength() {
        switch (key.algorithm()) {
            case HS256:
                return 43;
            case ES256:
                return 86;
            case EDDSA:
                return 86;
            default:
                return (key.jwk().size() + 5) / 6;
        }
    }

    /** Settings of an {@link IdentitySigner}. */
    public static final class Builder {
        private final IdentityKeySet keys;
        private final String audience;
        private String issuer = DEFAULT_ISSUER;
        private Duration lifetime = DEFAULT_LIFETIME;
        private int maxTokenLength = IdentityTokens.DEFAULT_MAX_TOKEN_LENGTH;
        private Clock clock = Clock.systemUTC();

        private Builder(IdentityKeySet keys, String audience) {
            this.keys = Objects.requireNonNull(keys, "keys");
            if (keys.activeKey() == null) {
                throw new InvalidKeyConfigurationException(
                        "the key set " + keys.keyIds() + " has no active signing key (it holds public keys only)");
            }
            if (audience == null || audience.isBlank()) {
                throw new IllegalArgumentException(
                        "audience (the LiveChat license number or organization id) is required");
            }
            this.audience = audience;
        }

        /** The {@code iss} claim; {@code null} omits it. Default {@value IdentitySigner#DEFAULT_ISSUER}. */
        public Builder issuer(@Nullable String issuer) {
            this.issuer = issuer;
            return this;
        }

        /** Token lifetime, at least one minute. Default 2 hours (see {@link IdentitySigner#DEFAULT_LIFETIME}). */
        public Builder lifetime(Duration lifetime) {
            if (lifetime == null || lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("token lifetime must be at least 1 minute");
            }
            this.lifetime = lifetime;
            return this;
        }

        /** Largest token accepted, in characters. Default {@value IdentityTokens#DEFAULT_MAX_TOKEN_LENGTH}. */
        public Builder maxTokenLength(int maxTokenLength) {
            if (maxTokenLength < 100) {
                throw new IllegalArgumentException("token size budget must be at least 100 characters");
            }
            this.maxTokenLength = maxTokenLength;
            return this;
        }

        /** The clock for {@code iat}; default the system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public IdentitySigner build() {
            return new IdentitySigner(this);
        }
    }
}
