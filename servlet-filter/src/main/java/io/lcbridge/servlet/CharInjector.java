package io.lcbridge.servlet;

import java.io.IOException;
import java.io.Writer;

/**
 * The char twin of {@link ByteInjector}, for responses written through {@code getWriter()}: scans the chars the
 * application writes and writes the snippet right before the marker. Holds back only the chars of a partial marker.
 * Strings are scanned through a 1 KiB scratch array (scanning a {@code char[]} is several times cheaper than
 * {@code String.charAt}); arrays are scanned in place.
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

    void write(String s, int off, int len, Writer out) throws IOException {
        if (done()) {
            if (len > 0) {
                out.write(s, off, len);
            }
            return;
        }
        // scanning a char[] is much cheaper than String.charAt; a small copy buys that
        if (scratch == null) {
            scratch = new char[SCRATCH];
        }
        for (int pos = off, end = off + len; pos < end && !done(); ) {
            int n = Math.min(SCRATCH, end - pos);
            s.getChars(pos, pos + n, scratch, 0);
            write(scratch, 0, n, out);
            pos += n;
            if (done() && pos < end) {
                out.write(s, pos, end - pos);
            }
        }
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

    @Override
    int at(int i) {
        return chars[i];
    }

    @Override
    int find(char c, int from, int to) {
        char[] a = chars;
        for (int i = from; i < to; i++) {
            if (a[i] == c) {
                return i;
            }
        }
        return -1;
    }

    @Override
    int findTagEnd(int from, int to) {
        char[] a = chars;
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
