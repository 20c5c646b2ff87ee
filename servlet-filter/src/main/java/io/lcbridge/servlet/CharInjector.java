package io.lcbridge.servlet;

import java.io.IOException;
import java.io.Writer;

/**
 * The char twin of {@link ByteInjector}, for responses written through {@code getWriter()}: scans the chars the
 * application writes and writes the snippet right before the marker. Holds back only the chars of a partial marker.
 * What to write, hold or release is decided once, in {@link MarkupScanner#pass}; this class carries it out.
 * Strings are scanned through a 1 KiB scratch array (scanning a {@code char[]} is several times cheaper than
 * {@code String.charAt}) but written out as ranges of the String, as few as the markers allow; arrays are scanned in
 * place.
 */
final class CharInjector extends MarkupScanner {

    private static final int SCRATCH = 1024;

    private final InjectionHooks hooks;
    private final char[] held = new char[MAX_HELD];
    private int heldLength;
    private char[] scratch;

    /** The current region's buffer and sink, set for the duration of one {@code write}. */
    private char[] buffer;

    private Writer out;

    /** While a String is written: the String, where the scratch array's index 0 lies in it, and its pending range. */
    private String string;

    private int base;
    private int pendingFrom;
    private int pendingTo;

    CharInjector(boolean beforeHeadEnd, InjectionHooks hooks) {
        super(beforeHeadEnd);
        this.hooks = hooks;
    }

    void write(char[] c, int off, int len, Writer out) throws IOException {
        buffer = c;
        this.out = out;
        try {
            pass(off, off + len);
        } finally {
            buffer = null;
            this.out = null;
        }
    }

    /**
     * Scans {@code s[off, off+len)} through the scratch array, but writes the page out as ranges of {@code s} itself,
     * in as few calls as the markers allow: containers encode a {@code String} range much faster than a
     * {@code char[]} range (Jetty 12 wraps a {@code char[]} in a {@code CharBuffer} and reads it char by char).
     */
    void write(String s, int off, int len, Writer out) throws IOException {
        if (done()) {
            if (len > 0) {
                out.write(s, off, len);
            }
            return;
        }
        if (scratch == null) {
            scratch = new char[SCRATCH];
        }
        int end = off + len;
        buffer = scratch;
        this.out = out;
        string = s;
        pendingFrom = off;
        pendingTo = off;
        try {
            for (int pos = off; pos < end; ) {
                if (done()) {
                    writeStringRange(pos, end);
                    break;
                }
                int n = Math.min(SCRATCH, end - pos);
                s.getChars(pos, pos + n, scratch, 0);
                if (pos + n < end) {
                    n = afterLastTag(scratch, n);
                }
                base = pos;
                pass(0, n);
                pos += n;
            }
            flushPending();
        } finally {
            buffer = null;
            this.out = null;
            string = null;
        }
    }

    /**
     * Where to end a piece of {@code n} chars of a longer String: right after its last {@code '>'} when that is near
     * the end (the chars after it are copied again as the start of the next piece), so that the piece does not end
     * inside a tag, which would send that tag through the state machine instead of the fast path (on a tag-dense page
     * nearly every 1 KiB piece did). Any split gives the same result; this one is only cheaper.
     */
    private static int afterLastTag(char[] piece, int n) {
        for (int k = n - 1, stop = Math.max(0, n - LOOK_BACK); k >= stop; k--) {
            if (piece[k] == '>') {
                return k + 1;
            }
        }
        return n;
    }

    /** How far back from a piece's end {@link #afterLastTag} looks for a {@code '>'}. */
    private static final int LOOK_BACK = 256;

    void finish(Writer out) throws IOException {
        giveUp();
        this.out = out;
        try {
            releaseHeld();
        } finally {
            this.out = null;
        }
    }

    void discard() {
        giveUp();
        heldLength = 0;
    }

    @Override
    void writeRange(int from, int to) throws IOException {
        if (string != null) {
            writeStringRange(base + from, base + to);
        } else if (to > from) {
            out.write(buffer, from, to - from);
        }
    }

    @Override
    void writeSnippet() throws IOException {
        flushPending();
        Snippet snippet = hooks.snippetAtMarker();
        if (snippet != null) {
            out.write(snippet.html());
        }
    }

    @Override
    void hold(int from, int to) throws IOException {
        flushPending(); // what is pending comes before the held chars
        int n = to - from;
        if (heldLength + n > held.length) {
            throw new IllegalStateException("partial marker longer than " + held.length + " chars");
        }
        System.arraycopy(buffer, from, held, heldLength, n);
        heldLength += n;
    }

    @Override
    void releaseHeld() throws IOException {
        if (heldLength > 0) {
            flushPending();
            int n = heldLength;
            heldLength = 0;
            out.write(held, 0, n);
        }
    }

    /** Adds {@code s[from, to)} to the pending range, which is written in one call when something else comes. */
    private void writeStringRange(int from, int to) throws IOException {
        if (to <= from) {
            return;
        }
        if (from != pendingTo) {
            flushPending();
            pendingFrom = from;
        }
        pendingTo = to;
    }

    private void flushPending() throws IOException {
        if (string != null && pendingTo > pendingFrom) {
            out.write(string, pendingFrom, pendingTo - pendingFrom);
        }
        pendingFrom = pendingTo;
    }

    // ---- this buffer type's primitives (ByteInjector has the byte versions) ----

    @Override
    int at(int i) {
        return buffer[i];
    }

    @Override
    int find(char c, int from, int to) {
        return indexOf(buffer, from, to, c);
    }

    @Override
    int findAngle(int from, int to) {
        char[] a = buffer;
        for (int i = from; i < to; i++) {
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

    /** {@code a[k]} as a char code. */
    private static int ch(char[] a, int k) {
        return a[k];
    }

    /** Index of the first {@code c} in {@code a[from, to)}, or -1. */
    private static int indexOf(char[] a, int from, int to, int c) {
        for (int i = from; i < to; i++) {
            if (a[i] == c) {
                return i;
            }
        }
        return -1;
    }

    /** The next {@code '<'}: a plain search, which a compare in front only slowed down on chars. */
    private static int nextLt(char[] a, int from, int to) {
        return indexOf(a, from, to, '<');
    }

    // ---- fast path: begin. ByteInjector holds the same text with byte[] for char[] (FastPathTwinsTest checks) ----

    @Override
    int skipOrdinaryTags(int from, int to, int endTagMask) {
        char[] a = buffer;
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
    private static int skipOrdinaryTag(char[] a, int lt, int to, int endTagMask) {
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
    private static int nameEnd(char[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (isNameEnd(ch(a, k))) {
                return k;
            }
        }
        return -1;
    }

    /** Whether the start tag name {@code a[from, to)} may be one the state machine must see. */
    private static boolean special(char[] a, int from, int to) {
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
    private static int exactAttributes(char[] a, int p, int to) {
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
