package io.lcbridge.core;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 *
 * <p>A verifier remembers the tokens it verified ({@link Builder#verifiedTokenCacheSize}): the same token verified
 * again skips the signature check and the claims parsing, and gets the answer the full path gives, since the audience
 * and time checks run on every call.
 */
public final class IdentityTokenVerifier {

    /** Default tolerance for clock differences. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** Tokens longer than this are refused without being parsed. */
    public static final int MAX_TOKEN_LENGTH = 64 * 1024;

    /** Default number of verified tokens a verifier remembers ({@link Builder#verifiedTokenCacheSize}). */
    public static final int DEFAULT_VERIFIED_TOKEN_CACHE_SIZE = 1024;
    /** Largest number of verified tokens a verifier may remember ({@link Builder#verifiedTokenCacheSize}): 2^20. */
    public static final int MAX_VERIFIED_TOKEN_CACHE_SIZE = VerifiedTokenCache.MAX_ENTRIES;

    private static final Base64.Decoder B64 = Base64.getUrlDecoder();

    private final @Nullable IdentityKeySet keys;
    private final @Nullable RemoteJwkSet remote;
    private final Duration skew;
    private final Map<String, KeyEntry> byEncodedHeader = new HashMap<>();
    private final int cacheSize;
    private final @Nullable VerifiedTokenCache cache;

    private IdentityTokenVerifier(
            @Nullable IdentityKeySet keys, @Nullable RemoteJwkSet remote, Duration skew, int cacheSize) {
        this.keys = keys;
        this.remote = remote;
        this.skew = skew;
        this.cacheSize = cacheSize;
        this.cache = cacheSize == 0 ? null : new VerifiedTokenCache(cacheSize);
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
        RemoteJwkSet.Lookup resolved = null;
        if (cache != null) {
            VerifiedTokenCache.Entry hit = cache.get(token);
            if (hit != null) {
                if (remote == null) { // local keys never change under a verifier
                    cache.hit();
                    return checkUse(hit.facts, audience, aliveAt, mintedBy);
                }
                // a remote kid is resolved again on every use, as without the cache: a key taken out of the
                // JWK set stops verifying at once
                RemoteJwkSet.Lookup lookup = remote.find(hit.facts.kid);
                if (lookup.key() == hit.key) {
                    cache.hit();
                    return checkUse(hit.facts, audience, aliveAt, mintedBy);
                }
                if (lookup.key() == null) {
                    // what the full path says too: the header of a cached token passed every other check
                    return TokenVerification.failed(TokenStatus.UNKNOWN_KEY, lookup.reason());
                }
                resolved = lookup; // another key under this kid now: verify in full against it
            }
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
            HeaderCheck check = checkHeader(encodedHeader, resolved);
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
        ClaimFacts facts = parseClaims(key, token.substring(dot1 + 1, dot2));
        if (cache != null && facts.cacheable()) {
            cache.put(token, key, facts);
        }
        return checkUse(facts, audience, aliveAt, mintedBy);
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

    /**
     * How many verified tokens this verifier remembers, as set with {@link Builder#verifiedTokenCacheSize} (the table
     * itself may be rounded up to a power of two); 0 when the cache is off.
     */
    public int verifiedTokenCacheSize() {
        return cacheSize;
    }

    /** The cache of verified tokens, null when turned off (for tests). */
    @Nullable
    VerifiedTokenCache verifiedTokenCache() {
        return cache;
    }

    private static final class HeaderCheck {
        final KeyEntry key;
        final TokenVerification failure;

        HeaderCheck(KeyEntry key, TokenVerification failure) {
            this.key = key;
            this.failure = failure;
        }
    }

    /**
     * The key for a token header, or why there is none. {@code resolved}, when not null, is the remote set's answer
     * for the header's kid already looked up for this token (it is not asked twice).
     */
    private HeaderCheck checkHeader(String encodedHeader, RemoteJwkSet.@Nullable Lookup resolved) {
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
            RemoteJwkSet.Lookup lookup = resolved != null ? resolved : remote.find((String) kid);
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

    /**
     * What a token's claims say, found once per token: everything that does not depend on the audience or the instants
     * a caller verifies for. Immutable; {@link #checkUse} turns it into the answer for one call, so the cached and the
     * uncached paths answer alike.
     */
    static final class ClaimFacts {
        final String kid;
        /** A shape failure reported before the per-use checks (claims not JSON, no dates, bad identity). */
        final @Nullable TokenVerification early;
        /** A shape failure reported only when the per-use checks pass (a bad {@code sid} or {@code jti}). */
        final @Nullable TokenVerification late;

        final @Nullable Instant iat;
        final @Nullable Instant exp;
        /** The {@code aud} claim: a String, the String members of an array, or null for anything else. */
        private final @Nullable Object aud;
        /** The answer when every per-use check passes; null when there is a failure. */
        private final @Nullable TokenVerification verified;

        private ClaimFacts(
                String kid,
                @Nullable TokenVerification early,
                @Nullable TokenVerification late,
                @Nullable Instant iat,
                @Nullable Instant exp,
                @Nullable Object aud,
                @Nullable TokenVerification verified) {
            this.kid = kid;
            this.early = early;
            this.late = late;
            this.iat = iat;
            this.exp = exp;
            this.aud = aud;
            this.verified = verified;
        }

        static ClaimFacts failed(String kid, TokenVerification early) {
            return new ClaimFacts(kid, early, null, null, null, null, null);
        }

        /** Whether the claims are well formed, so that these facts may be reused for later calls. */
        boolean cacheable() {
            return early == null && late == null;
        }

        boolean audienceMatches(String expected) {
            if (aud instanceof String) {
                return expected.equals(aud);
            }
            if (aud instanceof String[]) {
                for (String a : (String[]) aud) {
                    if (expected.equals(a)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** Parses and shape-checks the claims of a token whose signature {@code key} verified. */
    private static ClaimFacts parseClaims(KeyEntry key, String encodedPayload) {
        String kid = key.kid();
        Map<String, Object> claims;
        try {
            claims = JSONObjectUtils.parse(
                    new String(B64.decode(encodedPayload), StandardCharsets.UTF_8), MAX_TOKEN_LENGTH);
        } catch (IllegalArgumentException | ParseException e) {
            return ClaimFacts.failed(
                    kid,
                    TokenVerification.failed(TokenStatus.MALFORMED, "claims are not base64url JSON", kid, null, null));
        } catch (RuntimeException e) {
            return ClaimFacts.failed(
                    kid,
                    TokenVerification.failed(TokenStatus.MALFORMED, "claims are not a JSON object", kid, null, null));
        }
        if (claims == null) { // the JSON literal null
            return ClaimFacts.failed(
                    kid,
                    TokenVerification.failed(TokenStatus.MALFORMED, "claims are not a JSON object", kid, null, null));
        }
        Instant iat = epochSeconds(claims.get("iat"));
        Instant exp = epochSeconds(claims.get("exp"));
        if (iat == null || exp == null) {
            return ClaimFacts.failed(
                    kid,
                    TokenVerification.failed(
                            TokenStatus.MALFORMED, "iat and exp must be numeric dates", kid, null, null));
        }
        CustomerIdentity identity;
        try {
            identity = identityOf(claims);
        } catch (IllegalArgumentException e) {
            return ClaimFacts.failed(
                    kid, TokenVerification.failed(TokenStatus.MALFORMED, "identity claims are invalid", kid, iat, exp));
        }
        Object aud = audienceOf(claims.get("aud"));
        Object jti = claims.get("jti");
        Object sid = claims.get("sid");
        SessionClaim session = null;
        TokenVerification late = null;
        try {
            session = sid == null ? null : new SessionClaim((String) sid);
        } catch (ClassCastException | IllegalArgumentException e) {
            late = TokenVerification.failed(TokenStatus.MALFORMED, "sid is not a session claim", kid, iat, exp);
        }
        if (late == null && jti != null && !(jti instanceof String && isTokenId((String) jti))) {
            late = TokenVerification.failed(
                    TokenStatus.MALFORMED, "jti is not 1..128 base64url characters", kid, iat, exp);
        }
        if (late != null) {
            return new ClaimFacts(kid, null, late, iat, exp, aud, null);
        }
        String tokenId = jti != null ? (String) jti : "#" + digest(encodedPayload);
        Object iss = claims.get("iss");
        TokenVerification verified = TokenVerification.verified(
                identity, kid, iat, exp, iss instanceof String ? (String) iss : null, tokenId, session);
        return new ClaimFacts(kid, null, null, iat, exp, aud, verified);
    }

    /** The checks that depend on the call: audience, then alive at {@code aliveAt}, then minted by {@code mintedBy}. */
    private TokenVerification checkUse(ClaimFacts facts, String audience, Instant aliveAt, Instant mintedBy) {
        if (facts.early != null) {
            return facts.early;
        }
        Instant iat = facts.iat;
        Instant exp = facts.exp;
        if (!facts.audienceMatches(audience)) {
            return TokenVerification.failed(
                    TokenStatus.WRONG_AUDIENCE, "aud is not this LiveChat license", facts.kid, iat, exp);
        }
        if (exp.isBefore(aliveAt.minus(skew))) {
            return TokenVerification.failed(
                    TokenStatus.EXPIRED, "exp is before the instant it had to be alive", facts.kid, iat, exp);
        }
        if (iat.isAfter(mintedBy.plus(skew))) {
            return TokenVerification.failed(
                    TokenStatus.NOT_YET_VALID, "iat is after the instant it was received", facts.kid, iat, exp);
        }
        if (facts.late != null) {
            return facts.late;
        }
        return facts.verified;
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

    /** The {@code aud} claim as {@link ClaimFacts} keeps it: a String, the String members of an array, or null. */
    private static @Nullable Object audienceOf(@Nullable Object aud) {
        if (aud instanceof String) {
            return aud;
        }
        if (aud instanceof List) {
            List<String> strings = new ArrayList<>();
            for (Object a : (List<?>) aud) {
                if (a instanceof String) {
                    strings.add((String) a);
                }
            }
            return strings.toArray(new String[0]);
        }
        return null;
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
        private int cacheSize = DEFAULT_VERIFIED_TOKEN_CACHE_SIZE;

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

        /**
         * How many verified tokens to remember: 0 to 1,048,576 (2<sup>20</sup>), rounded up to a power of two; default
         * 1,024; 0 turns the cache off.
         *
         * <p>A webhook server verifies the same token again and again: every webhook of a chat carries the customer's
         * token. The cache keeps, per token, the key whose signature held and the parsed claims, so a repeated
         * verification skips the signature check and the JSON parsing (the bulk of its cost). The answer is the same
         * as without the cache:
         *
         * <ul>
         *   <li>only tokens whose signature verified and whose claims are well formed are kept; a token that fails is
         *       never cached, so a flood of forged tokens can neither fill the cache nor push a good token out;
         *   <li>the audience and the time window are checked again on every call, with that call's arguments;
         *   <li>with a {@link RemoteJwkSet} the kid is looked up again on every call, so a key taken out of the
         *       published set stops verifying at once;
         *   <li>a cached answer needs the whole token to be equal, compared in constant time, and the slot is chosen
         *       by SipHash under a random key per verifier, so nobody can aim tokens at one slot;
         *   <li>tokens longer than 4,096 characters are not kept, which bounds the memory: an entry holds the token
         *       and its parsed claims, one or two kilobytes for a typical token and about ten at most.
         * </ul>
         *
         * @throws IllegalArgumentException when {@code entries} is negative or above the maximum
         */
        public Builder verifiedTokenCacheSize(int entries) {
            if (entries < 0 || entries > MAX_VERIFIED_TOKEN_CACHE_SIZE) {
                throw new IllegalArgumentException("verifiedTokenCacheSize must be between 0 and "
                        + MAX_VERIFIED_TOKEN_CACHE_SIZE + ": " + entries);
            }
            this.cacheSize = entries;
            return this;
        }

        public IdentityTokenVerifier build() {
            return new IdentityTokenVerifier(keys, remote, skew, cacheSize);
        }
    }
}
