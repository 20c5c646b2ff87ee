package io.lcbridge.servlet;

import java.io.IOException;
import java.io.Writer;

/**
 * The char twin of {@link ByteInjector}, for responses written through {@code getWriter()}: scans the chars the
 * application writes and writes the snippet right before the marker. Holds back only the chars of a partial marker.
 * Strings are scanned through a 1 KiB scratch array (scanning a {@code char[]} is several times cheaper than
 * {@code String.charAt}) but written out as ranges of the String; arrays are scanned in place.
 */
final class CharInjector extends MarkupScanner {

    private static final int SCRATCH = 1024;

    private final InjectionHooks hooks;
    private char[] scratch;
    private final char[] held = new char[MAX_HELD];
    private int heldLength;
    private char[] chars;

    CharInjector(boolean beforeHeadEnd, InjectionHooks hooks) {
        super(beforeHeadEnd);
        this.hooks = hooks;
    }

    void write(char[] c, int off, int len, Writer out) throws IOException {
        if (done()) {
            if (len > 0) {
                out.write(c, off, len);
            }
            return;
        }
        chars = c;
        int marker;
        try {
            marker = scanSafely(off, off + len);
        } finally {
            chars = null;
        }
        emit(marker, off, off + len, out, c);
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
        int written = off; // s[off, written) is out or held; held chars always come right before s[written]
        for (int pos = off; pos < end; ) {
            int n = Math.min(SCRATCH, end - pos);
            s.getChars(pos, pos + n, scratch, 0);
            chars = scratch;
            int marker;
            try {
                marker = scanSafely(0, n);
            } finally {
                chars = null;
            }
            if (marker >= 0) {
                releaseHeld(out);
                writeRange(out, s, written, pos + marker);
                writeSnippet(out);
                written = pos + marker;
            } else if (marker == IN_HELD) {
                writeSnippet(out);
                releaseHeld(out);
            } else {
                int candidate = candidate();
                if (candidate == -1) {
                    releaseHeld(out);
                } else if (candidate == IN_HELD) {
                    hold(scratch, 0, n);
                    written = pos + n;
                } else {
                    releaseHeld(out);
                    writeRange(out, s, written, pos + candidate);
                    hold(scratch, candidate, n);
                    written = pos + n;
                }
            }
            pos += n;
            if (done()) {
                break;
            }
        }
        writeRange(out, s, written, end);
    }

    void finish(Writer out) throws IOException {
        giveUp();
        releaseHeld(out);
    }

    void discard() {
        giveUp();
        heldLength = 0;
    }

    private void emit(int marker, int off, int end, Writer out, char[] c) throws IOException {
        if (marker >= 0) {
            releaseHeld(out);
            writeRange(out, c, off, marker);
            writeSnippet(out);
            writeRange(out, c, marker, end);
        } else if (marker == IN_HELD) {
            writeSnippet(out);
            releaseHeld(out);
            writeRange(out, c, off, end);
        } else {
            int candidate = candidate();
            if (candidate == -1) {
                releaseHeld(out);
                writeRange(out, c, off, end);
            } else if (candidate == IN_HELD) {
                hold(c, off, end);
            } else {
                releaseHeld(out);
                writeRange(out, c, off, candidate);
                hold(c, candidate, end);
            }
        }
    }

    private void writeSnippet(Writer out) throws IOException {
        Snippet snippet = hooks.snippetAtMarker();
        if (snippet != null) {
            out.write(snippet.html());
        }
    }

    private void hold(char[] c, int from, int to) {
        int n = to - from;
        if (heldLength + n > held.length) {
            throw new IllegalStateException("partial marker longer than " + held.length + " chars");
        }
        System.arraycopy(c, from, held, heldLength, n);
        heldLength += n;
    }

    private void releaseHeld(Writer out) throws IOException {
        if (heldLength > 0) {
            int n = heldLength;
            heldLength = 0;
            out.write(held, 0, n);
        }
    }

    private static void writeRange(Writer out, char[] c, int from, int to) throws IOException {
        if (to > from) {
            out.write(c, from, to - from);
        }
    }

    private static void writeRange(Writer out, String s, int from, int to) throws IOException {
        if (to > from) {
            out.write(s, from, to - from);
        }
    }

    @Override
    int at(int i) {
        return chars[i];
    }

    @Override
    int find(char c, int from, int to) {
        return indexOf(chars, from, to, c);
    }

    @Override
    int findAngle(int from, int to) {
        char[] a = chars;
        for (int i = from; i < to; i++) {
            if (a[i] == '<' || a[i] == '>') {
                return i;
            }
        }
        return -1;
    }

    @Override
    int skipOrdinaryTags(int from, int to, int endTagMask) {
        char[] a = chars;
        int i = from;
        while (true) {
            int lt = indexOf(a, i, to, '<');
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

    /** The char twin of {@code ByteInjector.skipOrdinaryTag}. */
    private static int skipOrdinaryTag(char[] a, int lt, int to, int endTagMask) {
        if (lt + 2 >= to) {
            return -1;
        }
        int c = a[lt + 1];
        int d = a[lt + 2];
        int p;
        if (c == '/') {
            if (!isAsciiLetter(d) || (endTagMask >>> ((d | 0x20) - 'a') & 1) != 0) {
                return -1;
            }
            p = lt + 3;
        } else if (!isAsciiLetter(c)) {
            return -1;
        } else if (mayBeSpecial(c, d)) {
            int nameEnd = nameEnd(a, lt + 1, to);
            if (nameEnd < 0 || special(a, lt + 1, nameEnd)) {
                return -1;
            }
            return skipAttributes(a, nameEnd, to);
        } else {
            p = lt + 2;
        }
        int e = findTagEnd(a, p, to);
        if (e < 0) {
            return -1;
        }
        if (a[e] == '>') {
            return e + 1; // no quote before the first '>': the tag ends there wherever its name ends
        }
        int nameEnd = nameEnd(a, p, e);
        if (nameEnd < 0) {
            // the quote at e is part of the name (no name end before it): the name ends later
            nameEnd = nameEnd(a, e, to);
            return nameEnd < 0 ? -1 : skipAttributes(a, nameEnd, to);
        }
        return skipAttributes(a, nameEnd, e, to); // e is already the first '>' or quote after the name's end
    }

    private static int nameEnd(char[] a, int from, int to) {
        for (int k = from; k < to; k++) {
            if (isNameEnd(a[k])) {
                return k;
            }
        }
        return -1;
    }

    private static boolean special(char[] a, int from, int to) {
        int length = to - from;
        if (length < 3 || length > 9) {
            return false;
        }
        long packed = 0;
        for (int k = from; k < Math.min(to, from + 8); k++) {
            char c = a[k];
            if (c > 0x7F) {
                return false; // a name with a non-ASCII char is never one of the special ones
            }
            packed = packed << 8 | lower(c);
        }
        return special(length, packed);
    }

    private static int skipAttributes(char[] a, int from, int to) {
        int e = findTagEnd(a, from, to);
        return e < 0 ? -1 : skipAttributes(a, from, e, to);
    }

    /**
     * {@link #skipAttributes(char[], int, int)} when {@code e}, the first {@code '>'} or quote from {@code from}, is known;
     * {@code from} is in the "before attribute name" state (a tag name's end, or right after a value's closing quote).
     * The usual tag ({@code  class="x" href='y'}) is decided by looking back from each quote; anything unusual goes to
     * {@link #exactAttributes}, the attribute states spelt out.
     */
    private static int skipAttributes(char[] a, int from, int e, int to) {
        while (true) {
            if (a[e] == '>') {
                return e + 1; // no quote since a before-attribute-name state: nothing hides this '>'
            }
            if (!opensValue(a, from, e)) {
                return exactAttributes(a, from, to);
            }
            int q = indexOf(a, e + 1, to, a[e]);
            if (q < 0) {
                return -1;
            }
            from = q + 1;
            if (from < to && a[from] == '>') {
                return from + 1; // the usual end of a tag: its last value's closing quote, then '>'
            }
            e = findTagEnd(a, from, to);
            if (e < 0) {
                return -1;
            }
        }
    }

    /**
     * Whether the quote at {@code e} opens a value, for the usual shape only: {@code [from, e)} (no quote, no
     * {@code '>'}, starting in the before-attribute-name state) ends in {@code name = } (spaces allowed around the
     * {@code '='}), and what comes before that name, past whitespace and {@code '/'}, is the start or anything but
     * {@code '='} (after an {@code '='}, the "name" would be an unquoted value). {@code false} means "not sure": the
     * caller then runs the exact states.
     */
    private static boolean opensValue(char[] a, int from, int e) {
        int k = e - 1;
        while (k >= from && isWhitespace(a[k])) {
            k--;
        }
        if (k < from || a[k] != '=') {
            return false;
        }
        k--;
        while (k >= from && isWhitespace(a[k])) {
            k--;
        }
        int nameLast = k;
        while (k >= from && !endsAttributeName(a[k])) {
            k--;
        }
        if (k == nameLast) {
            return false;
        }
        while (k >= from && (isWhitespace(a[k]) || a[k] == '/')) {
            k--;
        }
        return k < from || a[k] != '=';
    }

    /** The char twin of {@code ByteInjector.exactAttributes}: the WHATWG attribute states, line for line. */
    private static int exactAttributes(char[] a, int p, int to) {
        while (true) {
            int c;
            // before attribute name (also after a quoted value, and after '/')
            do {
                if (p >= to) {
                    return -1;
                }
                c = a[p++];
            } while (isWhitespace(c) || c == '/');
            if (c == '>') {
                return p;
            }
            // attribute name: its first char is taken whatever it is, '=' included
            do {
                if (p >= to) {
                    return -1;
                }
                c = a[p++];
            } while (c != '=' && c != '>' && c != '/' && !isWhitespace(c));
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
                    c = a[p++];
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
                c = a[p++];
            } while (isWhitespace(c));
            if (c == '"' || c == '\'') {
                int q = indexOf(a, p, to, (char) c);
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
                    c = a[p++];
                }
            }
        }
    }

    private static int indexOf(char[] a, int from, int to, char c) {
        for (int i = from; i < to; i++) {
            if (a[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static int findTagEnd(char[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = a[i];
            if (c == '>' || c == '"' || c == '\'') {
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
}
