package io.lcbridge.widget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.SignedIdentity;
import io.lcbridge.core.TokenTooLargeException;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Wraps an {@link IdentitySigner} so that an identical identity gets the same token again until half
 * of that token's lifetime has passed; after that it is signed afresh. This makes asymmetric keys
 * (ES256 ≈ 0.7 ms per signature) cost nothing per page.
 *
 * <p>"Identical" means the same browser session ({@link SessionClaim}), audience, key id, subject, name,
 * email and session variables (keys, values and order). Entries are keyed by a SHA-256 of exactly those
 * fields, and a hit is used only when the cached token also has the requested session and identity, so a
 * token is never shared across different identities nor across browser sessions: two devices of one user
 * get two tokens (each with its own {@code jti}), and the verifier binds each to its own LiveChat customer.
 * Without a session ({@link #sign(CustomerIdentity)}) the token is shared by every session-less page of
 * that identity until it is re-signed; each cache entry still has its own {@code jti}. The cache is bounded (Caffeine, least-recently/frequently used entries go
 * first) and entries also expire on their own after half the token lifetime. Thread-safe.
 */
public final class CachingIdentitySigner {

    /** Default number of cached tokens. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    private final IdentitySigner signer;
    private final Clock clock;
    private final Cache<Key, SignedIdentity> cache;

    private CachingIdentitySigner(IdentitySigner signer, long maximumSize) {
        this.signer = Objects.requireNonNull(signer, "signer");
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be at least 1, got " + maximumSize);
        }
        this.clock = signer.clock();
        Duration halfLife = signer.lifetime().dividedBy(2);
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(halfLife)
                .executor(Runnable::run)
                .build();
    }

    /** Caches up to {@value #DEFAULT_MAXIMUM_SIZE} tokens of {@code signer}. */
    public static CachingIdentitySigner wrap(IdentitySigner signer) {
        return new CachingIdentitySigner(signer, DEFAULT_MAXIMUM_SIZE);
    }

    /** Caches up to {@code maximumSize} tokens of {@code signer}. */
    public static CachingIdentitySigner wrap(IdentitySigner signer, long maximumSize) {
        return new CachingIdentitySigner(signer, maximumSize);
    }

    /**
     * A token for {@code identity}: the cached one while less than half of its lifetime has passed,
     * otherwise a fresh one.
     *
     * @throws TokenTooLargeException when the token would exceed the signer's size budget (never cached)
     */
    public SignedIdentity sign(CustomerIdentity identity) {
        return sign(identity, null);
    }

    /**
     * A token for {@code identity} in the browser session {@code session} ({@code null}: a request without a
     * session): the cached one of that session while less than half of its lifetime has passed, otherwise a
     * fresh one.
     *
     * @throws TokenTooLargeException when the token would exceed the signer's size budget (never cached)
     */
    public SignedIdentity sign(CustomerIdentity identity, SessionClaim session) {
        Objects.requireNonNull(identity, "identity");
        Key key = keyOf(identity, session);
        SignedIdentity cached = cache.getIfPresent(key);
        if (cached != null
                && reusable(cached, clock.instant())
                && cached.session().equals(Optional.ofNullable(session))
                && cached.identity().equals(identity)) {
            return cached;
        }
        SignedIdentity fresh = signer.sign(identity, session);
        cache.put(key, fresh);
        return fresh;
    }

    /** The audience (license number or organization id) of every token. */
    public String audience() {
        return signer.audience();
    }

    /** The kid tokens are signed with. */
    public String keyId() {
        return signer.keyId();
    }

    /** The wrapped signer. */
    public IdentitySigner signer() {
        return signer;
    }

    /** Approximate number of cached tokens (for metrics). */
    public long cachedTokens() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** Drops every cached token, e.g. after a key rotation. */
    public void clear() {
        cache.invalidateAll();
    }

    static boolean reusable(SignedIdentity token, Instant now) {
        Instant issued = token.issuedAt();
        Duration half = Duration.between(issued, token.expiresAt()).dividedBy(2);
        return !now.isBefore(issued) && now.isBefore(issued.plus(half));
    }

    private Key keyOf(CustomerIdentity identity, SessionClaim session) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        ByteBuffer scratch = ByteBuffer.allocate(4);
        update(digest, scratch, session == null ? null : session.value());
        update(digest, scratch, signer.audience());
        update(digest, scratch, signer.keyId());
        update(digest, scratch, identity.subject());
        update(digest, scratch, identity.name().orElse(null));
        update(digest, scratch, identity.email().orElse(null));
        Map<String, String> variables = identity.sessionVariables();
        updateInt(digest, scratch, variables.size());
        for (Map.Entry<String, String> entry : variables.entrySet()) {
            update(digest, scratch, entry.getKey());
            update(digest, scratch, entry.getValue());
        }
        ByteBuffer hash = ByteBuffer.wrap(digest.digest());
        return new Key(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
    }

    /** Length-prefixed UTF-16 code units, so no two field sequences feed the same bytes; -1 marks absent. */
    private static void update(MessageDigest digest, ByteBuffer scratch, String value) {
        if (value == null) {
            updateInt(digest, scratch, -1);
            return;
        }
        int length = value.length();
        updateInt(digest, scratch, length);
        byte[] bytes = new byte[length * 2];
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            bytes[2 * i] = (byte) (c >>> 8);
            bytes[2 * i + 1] = (byte) c;
        }
        digest.update(bytes);
    }

    private static void updateInt(MessageDigest digest, ByteBuffer scratch, int value) {
        scratch.clear();
        scratch.putInt(value);
        digest.update(scratch.array(), 0, 4);
    }

    /** SHA-256 of the session and identity fields, as four longs. */
    private record Key(long a, long b, long c, long d) {}

    @Override
    public String toString() {
        return "CachingIdentitySigner[audience=" + signer.audience() + ", keyId=" + signer.keyId() + "]";
    }
}
