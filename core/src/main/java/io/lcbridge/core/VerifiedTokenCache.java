package io.lcbridge.core;

import org.jspecify.annotations.Nullable;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The tokens an {@link IdentityTokenVerifier} has already verified, with what verifying them found that does not
 * depend on the caller's audience or instants: the key whose signature held and the parsed, shape-checked claims. A
 * webhook server sees one customer's token on every webhook of a chat; a hit skips the signature check and the JSON
 * parsing, and the verifier still runs the audience and time checks on every use.
 *
 * <p>Security properties:
 *
 * <ul>
 *   <li>Only tokens whose signature verified and whose claims are well formed are put in (the verifier decides); a
 *       failure is never cached, so tokens nobody signed can neither fill the table nor push a good entry out.
 *   <li>A slot is found by SipHash-2-4 of the token under a random 128-bit key drawn per cache from
 *       {@link SecureRandom}, so nobody outside can aim tokens at one set.
 *   <li>A hit needs the whole token to be equal to the stored one, compared in time that depends only on the length,
 *       never on where the first difference is: the hash alone never serves an entry, and timing does not reveal
 *       how much of a stored token a guess got right.
 *   <li>Tokens longer than {@link #MAX_TOKEN_LENGTH} characters are never stored, which bounds the memory.
 * </ul>
 *
 * <p>Layout: a fixed number of sets (a power of two), two slots per set, in one {@link AtomicReferenceArray} of
 * immutable {@link Entry} objects. A lookup reads two slots and takes no lock; a store replaces the older of the two
 * entries of its set. Two threads storing at once may overwrite each other, which only costs a later miss.
 */
final class VerifiedTokenCache {

    /** Longest token stored; longer ones are verified in full every time. */
    static final int MAX_TOKEN_LENGTH = 4096;
    /** Largest number of entries a cache may be built for. */
    static final int MAX_ENTRIES = 1 << 20;

    /** One verified token and what verifying it found; immutable, so publishing it through the array is safe. */
    static final class Entry {
        final String token;
        final KeyEntry key;
        final IdentityTokenVerifier.ClaimFacts facts;
        final long stored;

        Entry(String token, KeyEntry key, IdentityTokenVerifier.ClaimFacts facts, long stored) {
            this.token = token;
            this.key = key;
            this.facts = facts;
            this.stored = stored;
        }
    }

    private final long k0;
    private final long k1;
    private final int setMask;
    private final AtomicReferenceArray<@Nullable Entry> slots;
    private final AtomicLong stores = new AtomicLong();
    private final LongAdder hits = new LongAdder();

    /** A cache of at least {@code entries} slots (rounded up to an even power of two), keyed afresh. */
    VerifiedTokenCache(int entries) {
        this(entries, new SecureRandom());
    }

    VerifiedTokenCache(int entries, SecureRandom random) {
        if (entries < 1 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("entries must be between 1 and " + MAX_ENTRIES);
        }
        int wantedSets = (entries + 1) / 2;
        int sets = Integer.highestOneBit(wantedSets);
        if (sets < wantedSets) {
            sets <<= 1;
        }
        this.setMask = sets - 1;
        this.slots = new AtomicReferenceArray<>(sets * 2);
        this.k0 = random.nextLong();
        this.k1 = random.nextLong();
    }

    /** The entry stored for exactly {@code token}, or {@code null}. */
    @Nullable
    Entry get(String token) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return null;
        }
        int base = base(token);
        Entry first = slots.get(base);
        if (first != null && sameToken(first.token, token)) {
            return first;
        }
        Entry second = slots.get(base + 1);
        if (second != null && sameToken(second.token, token)) {
            return second;
        }
        return null;
    }

    /**
     * Stores what verifying {@code token} found (the caller has checked its signature and claims), replacing an older
     * entry for the same token, else an empty slot of its set, else the older entry of the set.
     */
    void put(String token, KeyEntry key, IdentityTokenVerifier.ClaimFacts facts) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return;
        }
        int base = base(token);
        Entry first = slots.get(base);
        Entry second = slots.get(base + 1);
        int slot;
        if (first == null || sameToken(first.token, token)) {
            slot = base;
        } else if (second == null || sameToken(second.token, token)) {
            slot = base + 1;
        } else {
            slot = first.stored <= second.stored ? base : base + 1;
        }
        slots.set(slot, new Entry(token, key, facts, stores.getAndIncrement()));
    }

    /** Counts one answer served from the cache (read by tests). */
    void hit() {
        hits.increment();
    }

    /** Answers served from the cache so far. */
    long hits() {
        return hits.sum();
    }

    /** Entries held now. */
    int size() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slotHolds(i)) {
                n++;
            }
        }
        return n;
    }

    /** Whether slot {@code i} holds an entry (read by tests). */
    boolean slotHolds(int i) {
        return slots.get(i) != null;
    }

    /** Slots in the table (twice the number of sets). */
    int capacity() {
        return slots.length();
    }

    private int base(String token) {
        return ((int) sipHash24(k0, k1, token) & setMask) << 1;
    }

    /**
     * Whether {@code a} and {@code b} hold the same characters, in time that depends on the length only: every
     * character is looked at, whatever differs first. (Lengths are compared first; the length of a token is no
     * secret, and only tokens that collide under the secret hash key are ever compared.)
     */
    static boolean sameToken(String a, String b) {
        int length = a.length();
        if (length != b.length()) {
            return false;
        }
        int difference = 0;
        for (int i = 0; i < length; i++) {
            difference |= a.charAt(i) ^ b.charAt(i);
        }
        return difference == 0;
    }

    /**
     * SipHash-2-4 (Aumasson and Bernstein) under the key {@code k0 || k1} (each little-endian) of the UTF-16LE bytes
     * of {@code s}: four characters make one 64-bit message word.
     */
    static long sipHash24(long k0, long k1, String s) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        int length = s.length();
        int whole = length & ~3;
        for (int i = 0; i < whole; i += 4) {
            long m = s.charAt(i)
                    | (long) s.charAt(i + 1) << 16
                    | (long) s.charAt(i + 2) << 32
                    | (long) s.charAt(i + 3) << 48;
            v3 ^= m;
            // two SipRounds
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
            v0 ^= m;
        }
        long last = (long) (length * 2) << 56;
        for (int i = whole; i < length; i++) {
            last |= (long) s.charAt(i) << (16 * (i - whole));
        }
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xff;
        for (int r = 0; r < 4; r++) {
            v0 += v1;
            v1 = Long.rotateLeft(v1, 13);
            v1 ^= v0;
            v0 = Long.rotateLeft(v0, 32);
            v2 += v3;
            v3 = Long.rotateLeft(v3, 16);
            v3 ^= v2;
            v0 += v3;
            v3 = Long.rotateLeft(v3, 21);
            v3 ^= v0;
            v2 += v1;
            v1 = Long.rotateLeft(v1, 17);
            v1 ^= v2;
            v2 = Long.rotateLeft(v2, 32);
        }
        return v0 ^ v1 ^ v2 ^ v3;
    }
}
