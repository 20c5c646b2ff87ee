package io.lcbridge.servlet;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Streams bytes to {@code out}, writing the snippet right before the marker the {@link MarkupScanner} finds. What to
 * write, hold or release is decided once, in {@link MarkupScanner#pass}; this class carries it out. Holds back only
 * the bytes of a partial marker ({@code "</bo"} at the end of a write, at most {@value MarkupScanner#MAX_HELD} bytes);
 * everything else is written in the same call. The searches for a {@code '<'} or a closing quote run eight bytes at a
 * time (SWAR over little-endian longs); on a tag-dense page the cost is set by the number of tags, not by the bytes
 * (docs/PERFORMANCE.md has the figures against a copy). Each ordinary tag is read once, forwards, through the
 * attribute states ({@code exactAttributes}): a tag name or an attribute name ends at a one-compare bit test, and no
 * char is read twice (an earlier version searched ahead for the first {@code '>'} or quote and then looked back from
 * each quote, which read the attributes two or three times; docs/PERFORMANCE-HISTORY.md). Where the next
 * {@code '<'} is usually at hand (right after a tag) one plain compare comes before the SWAR search.
 */
final class ByteInjector extends MarkupScanner {

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long GT = '>' * ONES;
    private static final long LT = '<' * ONES;

    private final InjectionHooks hooks;
    private final byte[] held = new byte[MAX_HELD];
    private int heldLength;
    /** The current region's buffer and sink, set for the duration of one {@link #write}. */
    private byte[] buffer;

    private OutputStream out;

    ByteInjector(boolean beforeHeadEnd, InjectionHooks hooks) {
        super(beforeHeadEnd);
        this.hooks = hooks;
    }

    /** Scans and writes {@code b[off, off+len)} to {@code out}. */
    void write(byte[] b, int off, int len, OutputStream out) throws IOException {
        buffer = b;
        this.out = out;
        try {
            pass(off, off + len);
        } finally {
            buffer = null;
            this.out = null;
        }
    }

    /** Stops injecting; releases the held bytes so nothing is lost. Later writes pass straight through. */
    void finish(OutputStream out) throws IOException {
        giveUp();
        this.out = out;
        try {
            releaseHeld();
        } finally {
            this.out = null;
        }
    }

    /** Stops injecting and forgets the held bytes (the response buffer was cleared). */
    void discard() {
        giveUp();
        heldLength = 0;
    }

    @Override
    void writeRange(int from, int to) throws IOException {
        if (to > from) {
            out.write(buffer, from, to - from);
        }
    }

    @Override
    void writeSnippet() throws IOException {
        Snippet snippet = hooks.snippetAtMarker();
        if (snippet != null) {
            out.write(snippet.ascii());
        }
    }

    @Override
    void hold(int from, int to) throws IOException {
        int n = to - from;
        if (heldLength + n > held.length) {
            throw new IllegalStateException("partial marker longer than " + held.length + " bytes");
        }
        System.arraycopy(buffer, from, held, heldLength, n);
        heldLength += n;
    }

    @Override
    void releaseHeld() throws IOException {
        if (heldLength > 0) {
            int n = heldLength;
            heldLength = 0;
            out.write(held, 0, n);
        }
    }

    // ---- this buffer type's primitives (CharInjector has the char versions) ----

    @Override
    int at(int i) {
        return buffer[i] & 0xFF;
    }

    @Override
    int find(char c, int from, int to) {
        return indexOf(buffer, from, to, c);
    }

    @Override
    int findAngle(int from, int to) {
        byte[] a = buffer;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long v = (long) LONGS.get(a, i);
            long hits = zeroBytes(v ^ LT) | zeroBytes(v ^ GT);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == '<' || a[i] == '>') {
                return i;
            }
        }
        return -1;
    }

    @Override
    boolean onArmed() {
        return hooks.armed();
    }

    @Override
    void onScanFailure(RuntimeException e) {
        hooks.scanFailed(e);
    }

    /** {@code a[k]} as an unsigned char code. */
    private static int ch(byte[] a, int k) {
        return a[k] & 0xFF;
    }

    /** Index of the first {@code c} (ASCII) in {@code a[from, to)}, or -1; eight bytes per step. */
    static int indexOf(byte[] a, int from, int to, int c) {
        long pattern = (c & 0xFFL) * ONES;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long hits = zeroBytes((long) LONGS.get(a, i) ^ pattern);
            if (hits != 0) {
                return i + (Long.numberOfTrailingZeros(hits) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (a[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /**
     * {@link #indexOf} of the next {@code '<'}, when a tag right after a tag is common: one predictable compare first
     * instead of a search whose result the next step waits for.
     */
    private static int nextLt(byte[] a, int from, int to) {
        return from < to && a[from] == '<' ? from : indexOf(a, from, to, '<');
    }

    /**
     * High bit set in each byte lane of {@code v} that is zero. Lanes above the first zero may be flagged falsely
     * (borrow), but the lowest flagged lane is always exact, which is all a first-match search needs.
     */
    private static long zeroBytes(long v) {
        return (v - ONES) & ~v & HIGHS;
    }

    // ---- fast path: begin. CharInjector holds the same text with char[] for byte[] (FastPathTwinsTest checks) ----

    @Override
    int skipOrdinaryTags(int from, int to, int endTagMask) {
        byte[] a = buffer;
        int i = from;
        while (true) {
            int lt = nextLt(a, i, to);
            if (lt < 0) {
                return -1;
            }
            int after = skipOrdinaryTag(a, lt, to, endTagMask);
            if (after < 0) {
                return lt;
            }
            i = after;
        }
    }

    /** The index after the {@code '>'} of the ordinary tag at {@code lt}, or -1 (see {@link #skipOrdinaryTags}). */
    private static int skipOrdinaryTag(byte[] a, int lt, int to, int endTagMask) {
        if (lt + 2 >= to) {
            return -1;
        }
        int c = ch(a, lt + 1);
        int d = ch(a, lt + 2);
        if (c == '/') {
            if (!isAsciiLetter(d) || (endTagMask >>> ((d | 0x20) - 'a') & 1) != 0) {
                return -1;
            }
            int nameEnd = nameEnd(a, lt + 3, to);
            return nameEnd < 0 ? -1 : exactAttributes(a, nameEnd, to);
        }
        if (!isAsciiLetter(c)) {
            return -1;
        }
        int nameEnd = nameEnd(a, lt + 2, to);
        if (nameEnd < 0 || (mayBeSpecial(c, d) && special(a, lt + 1, nameEnd))) {
            return -1;
        }
        return exactAttributes(a, nameEnd, to);
    }

    /** Index of the first char that ends a tag name in {@code [from, to)}, or -1. */
    private static int nameEnd(byte[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (isNameEnd(ch(a, k))) {
                return k;
            }
        }
        return -1;
    }

    /** Whether the start tag name {@code a[from, to)} may be one the state machine must see. */
    private static boolean special(byte[] a, int from, int to) {
        int length = to - from;
        if (length < 3 || length > 9) {
            return false;
        }
        long packed = 0;
        for (int k = from; k < Math.min(to, from + 8); k++) {
            int c = ch(a, k);
            if (c > 0x7F) {
                return false; // a name with a non-ASCII char is never one of the special ones
            }
            packed = packed << 8 | lower(c);
        }
        return special(length, packed);
    }

    /**
     * The WHATWG attribute states from a tag name's end {@code p} (HTML whitespace, {@code '/'} or {@code '>'}): the
     * index after the tag's {@code '>'}, or -1 when the tag does not end in {@code [p, to)}. One forward pass: a quote
     * opens a value only in the "before attribute value" state (see {@link MarkupScanner#skipOrdinaryTags}).
     */
    private static int exactAttributes(byte[] a, int p, int to) {
        while (true) {
            int c;
            // before attribute name (also after a quoted value, and after '/')
            do {
                if (p >= to) {
                    return -1;
                }
                c = ch(a, p++);
            } while (isSpaceOrSlash(c));
            if (c == '>') {
                return p;
            }
            // attribute name: its first char is taken whatever it is, '=' included
            do {
                if (p >= to) {
                    return -1;
                }
                c = ch(a, p++);
            } while (!endsAttributeName(c));
            if (c == '>') {
                return p;
            }
            if (c == '/') {
                continue;
            }
            if (c != '=') {
                // after attribute name
                do {
                    if (p >= to) {
                        return -1;
                    }
                    c = ch(a, p++);
                } while (isWhitespace(c));
                if (c == '>') {
                    return p;
                }
                if (c != '=') {
                    p--; // '/' or the first char of the next attribute's name
                    continue;
                }
            }
            // before attribute value
            do {
                if (p >= to) {
                    return -1;
                }
                c = ch(a, p++);
            } while (isWhitespace(c));
            if (c == '"' || c == '\'') {
                int q = indexOf(a, p, to, c);
                if (q < 0) {
                    return -1;
                }
                p = q + 1;
                if (p < to && a[p] == '>') {
                    return p + 1; // the usual end of a tag: its last value's closing quote, then '>'
                }
            } else if (c == '>') {
                return p;
            } else {
                // unquoted value, up to whitespace or '>'
                while (!isWhitespace(c)) {
                    if (c == '>') {
                        return p;
                    }
                    if (p >= to) {
                        return -1;
                    }
                    c = ch(a, p++);
                }
            }
        }
    }

    // ---- fast path: end ----
}
