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
import java.util.concurrent.atomic.AtomicReferenceArray;

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
 * first) and entries also expire on their own after half the token lifetime. In front of it, a fixed table keeps the
 * token each browser session (without a session: each subject) was handed last, found by a hash of the short session
 * claim; its entries pass the same exact check before they are handed out. Thread-safe.
 */
public final class CachingIdentitySigner {

    /** Default number of cached tokens. */
    public static final long DEFAULT_MAXIMUM_SIZE = 10_000;

    /** Slots of the recent-token table in front of the cache; a power of two. */
    static final int RECENT_SLOTS = 512;

    private final IdentitySigner signer;
    private final Clock clock;
    private final Cache<Long, Entry> cache;
    /**
     * The token each browser session (a request without one: each subject) was handed last, in a fixed table of
     * {@value #RECENT_SLOTS} slots in front of {@link #cache}: a session's next page finds it with a hash of the short
     * session claim instead of one of every identity field and a cache lookup. A slot holds one entry, replaced by
     * whichever session or subject hashes there next, so the table is bounded (a replaced entry is still in the cache);
     * an entry is handed out only after the same exact check as a cache hit ({@link Entry#serves}).
     */
    private final AtomicReferenceArray<Entry> recent;
    /** The secret SipHash key of this signer's cache keys, random per instance. */
    private final long k0;

    private final long k1;

    private CachingIdentitySigner(IdentitySigner signer, long maximumSize) {
        this(signer, maximumSize, RECENT_SLOTS);
    }

    /** With {@code recentSlots} (a power of two) slots in the recent-token table: tests force collisions with one. */
    CachingIdentitySigner(IdentitySigner signer, long maximumSize, int recentSlots) {
        this.signer = Objects.requireNonNull(signer, "signer");
        if (maximumSize < 1) {
            throw new IllegalArgumentException("maximumSize must be at least 1, got " + maximumSize);
        }
        this.clock = signer.clock();
        if (Integer.bitCount(recentSlots) != 1) {
            throw new IllegalArgumentException("recentSlots must be a power of two, got " + recentSlots);
        }
        this.recent = new AtomicReferenceArray<>(recentSlots);
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
        Instant now = clock.instant();
        int slot = recentSlot(identity, session);
        Entry last = recent.get(slot);
        if (last != null && last.serves(identity, session, now)) {
            return last.token();
        }
        Long key = keyOf(identity, session);
        Entry entry = cache.getIfPresent(key);
        if (entry != null && entry.serves(identity, session, now)) {
            recent.set(slot, entry);
            return entry.token();
        }
        SignedIdentity fresh = signer.sign(identity, session);
        Entry made = Entry.of(fresh);
        cache.put(key, made);
        recent.set(slot, made);
        return fresh;
    }

    /**
     * The slot of {@link #recent} for this browser session (a request without one: for this subject): the keyed
     * SipHash of the session claim, or of the subject, so which sessions or subjects share a slot is this signer's
     * secret too.
     */
    private int recentSlot(CustomerIdentity identity, @Nullable SessionClaim session) {
        SipHash hash = new SipHash(k0, k1);
        hash.addChars(session != null ? session.value() : identity.subject());
        return (int) hash.finish() & (recent.length() - 1);
    }

    /** How many slots of the recent-token table hold a token (for tests). */
    int recentTokens() {
        int n = 0;
        for (int i = 0; i < recent.length(); i++) {
            if (recent.get(i) != null) {
                n++;
            }
        }
        return n;
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
        for (int i = 0; i < recent.length(); i++) {
            recent.set(i, null);
        }
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

        /**
         * Whether this token may be handed out at {@code now} for exactly {@code identity} in exactly {@code session}:
         * the one check behind both tables, so neither ever gives a token to another identity or another session.
         */
        boolean serves(CustomerIdentity identity, @Nullable SessionClaim session, Instant now) {
            return reusableAt(now)
                    && Objects.equals(token.session().orElse(null), session)
                    && token.identity().equals(identity);
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
