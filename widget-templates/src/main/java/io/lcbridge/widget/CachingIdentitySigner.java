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
import java.util.Arrays;
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
    private final Cache<Key, Entry> cache;

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
        Entry entry = cache.getIfPresent(key);
        if (entry != null) {
            SignedIdentity cached = entry.token();
            if (entry.reusableAt(clock.instant())
                    && cached.session().equals(Optional.ofNullable(session))
                    && cached.identity().equals(identity)) {
                return cached;
            }
        }
        SignedIdentity fresh = signer.sign(identity, session);
        cache.put(key, Entry.of(fresh));
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

    /**
     * A cached token and the instant half of its lifetime has passed, worked out once when it is cached (the
     * {@link Duration} division behind it costs more than the rest of a cache hit).
     */
    private record Entry(SignedIdentity token, Instant reuseUntil) {
        static Entry of(SignedIdentity token) {
            Instant issued = token.issuedAt();
            Duration half = Duration.between(issued, token.expiresAt()).dividedBy(2);
            return new Entry(token, issued.plus(half));
        }

        boolean reusableAt(Instant now) {
            return !now.isBefore(token.issuedAt()) && now.isBefore(reuseUntil);
        }
    }

    private Key keyOf(CustomerIdentity identity, SessionClaim session) {
        KeyBytes bytes = KEY_BYTES.get();
        bytes.reset();
        bytes.add(session == null ? null : session.value());
        bytes.add(signer.audience());
        bytes.add(signer.keyId());
        bytes.add(identity.subject());
        bytes.add(identity.name().orElse(null));
        bytes.add(identity.email().orElse(null));
        Map<String, String> variables = identity.sessionVariables();
        bytes.addInt(variables.size());
        for (Map.Entry<String, String> entry : variables.entrySet()) {
            bytes.add(entry.getKey());
            bytes.add(entry.getValue());
        }
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(bytes.buffer, 0, bytes.length);
        ByteBuffer hash = ByteBuffer.wrap(digest.digest());
        bytes.release();
        return new Key(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
    }

    private static final ThreadLocal<KeyBytes> KEY_BYTES = ThreadLocal.withInitial(KeyBytes::new);

    /**
     * The bytes a key digests, gathered per thread into one reused array so that a cache hit is one digest call
     * without allocations: each field as its length then its UTF-16 code units, so no two field sequences give the
     * same bytes; -1 marks an absent field. An array grown past {@value #KEPT} bytes is not kept.
     */
    private static final class KeyBytes {
        private static final int KEPT = 4096;
        private byte[] buffer = new byte[512];
        private int length;

        void reset() {
            length = 0;
        }

        void add(String value) {
            if (value == null) {
                addInt(-1);
                return;
            }
            int n = value.length();
            addInt(n);
            ensure(2 * n);
            byte[] b = buffer;
            int at = length;
            for (int i = 0; i < n; i++) {
                char c = value.charAt(i);
                b[at++] = (byte) (c >>> 8);
                b[at++] = (byte) c;
            }
            length = at;
        }

        void addInt(int value) {
            ensure(4);
            buffer[length++] = (byte) (value >>> 24);
            buffer[length++] = (byte) (value >>> 16);
            buffer[length++] = (byte) (value >>> 8);
            buffer[length++] = (byte) value;
        }

        private void ensure(int more) {
            if (length + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + more));
            }
        }

        /** Drops an array that grew large for one big identity. */
        void release() {
            if (buffer.length > KEPT) {
                buffer = new byte[512];
            }
        }
    }

    /** SHA-256 of the session and identity fields, as four longs. */
    private record Key(long a, long b, long c, long d) {}

    @Override
    public String toString() {
        return "CachingIdentitySigner[audience=" + signer.audience() + ", keyId=" + signer.keyId() + "]";
    }
}
