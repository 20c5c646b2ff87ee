package io.lcbridge.servlet;

import java.nio.charset.Charset;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, from the first bytes of a page whose {@code Content-Type} names no charset, whether a browser will decode
 * it with an ASCII-compatible encoding (so an ASCII snippet inserted between two tags stays ASCII text), the way
 * browsers do: a byte order mark first, then the WHATWG HTML "prescan a byte stream to determine its encoding"
 * algorithm over the first {@value #WINDOW} bytes ({@code <meta charset>} and
 * {@code <meta http-equiv="Content-Type" content="...charset=...">}, skipping comments and other tags' attributes).
 *
 * <p>Verdicts: a BOM or a declared charset decides; without either, the page counts as ASCII-compatible unless its
 * first {@value #WINDOW} bytes contain ESC or NUL bytes (ISO-2022-* and UTF-16/32 without a BOM, which a browser's
 * encoding detector may recognise), which count as not compatible. A declared charset counts only when it is on the
 * allow list ({@link #asciiCompatible}); a label this class cannot place counts as not compatible (a browser might
 * ignore it, but skipping a page is the safe mistake). Feed it the page's bytes in order; it copies at most
 * {@value #WINDOW} of them.
 */
final class MetaCharsetPrescan {

    /** How many bytes browsers prescan. */
    static final int WINDOW = 1024;

    enum Verdict {
        /** Not enough bytes yet. */
        PENDING,
        ASCII_COMPATIBLE,
        NOT_ASCII_COMPATIBLE
    }

    private final byte[] window = new byte[WINDOW];
    private int length;
    private Verdict verdict = Verdict.PENDING;

    /** The bytes seen so far (at most {@value #WINDOW}), for a caller that held them back. */
    byte[] window() {
        return window;
    }

    int length() {
        return length;
    }

    Verdict verdict() {
        return verdict;
    }

    /**
     * Copies the part of {@code b[off, off+len)} that fits the window and updates the verdict.
     *
     * @return how many of the bytes were copied into the window
     */
    int feed(byte[] b, int off, int len) {
        if (verdict != Verdict.PENDING) {
            return 0;
        }
        int taken = Math.min(len, WINDOW - length);
        System.arraycopy(b, off, window, length, taken);
        int from = length;
        length += taken;
        if (length == WINDOW) {
            verdict = decide(true);
        } else if (bomDecides() || containsTagEnd(from)) {
            verdict = decide(false);
        }
        return taken;
    }

    /** No more bytes will come: decides on what was seen. */
    Verdict end() {
        if (verdict == Verdict.PENDING) {
            verdict = decide(true);
        }
        return verdict;
    }

    private boolean bomDecides() {
        return length >= 2 && bom() != null;
    }

    private boolean containsTagEnd(int from) {
        for (int i = from; i < length; i++) {
            if (window[i] == '>') {
                return true; // a <meta> is only acted on at its '>'
            }
        }
        return false;
    }

    private Verdict decide(boolean complete) {
        Verdict byBom = bom();
        if (byBom != null) {
            return byBom;
        }
        String declared = prescan(window, length);
        if (declared != null) {
            return labelIsAsciiCompatible(declared) ? Verdict.ASCII_COMPATIBLE : Verdict.NOT_ASCII_COMPATIBLE;
        }
        if (!complete) {
            return Verdict.PENDING;
        }
        for (int i = 0; i < length; i++) {
            if (window[i] == 0x1B || window[i] == 0) {
                return Verdict.NOT_ASCII_COMPATIBLE;
            }
        }
        return Verdict.ASCII_COMPATIBLE;
    }

    private Verdict bom() {
        if (length >= 3 && (window[0] & 0xFF) == 0xEF && (window[1] & 0xFF) == 0xBB && (window[2] & 0xFF) == 0xBF) {
            return Verdict.ASCII_COMPATIBLE;
        }
        if (length >= 2
                && (((window[0] & 0xFF) == 0xFE && (window[1] & 0xFF) == 0xFF)
                        || ((window[0] & 0xFF) == 0xFF && (window[1] & 0xFF) == 0xFE))) {
            return Verdict.NOT_ASCII_COMPATIBLE;
        }
        return null;
    }

    // ---------------------------------------------------------------- the WHATWG prescan

    /**
     * The charset label the WHATWG prescan finds in {@code b[0, end)}, or {@code null} when it finds none there (it
     * may still find one in later bytes when the data ran out mid-construct).
     */
    static String prescan(byte[] b, int end) {
        int p = 0;
        while (p < end) {
            if (startsWith(b, end, p, "<!--")) {
                int close = indexOf(b, end, p + 2, "-->");
                if (close < 0) {
                    return null;
                }
                p = close + 3;
                continue;
            }
            if (startsWithIgnoreCase(b, end, p, "<meta") && p + 5 < end && isSpaceOrSlash(b[p + 5])) {
                Meta meta = new Meta(b, end, p + 6);
                String found = meta.charset();
                if (meta.ranOut) {
                    return null;
                }
                if (found != null) {
                    return found;
                }
                p = meta.position + 1;
                continue;
            }
            if (b[p] == '<'
                    && p + 1 < end
                    && (isLetter(b[p + 1]) || b[p + 1] == '/' && p + 2 < end && isLetter(b[p + 2]))) {
                int q = p + (b[p + 1] == '/' ? 2 : 1);
                while (q < end && !isSpace(b[q]) && b[q] != '>') {
                    q++;
                }
                Attributes attributes = new Attributes(b, end, q);
                while (attributes.next()) {
                    // skipped: only <meta> attributes count
                }
                if (attributes.ranOut) {
                    return null;
                }
                p = attributes.position + 1;
                continue;
            }
            if (b[p] == '<' && p + 1 < end && (b[p + 1] == '!' || b[p + 1] == '/' || b[p + 1] == '?')) {
                int close = indexOf(b, end, p + 2, ">");
                if (close < 0) {
                    return null;
                }
                p = close + 1;
                continue;
            }
            p++;
        }
        return null;
    }

    /** The attributes of a {@code <meta>}: charset, or http-equiv=content-type with a charset in content. */
    private static final class Meta {
        private final Attributes attributes;
        int position;
        boolean ranOut;

        Meta(byte[] b, int end, int start) {
            this.attributes = new Attributes(b, end, start);
        }

        String charset() {
            Set<String> seen = new java.util.HashSet<>();
            boolean gotPragma = false;
            Boolean needPragma = null;
            String charset = null;
            while (attributes.next()) {
                String name = attributes.name.toString();
                if (!seen.add(name)) {
                    continue;
                }
                String value = attributes.value.toString();
                switch (name) {
                    case "http-equiv" -> gotPragma |= value.equals("content-type");
                    case "content" -> {
                        if (charset == null) {
                            String extracted = extractFromContent(value);
                            if (extracted != null) {
                                charset = extracted;
                                needPragma = Boolean.TRUE;
                            }
                        }
                    }
                    case "charset" -> {
                        charset = value;
                        needPragma = Boolean.FALSE;
                    }
                    default -> {}
                }
            }
            position = attributes.position;
            ranOut = attributes.ranOut;
            if (ranOut || needPragma == null || (needPragma && !gotPragma) || charset == null) {
                return null;
            }
            String label = charset.strip();
            return label.isEmpty() ? null : label;
        }
    }

    /** WHATWG "get an attribute", repeatedly; names and values lower-cased as the algorithm does. */
    private static final class Attributes {
        private final byte[] b;
        private final int end;
        int position;
        boolean ranOut;
        final StringBuilder name = new StringBuilder();
        final StringBuilder value = new StringBuilder();

        Attributes(byte[] b, int end, int start) {
            this.b = b;
            this.end = end;
            this.position = start;
        }

        /** Reads the next attribute; {@code false} at the tag's {@code >} or when the bytes ran out. */
        boolean next() {
            name.setLength(0);
            value.setLength(0);
            while (position < end && (isSpace(b[position]) || b[position] == '/')) {
                position++;
            }
            if (position >= end) {
                ranOut = true;
                return false;
            }
            if (b[position] == '>') {
                return false;
            }
            while (true) { // the name
                if (position >= end) {
                    ranOut = true;
                    return false;
                }
                byte c = b[position];
                if (c == '=' && name.length() > 0) {
                    position++;
                    break;
                }
                if (isSpace(c)) {
                    while (position < end && isSpace(b[position])) {
                        position++;
                    }
                    if (position >= end) {
                        ranOut = true;
                        return false;
                    }
                    if (b[position] != '=') {
                        return true; // a name without a value; the position stays on the next byte
                    }
                    position++;
                    break;
                }
                if (c == '/' || c == '>') {
                    return true;
                }
                name.append(lower(c));
                position++;
            }
            while (position < end && isSpace(b[position])) {
                position++;
            }
            if (position >= end) {
                ranOut = true;
                return false;
            }
            byte c = b[position];
            if (c == '"' || c == '\'') {
                byte quote = c;
                position++;
                while (position < end && b[position] != quote) {
                    value.append(lower(b[position]));
                    position++;
                }
                if (position >= end) {
                    ranOut = true;
                    return false;
                }
                position++;
                return true;
            }
            if (c == '>') {
                return true;
            }
            while (position < end && !isSpace(b[position]) && b[position] != '>') {
                value.append(lower(b[position]));
                position++;
            }
            if (position >= end) {
                ranOut = true;
                return false;
            }
            return true;
        }
    }

    /** WHATWG "extract a character encoding from a meta element", on an already lower-cased value. */
    static String extractFromContent(String s) {
        int p = 0;
        while (true) {
            int at = s.indexOf("charset", p);
            if (at < 0) {
                return null;
            }
            int q = at + 7;
            while (q < s.length() && isSpace((byte) s.charAt(q))) {
                q++;
            }
            if (q >= s.length() || s.charAt(q) != '=') {
                p = at + 7;
                continue;
            }
            q++;
            while (q < s.length() && isSpace((byte) s.charAt(q))) {
                q++;
            }
            if (q >= s.length()) {
                return null;
            }
            char c = s.charAt(q);
            if (c == '"' || c == '\'') {
                int close = s.indexOf(c, q + 1);
                return close < 0 ? null : s.substring(q + 1, close);
            }
            int stop = q;
            while (stop < s.length() && !isSpace((byte) s.charAt(stop)) && s.charAt(stop) != ';') {
                stop++;
            }
            return s.substring(q, stop);
        }
    }

    // ---------------------------------------------------------------- which charsets are safe

    private static final int CACHE_LIMIT = 64;
    private static final Map<String, Boolean> ASCII_COMPATIBLE = new ConcurrentHashMap<>();

    /** Labels a {@code <meta>} may carry that browsers read as UTF-8 (the prescan turns UTF-16 into UTF-8). */
    private static final Set<String> META_UTF8 = Set.of(
            "utf-16",
            "utf-16le",
            "utf-16be",
            "unicodefffe",
            "unicodefeff",
            "csunicode",
            "iso-10646-ucs-2",
            "ucs-2",
            "unicode",
            "x-user-defined");

    private static boolean labelIsAsciiCompatible(String label) {
        String l = label.strip().toLowerCase(Locale.ROOT);
        return META_UTF8.contains(l) || asciiCompatible(l);
    }

    /**
     * UTF-8, US-ASCII, ISO-8859-x and windows-125x: charsets where ASCII bytes always mean ASCII chars. Decisions are
     * remembered per label in a small bounded map (a response used to cost a charset lookup and an upper-casing).
     */
    static boolean asciiCompatible(String encoding) {
        if (encoding == null) {
            return true; // the Servlet default, ISO-8859-1
        }
        Boolean cached = ASCII_COMPATIBLE.get(encoding);
        if (cached != null) {
            return cached;
        }
        boolean compatible = lookUp(encoding);
        if (ASCII_COMPATIBLE.size() < CACHE_LIMIT) {
            ASCII_COMPATIBLE.put(encoding, compatible);
        }
        return compatible;
    }

    /** How many decisions {@link #asciiCompatible} remembers now (for tests). */
    static int cachedDecisions() {
        return ASCII_COMPATIBLE.size();
    }

    private static boolean lookUp(String encoding) {
        String name;
        try {
            name = Charset.forName(encoding.trim()).name().toUpperCase(Locale.ROOT);
        } catch (RuntimeException e) {
            return false;
        }
        return name.equals("UTF-8")
                || name.equals("US-ASCII")
                || name.startsWith("ISO-8859-")
                || name.startsWith("WINDOWS-125");
    }

    // ---------------------------------------------------------------- bytes

    private static boolean startsWith(byte[] b, int end, int p, String s) {
        if (p + s.length() > end) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[p + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean startsWithIgnoreCase(byte[] b, int end, int p, String lower) {
        if (p + lower.length() > end) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            if (lower(b[p + i]) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int end, int from, String s) {
        for (int i = from; i + s.length() <= end; i++) {
            if (startsWith(b, end, i, s)) {
                return i;
            }
        }
        return -1;
    }

    private static char lower(byte c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : (char) (c & 0xFF);
    }

    private static boolean isLetter(byte c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isSpace(byte c) {
        return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
    }

    private static boolean isSpaceOrSlash(byte c) {
        return isSpace(c) || c == '/';
    }
}
