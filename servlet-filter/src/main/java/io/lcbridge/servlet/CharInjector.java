package io.lcbridge.servlet;

import java.io.IOException;
import java.io.Writer;

/**
 * The char twin of {@link ByteInjector}, for responses written through {@code getWriter()}: scans the chars the
 * application writes (from a {@code char[]} or a {@code String}) and writes the snippet right before the marker.
 * Holds back only the chars of a partial marker.
 */
final class CharInjector extends MarkupScanner {

    private final InjectionHooks hooks;
    private final char[] held = new char[MAX_HELD];
    private int heldLength;
    private char[] chars;
    private String string;
    /** When scanning a String region that runs to the string's end, {@code String.indexOf} (vectorised) is used. */
    private int stringEnd;

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
        emit(marker, off, off + len, out, c, null);
    }

    void write(String s, int off, int len, Writer out) throws IOException {
        if (done()) {
            if (len > 0) {
                out.write(s, off, len);
            }
            return;
        }
        string = s;
        stringEnd = s.length();
        int marker;
        try {
            marker = scanSafely(off, off + len);
        } finally {
            string = null;
        }
        emit(marker, off, off + len, out, null, s);
    }

    void finish(Writer out) throws IOException {
        giveUp();
        releaseHeld(out);
    }

    void discard() {
        giveUp();
        heldLength = 0;
    }

    private void emit(int marker, int off, int end, Writer out, char[] c, String s) throws IOException {
        if (marker >= 0) {
            releaseHeld(out);
            writeRange(out, c, s, off, marker);
            writeSnippet(out);
            writeRange(out, c, s, marker, end);
        } else if (marker == IN_HELD) {
            writeSnippet(out);
            releaseHeld(out);
            writeRange(out, c, s, off, end);
        } else {
            int candidate = candidate();
            if (candidate == -1) {
                releaseHeld(out);
                writeRange(out, c, s, off, end);
            } else if (candidate == IN_HELD) {
                hold(c, s, off, end);
            } else {
                releaseHeld(out);
                writeRange(out, c, s, off, candidate);
                hold(c, s, candidate, end);
            }
        }
    }

    private void writeSnippet(Writer out) throws IOException {
        Snippet snippet = hooks.snippetAtMarker();
        if (snippet != null) {
            out.write(snippet.html());
        }
    }

    private void hold(char[] c, String s, int from, int to) {
        int n = to - from;
        if (heldLength + n > held.length) {
            throw new IllegalStateException("partial marker longer than " + held.length + " chars");
        }
        if (c != null) {
            System.arraycopy(c, from, held, heldLength, n);
        } else {
            s.getChars(from, to, held, heldLength);
        }
        heldLength += n;
    }

    private void releaseHeld(Writer out) throws IOException {
        if (heldLength > 0) {
            int n = heldLength;
            heldLength = 0;
            out.write(held, 0, n);
        }
    }

    private static void writeRange(Writer out, char[] c, String s, int from, int to) throws IOException {
        if (to > from) {
            if (c != null) {
                out.write(c, from, to - from);
            } else {
                out.write(s, from, to - from);
            }
        }
    }

    @Override
    int at(int i) {
        return chars != null ? chars[i] : string.charAt(i);
    }

    @Override
    int find(char c, int from, int to) {
        if (chars == null && to == stringEnd) {
            return string.indexOf(c, from);
        }
        if (chars != null) {
            char[] a = chars;
            for (int i = from; i < to; i++) {
                if (a[i] == c) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (string.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }

    @Override
    int findTagEnd(int from, int to) {
        for (int i = from; i < to; i++) {
            int c = at(i);
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
