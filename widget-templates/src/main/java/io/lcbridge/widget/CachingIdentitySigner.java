package io.lcbridge.widget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.SessionClaim;
import io.lcbridge.core.SignedIdentity;
import io.lcbridge.core.TokenTooLargeException;
import org.jspecify.annotations.Nullable;

import java.security.SecureRandom;
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
 * email and session variables (keys, values and order). Entries are keyed by a SipHash-2-4 of exactly those
 * fields under a random key of this instance (so nobody can pick an identity whose key collides with another's), and
 * a hit is used only when the cached token also has the requested session and identity, so a
 * token is never shared across different identities nor across browser sessions: two devices of one user
 * get two tokens (each with its own {@code jti}), and the verifier binds each to its own LiveChat customer.
 * Without a session ({@link #sign(CustomerIdentity)}) the token is shared by every session-less page of
 * that identity until it is re-signed; each cache entry still has its own {@code jti}. The cache is bounded (Caffeine, least-recently/frequently used entries go
 * first) and entries also expire on their own after half the token lifetime. Thread-safe.
 */
public final class CachingIdentitySigner {

    /** Default number of cached tokens. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    private final IdentitySigner signer;
    private final Clock clock;
    private final Cache<Long, Entry> cache;
    /** The secret SipHash key of this signer's cache keys, random per instance. */
    private final long k0;

    private final long k1;

    private CachingIdentitySigner(IdentitySigner signer, long maximumSize) {
        this.signer = Objects.requireNonNull(signer, "signer");
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be at least 1, got " + maximumSize);
        }
        this.clock = signer.clock();
        SecureRandom random = new SecureRandom();
        this.k0 = random.nextLong();
        this.k1 = random.nextLong();
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
    public SignedIdentity sign(CustomerIdentity identity, @Nullable SessionClaim session) {
        Objects.requireNonNull(identity, "identity");
        Long key = keyOf(identity, session);
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

    /**
     * The cache key of {@code identity} in {@code session}: the keyed SipHash of every field, each as its length then its
     * UTF-16 code units (so no two field sequences give the same bytes; -1 marks an absent field), the session variables
     * after their count. Which inputs collide depends on this signer's random key, so nobody can choose an identity that
     * lands on another's key; two identities that collide by chance only replace each other's entry (a hit is used only
     * after the exact check in {@link #sign(CustomerIdentity, SessionClaim)}).
     */
    Long keyOf(CustomerIdentity identity, @Nullable SessionClaim session) {
        SipHash hash = new SipHash(k0, k1);
        add(hash, session == null ? null : session.value());
        add(hash, signer.audience());
        add(hash, signer.keyId());
        add(hash, identity.subject());
        add(hash, identity.name().orElse(null));
        add(hash, identity.email().orElse(null));
        Map<String, String> variables = identity.sessionVariables();
        hash.addInt(variables.size());
        for (Map.Entry<String, String> entry : variables.entrySet()) {
            add(hash, entry.getKey());
            add(hash, entry.getValue());
        }
        return hash.finish();
    }

    private static void add(SipHash hash, @Nullable String value) {
        if (value == null) {
            hash.addInt(-1);
        } else {
            hash.addInt(value.length());
            hash.addChars(value);
        }
    }

    @Override
    public String toString() {
        return "CachingIdentitySigner[audience=" + signer.audience() + ", keyId=" + signer.keyId() + "]";
    }
}
