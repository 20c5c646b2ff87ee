package io.lcbridge.core;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Verifies identity tokens against a key set, an expected audience and a time window.
 *
 * <p>The time rule fits webhooks: a token counts when it was alive at one instant (the chat
 * thread's start: {@code exp ≥ aliveAt − skew}) and was not minted after another (the reception
 * time: {@code iat ≤ mintedBy + skew}). A token minted after the thread started is normal: the
 * customer moved to another page during the chat.
 *
 * <p>The algorithm is always the one bound to the token's {@code kid} in the key set; the header's
 * {@code alg} must match it and never selects anything. A bad token never throws: it yields a
 * {@link TokenVerification} with a status. Thread-safe; build once and share.
 */
public final class IdentityTokenVerifier {

    /** Default tolerance for clock differences. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** Tokens longer than this are refused without being parsed. */
    public static final int MAX_TOKEN_LENGTH = 64 * 1024;

    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private final @Nullable IdentityKeySet keys;
    private final @Nullable RemoteJwkSet remote;
    private final Duration skew;
    private final Map<String, KeyEntry> byEncodedHeader = new HashMap<>();

    private IdentityTokenVerifier(@Nullable IdentityKeySet keys, @Nullable RemoteJwkSet remote, Duration skew) {
        this.keys = keys;
        this.remote = remote;
        this.skew = skew;
        if (keys != null) {
            for (KeyEntry entry : keys.entries()) {
                byEncodedHeader.put(entry.encodedHeader(), entry);
            }
        }
    }

    /** A verifier for tokens signed by any key of {@code keys}, with the default clock skew. */
    public static IdentityTokenVerifier create(IdentityKeySet keys) {
        return builder(keys).build();
    }

    public static Builder builder(IdentityKeySet keys) {
        return new Builder(Objects.requireNonNull(keys, "keys"), null);
    }

    /**
     * A verifier whose keys come from another service's JWK set URL, fetched and cached by {@code remoteKeys} (which
     * the caller closes). The same rules hold as for local keys: each {@code kid} is bound to one allowed algorithm
     * and the token's {@code alg} must match it; a kid the document lacks, offers twice or offers as a secret makes
     * the token {@link TokenStatus#UNKNOWN_KEY}, and so does an unreachable URL once the outage tolerance is spent.
     */
    public static Builder builder(RemoteJwkSet remoteKeys) {
        return new Builder(null, Objects.requireNonNull(remoteKeys, "remoteKeys"));
    }

    /** Verifies {@code token} as alive and already minted at {@code at}. */
    public TokenVerification verify(@Nullable String token, String audience, Instant at) {
        return verify(token, audience, at, at);
    }

    /**
     * Verifies {@code token} for {@code audience}: alive at {@code aliveAt} and minted no later
     * than {@code mintedBy} (both within the clock skew).
     */
    public TokenVerification verify(@Nullable String token, String audience, Instant aliveAt, Instant mintedBy) {
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(aliveAt, "aliveAt");
        Objects.requireNonNull(mintedBy, "mintedBy");
        if (token == null || token.isBlank()) {
            return TokenVerification.failed(TokenStatus.NO_TOKEN, "no token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            return TokenVerification.failed(
                    TokenStatus.MALFORMED, "token longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        int dot1 = token.indexOf('.');
        int dot2 = dot1 < 0 ? -1 : token.indexOf('.', dot1 + 1);
        if (dot1 <= 0 || dot2 < 0 || token.indexOf('.', dot2 + 1) >= 0) {
            return TokenVerification.failed(TokenStatus.MALFORMED, "not a compact JWS of three parts");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= 'A' && c <= 'Z'
                    || c >= 'a' && c <= 'z'
                    || c >= '0' && c <= '9'
                    || c == '-'
                    || c == '_'
                    || c == '.')) {
                return TokenVerification.failed(TokenStatus.MALFORMED, "character outside base64url");
            }
        }
        String encodedHeader = token.substring(0, dot1);
        KeyEntry key = byEncodedHeader.get(encodedHeader);
        if (key == null) {
            HeaderCheck check = checkHeader(encodedHeader);
            if (check.failure != null) {
                return check.failure;
            }
            key = check.key;
        }
        byte[] signingInput = token.substring(0, dot2).getBytes(StandardCharsets.US_ASCII);
        String signature = token.substring(dot2 + 1);
        if (!isCanonicalBase64url(signature) || !key.verify(signingInput, signature)) {
            return TokenVerification.failed(
                    TokenStatus.INVALID_SIGNATURE, "signature does not verify", key.kid(), null, null);
        }
        return checkClaims(key, token.substring(dot1 + 1, dot2), audience, aliveAt, mintedBy);
    }

    /**
     * Whether {@code s} (already known to hold only base64url characters) is the one canonical
     * encoding of its bytes: decoders ignore the unused low bits of the last character, so without
     * this check one signature would verify under several token strings.
     */
    private static boolean isCanonicalBase64url(String s) {
        int rest = s.length() % 4;
        if (rest == 0) {
            return true;
        }
        if (rest == 1) {
            return false;
        }
        char last = s.charAt(s.length() - 1);
        int value = last >= 'A' && last <= 'Z'
                ? last - 'A'
                : last >= 'a' && last <= 'z'
                        ? last - 'a' + 26
                        : last >= '0' && last <= '9' ? last - '0' + 52 : last == '-' ? 62 : 63;
        return (value & (rest == 2 ? 0x0f : 0x03)) == 0;
    }

    /**
     * The key set this verifier trusts.
     *
     * @throws IllegalStateException for a verifier built on a {@link RemoteJwkSet}, whose keys change over time
     */
    public IdentityKeySet keys() {
        if (keys == null) {
            throw new IllegalStateException("this verifier takes its keys from " + remote);
        }
        return keys;
    }

    /** The remote key set this verifier fetches its keys from, if it does. */
    public java.util.Optional<RemoteJwkSet> remoteKeys() {
        return java.util.Optional.ofNullable(remote);
    }

    /** The tolerated clock difference. */
    public Duration clockSkew() {
        return skew;
    }

    private static final class HeaderCheck {
        final KeyEntry key;
        final TokenVerification failure;

        HeaderCheck(KeyEntry key, TokenVerification failure) {
            this.key = key;
            this.failure = failure;
        }
    }

    private HeaderCheck checkHeader(String encodedHeader) {
        Map<String, Object> header;
        try {
            header = JSONObjectUtils.parse(new String(B64.decode(encodedHeader), StandardCharsets.UTF_8), 4096);
        } catch (IllegalArgumentException | ParseException e) {
            return new HeaderCheck(
                    null, TokenVerification.failed(TokenStatus.MALFORMED, "header is not base64url JSON"));
        } catch (RuntimeException e) {
            return new HeaderCheck(
                    null, TokenVerification.failed(TokenStatus.MALFORMED, "header is not a JSON object"));
        }
        if (header == null) { // the JSON literal null
            return new HeaderCheck(
                    null, TokenVerification.failed(TokenStatus.MALFORMED, "header is not a JSON object"));
        }
        if (!IdentityTokens.TYPE.equals(header.get("typ"))) {
            return new HeaderCheck(
                    null, TokenVerification.failed(TokenStatus.MALFORMED, "typ is not " + IdentityTokens.TYPE));
        }
        if (header.containsKey("crit")) {
            return new HeaderCheck(
                    null, TokenVerification.failed(TokenStatus.MALFORMED, "crit header parameters are not supported"));
        }
        Object kid = header.get("kid");
        if (!(kid instanceof String)) {
            return new HeaderCheck(null, TokenVerification.failed(TokenStatus.UNKNOWN_KEY, "no kid"));
        }
        KeyEntry key;
        if (keys != null) {
            key = keys.key((String) kid);
            if (key == null) {
                return new HeaderCheck(
                        null, TokenVerification.failed(TokenStatus.UNKNOWN_KEY, "kid not in the key set"));
            }
        } else {
            if (!(header.get("alg") instanceof String)
                    || IdentityAlgorithm.fromJoseName((String) header.get("alg"))
                            .isEmpty()) {
                // refused before any fetch: a made-up algorithm never costs the publisher a request
                return new HeaderCheck(
                        null,
                        TokenVerification.failed(TokenStatus.INVALID_SIGNATURE, "alg is not an allowed algorithm"));
            }
            if (!IdentityKeySet.KID.matcher((String) kid).matches()) {
                return new HeaderCheck(
                        null, TokenVerification.failed(TokenStatus.UNKNOWN_KEY, "kid is not a valid key id"));
            }
            RemoteJwkSet.Lookup lookup = remote.find((String) kid);
            if (lookup.key() == null) {
                return new HeaderCheck(null, TokenVerification.failed(TokenStatus.UNKNOWN_KEY, lookup.reason()));
            }
            key = lookup.key();
        }
        if (!key.algorithm().joseName().equals(header.get("alg"))) {
            return new HeaderCheck(
                    null,
                    TokenVerification.failed(
                            TokenStatus.INVALID_SIGNATURE,
                            "alg differs from the algorithm bound to the kid",
                            key.kid(),
                            null,
                            null));
        }
        return new HeaderCheck(key, null);
    }

    private TokenVerification checkClaims(
            KeyEntry key, String encodedPayload, String audience, Instant aliveAt, Instant mintedBy) {
        Map<String, Object> claims;
        try {
            claims = JSONObjectUtils.parse(
                    new String(B64.decode(encodedPayload), StandardCharsets.UTF_8), MAX_TOKEN_LENGTH);
        } catch (IllegalArgumentException | ParseException e) {
            return TokenVerification.failed(
                    TokenStatus.MALFORMED, "claims are not base64url JSON", key.kid(), null, null);
        } catch (RuntimeException e) {
            return TokenVerification.failed(
                    TokenStatus.MALFORMED, "claims are not a JSON object", key.kid(), null, null);
        }
        if (claims == null) { // the JSON literal null
            return TokenVerification.failed(
                    TokenStatus.MALFORMED, "claims are not a JSON object", key.kid(), null, null);
        }
        Instant iat = epochSeconds(claims.get("iat"));
        Instant exp = epochSeconds(claims.get("exp"));
        if (iat == null || exp == null) {
            return TokenVerification.failed(
                    TokenStatus.MALFORMED, "iat and exp must be numeric dates", key.kid(), null, null);
        }
        CustomerIdentity identity;
        try {
            identity = identityOf(claims);
        } catch (IllegalArgumentException e) {
            return TokenVerification.failed(TokenStatus.MALFORMED, "identity claims are invalid", key.kid(), iat, exp);
        }
        if (!audienceMatches(claims.get("aud"), audience)) {
            return TokenVerification.failed(
                    TokenStatus.WRONG_AUDIENCE, "aud is not this LiveChat license", key.kid(), iat, exp);
        }
        if (exp.isBefore(aliveAt.minus(skew))) {
            return TokenVerification.failed(
                    TokenStatus.EXPIRED, "exp is before the instant it had to be alive", key.kid(), iat, exp);
        }
        if (iat.isAfter(mintedBy.plus(skew))) {
            return TokenVerification.failed(
                    TokenStatus.NOT_YET_VALID, "iat is after the instant it was received", key.kid(), iat, exp);
        }
        Object jti = claims.get("jti");
        Object sid = claims.get("sid");
        SessionClaim session;
        try {
            session = sid == null ? null : new SessionClaim((String) sid);
        } catch (ClassCastException | IllegalArgumentException e) {
            return TokenVerification.failed(TokenStatus.MALFORMED, "sid is not a session claim", key.kid(), iat, exp);
        }
        if (jti != null && !(jti instanceof String && isTokenId((String) jti))) {
            return TokenVerification.failed(
                    TokenStatus.MALFORMED, "jti is not 1..128 base64url characters", key.kid(), iat, exp);
        }
        String tokenId = jti != null ? (String) jti : "#" + digest(encodedPayload);
        Object iss = claims.get("iss");
        return TokenVerification.verified(
                identity, key.kid(), iat, exp, iss instanceof String ? (String) iss : null, tokenId, session);
    }

    private static boolean isTokenId(String jti) {
        if (jti.isEmpty() || jti.length() > 128) {
            return false;
        }
        for (int i = 0; i < jti.length(); i++) {
            char c = jti.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** 128 bits of the SHA-256 of the encoded claims, base64url: the id of a token without {@code jti}. */
    private static String digest(String encodedPayload) {
        try {
            byte[] sha = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(encodedPayload.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(sha, 16));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static CustomerIdentity identityOf(Map<String, Object> claims) {
        Object sub = claims.get("sub");
        if (!(sub instanceof String)) {
            throw new IllegalArgumentException("sub");
        }
        CustomerIdentity.Builder builder = CustomerIdentity.builder((String) sub)
                .withoutReservedTokenVariable()
                .name(optionalString(claims.get("name")))
                .email(optionalString(claims.get("email")));
        Object vars = claims.get("vars");
        if (vars != null) {
            if (!(vars instanceof Map)) {
                throw new IllegalArgumentException("vars");
            }
            for (Map.Entry<?, ?> e : ((Map<?, ?>) vars).entrySet()) {
                if (!(e.getValue() instanceof String)) {
                    throw new IllegalArgumentException("vars value");
                }
                builder.variable((String) e.getKey(), (String) e.getValue());
            }
        }
        return builder.build();
    }

    private static String optionalString(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw new IllegalArgumentException("not a string");
    }

    private static boolean audienceMatches(Object aud, String expected) {
        if (aud instanceof String) {
            return expected.equals(aud);
        }
        if (aud instanceof List) {
            for (Object a : (List<?>) aud) {
                if (expected.equals(a)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Instant epochSeconds(Object value) {
        if (!(value instanceof Number)) {
            return null;
        }
        double d = ((Number) value).doubleValue();
        if (Double.isNaN(d) || d < 0 || d > 253402300799d) {
            return null;
        }
        return Instant.ofEpochSecond(((Number) value).longValue());
    }

    /** Settings of an {@link IdentityTokenVerifier}. */
    public static final class Builder {
        private final @Nullable IdentityKeySet keys;
        private final @Nullable RemoteJwkSet remote;
        private Duration skew = DEFAULT_CLOCK_SKEW;

        private Builder(@Nullable IdentityKeySet keys, @Nullable RemoteJwkSet remote) {
            this.keys = keys;
            this.remote = remote;
        }

        /** Tolerated clock difference, 0 to 10 minutes. Default 60 s. */
        public Builder clockSkew(Duration skew) {
            if (skew == null || skew.isNegative() || skew.compareTo(Duration.ofMinutes(10)) > 0) {
                throw new IllegalArgumentException("clock skew must be between 0 and 10 minutes");
            }
            this.skew = skew;
            return this;
        }

        public IdentityTokenVerifier build() {
            return new IdentityTokenVerifier(keys, remote, skew);
        }
    }
}
