package io.lcbridge.widget;

/**
 * SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit pseudorandom function over a byte stream, fed here
 * field by field without copying the fields into an array first. With a random secret key nobody outside the JVM can
 * tell which inputs collide, so values an attacker chooses (their own name, email, session variables) cannot be
 * steered onto the same cache key as someone else's; that is what it is for here, at a small fraction of the cost of
 * SHA-256. Bytes are consumed in order: {@link #addChar} as two bytes (low first), {@link #addInt} as four (little
 * endian). One use: create, add, {@link #finish()}. Not thread-safe.
 */
final class SipHash {

    private long v0;
    private long v1;
    private long v2;
    private long v3;
    /** Bytes not yet compressed (fewer than 8), little endian. */
    private long tail;

    private int tailBytes;
    private int length;

    SipHash(long k0, long k1) {
        v0 = k0 ^ 0x736f6d6570736575L;
        v1 = k1 ^ 0x646f72616e646f6dL;
        v2 = k0 ^ 0x6c7967656e657261L;
        v3 = k1 ^ 0x7465646279746573L;
    }

    void addByte(int b) {
        tail |= (b & 0xffL) << (tailBytes << 3);
        length++;
        if (++tailBytes == 8) {
            compress(tail);
        }
    }

    void addChar(char c) {
        if ((tailBytes & 1) != 0) {
            addByte(c);
            addByte(c >>> 8);
            return;
        }
        tail |= (long) c << (tailBytes << 3);
        length += 2;
        tailBytes += 2;
        if (tailBytes == 8) {
            compress(tail);
        }
    }

    void addInt(int value) {
        addChar((char) value);
        addChar((char) (value >>> 16));
    }

    /** {@code value}'s UTF-16 code units; four at a time while they fill whole words. */
    void addChars(String value) {
        int n = value.length();
        int i = 0;
        while (i < n && tailBytes != 0) {
            addChar(value.charAt(i++));
        }
        for (; i + 4 <= n; i += 4) {
            compress(value.charAt(i)
                    | (long) value.charAt(i + 1) << 16
                    | (long) value.charAt(i + 2) << 32
                    | (long) value.charAt(i + 3) << 48);
            length += 8;
        }
        while (i < n) {
            addChar(value.charAt(i++));
        }
    }

    long finish() {
        long last = ((long) length << 56) | tail;
        v3 ^= last;
        round();
        round();
        v0 ^= last;
        v2 ^= 0xff;
        round();
        round();
        round();
        round();
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private void compress(long m) {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
        tail = 0;
        tailBytes = 0;
    }

    private void round() {
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
}
