package io.lcbridge.servlet;

/**
 * A streaming, allocation-free HTML tokenizer that finds the first <em>real</em> end tag of the target
 * element ({@code </body>} or {@code </head>}) while the page passes through in chunks.
 *
 * <p>It follows the HTML tokenizer just far enough to be right about what it is looking for:
 * comments ({@code <!-- -->}, including {@code <!-->}), CDATA sections, bogus comments ({@code <!DOCTYPE>},
 * {@code <?...>}), raw text and RCDATA elements ({@code <script>}, {@code <style>}, {@code <textarea>},
 * {@code <title>}, ...) and quoted attribute values are skipped (after {@code <plaintext>} the scanner gives up: browsers
 * read the rest of the page as text); tag names are matched case-insensitively;
 * an end tag may carry whitespace or attributes before its {@code >} ({@code </body >}, {@code </BODY\n>}).
 * The end tag only counts after the element's start tag was seen ({@code <body ...>}; for {@code head},
 * {@code <head ...>}), so HTML fragments never match. When the target is {@code head} and a {@code <body>} start
 * tag shows up first (the page omitted {@code </head>}), the target falls back to {@code </body>}.
 *
 * <p>State diagram (only the transitions that matter; every state survives a chunk boundary):
 * <pre>
 *  DATA --'&lt;'--&gt; TAG_OPEN --letter--&gt; TAG_NAME --ws,/--&gt; ATTRS --'&gt;'--&gt; DATA | RAW(name)
 *                    |  '/'--&gt; END_TAG_OPEN --letter--&gt; END_TAG_NAME --ws,/,&gt;--&gt; [marker?] ATTRS
 *                    |  '!'--&gt; DECL --"--"--&gt; COMMENT --"--&gt;"--&gt; DATA
 *                    |               --"[CDATA["--&gt; CDATA --"]]&gt;"--&gt; DATA
 *                    |               --other--&gt; BOGUS --'&gt;'--&gt; DATA
 *  ATTRS --'="'--&gt; QUOTED --'"'--&gt; ATTRS
 *  RAW --"&lt;/name"+ws,/,&gt;--&gt; ATTRS (end tag)
 * </pre>
 *
 * <p>Nearly every tag of a page is an ordinary one ({@code <td class="x">}, {@code </a>}): in DATA the subclass skips
 * those in a tight loop over its own buffer type ({@link #skipOrdinaryTags}: bytes with 8-bytes-at-a-time searches,
 * chars with plain loops), deciding exactly as this state machine would, and hands every other {@code '<'} (and
 * any tag cut by the end of a region) to the state machine. Which path a tag takes never changes the result;
 * {@code StreamingInjectorTest} checks that whole-page writes (fast path) and byte-by-byte writes (state machine
 * only) agree on thousands of random tag-heavy pages.
 *
 * <p>Not thread-safe: one instance per response.
 */
abstract class MarkupScanner {

    /** {@link #scan} result: no marker ended in this region. */
    static final int NO_MARKER = -1;
    /** {@link #scan} result / {@link #candidate()} value: the marker started in bytes held from earlier regions. */
    static final int IN_HELD = -2;

    /** Longest partial marker ever held back: {@code "</body"} or {@code "</head"}. */
    static final int MAX_HELD = 6;

    private static final int DATA = 0;
    private static final int TAG_OPEN = 1;
    private static final int END_TAG_OPEN = 2;
    private static final int TAG_NAME = 3;
    private static final int END_TAG_NAME = 4;
    private static final int ATTRS = 5;
    private static final int QUOTED = 6;
    private static final int DECL = 7;
    private static final int COMMENT = 8;
    private static final int CDATA = 9;
    private static final int BOGUS = 10;
    private static final int RAW = 11;
    private static final int RAW_LT = 12;
    private static final int RAW_END = 13;
    /** Terminal: injected, or gave up. Everything else passes through unscanned. */
    private static final int DONE = 14;

    private static final char[] BODY = {'b', 'o', 'd', 'y'};
    private static final char[] HEAD = {'h', 'e', 'a', 'd'};
    /** Browsers never leave {@code <plaintext>}: everything after its start tag is text, so no real marker follows. */
    private static final char[] PLAINTEXT = "plaintext".toCharArray();

    private static final char[][] RAW_TEXT_ELEMENTS = {
        "script".toCharArray(), "style".toCharArray(), "textarea".toCharArray(), "title".toCharArray(),
        "xmp".toCharArray(), "iframe".toCharArray(), "noembed".toCharArray(), "noframes".toCharArray(),
        "noscript".toCharArray(), PLAINTEXT
    };
    private static final char[] CDATA_OPEN = "[CDATA[".toCharArray();
    private static final int NAME_MAX = 10;

    private int state = DATA;
    private final char[] name = new char[NAME_MAX];
    private int nameLength;
    private boolean nameOverflow;
    /** Raw text element whose start tag is being read (entered after its '>'), or the one we are inside. */
    private char[] raw;

    private int rawMatched;
    private char quote;
    /** Last non-whitespace char seen in ATTRS before the current region (to tell a value's opening quote). */
    private char previousSignificant;

    private int declMatched;
    private boolean declCdata;
    /** Run of '-' (comment) or ']' (CDATA) that ended the previous region. */
    private int closerRun;

    private char[] target;
    private boolean armed;
    /** Index in the current region where a possible marker starts, {@link #IN_HELD}, or -1. */
    private int candidate = -1;

    MarkupScanner(boolean beforeHeadEnd) {
        this.target = beforeHeadEnd ? HEAD : BODY;
    }

    /** Char at index {@code i} of the current region's buffer (0..0xFFFF; bytes as unsigned). */
    abstract int at(int i);

    /** Index of the first {@code c} in {@code [from, to)} of the current buffer, or -1. */
    abstract int find(char c, int from, int to);

    /** Index of the first {@code '>'}, {@code '"'} or {@code '\''} in {@code [from, to)}, or -1. */
    abstract int findTagEnd(int from, int to);

    /**
     * Called once, when the start tag that makes the target end tag a real one was seen. Returns {@code false} to
     * give up on this response (the rest passes through untouched).
     */
    abstract boolean onArmed();

    /** Told about a failure inside the scan (a bug, or a failing hook); the scanner has given up by then. */
    abstract void onScanFailure(RuntimeException e);

    /** {@link #scan}, but a failure gives up on injection instead of breaking the page. */
    final int scanSafely(int from, int to) {
        try {
            return scan(from, to);
        } catch (RuntimeException e) {
            giveUp();
            onScanFailure(e);
            return NO_MARKER;
        }
    }

    /** Whether scanning has finished (injected or gave up); the caller passes everything through. */
    final boolean done() {
        return state == DONE;
    }

    /** Stops scanning for good: the caller releases held bytes and passes everything through. */
    final void giveUp() {
        state = DONE;
        candidate = -1;
    }

    /** After {@link #scan} returned {@link #NO_MARKER}: where the held-back partial marker begins, if any. */
    final int candidate() {
        return candidate;
    }

    /**
     * Scans {@code [from, to)} of the current buffer.
     *
     * @return the index of the {@code '<'} of the marker when it ends in this region, {@link #IN_HELD} when that
     *         {@code '<'} lies in bytes held back from earlier regions, or {@link #NO_MARKER}. After a marker the
     *         scanner is {@linkplain #done() done}.
     */
    final int scan(int from, int to) {
        if (candidate != -1) {
            candidate = IN_HELD;
        }
        int i = from;
        int attrsFrom = from;
        while (i < to) {
            switch (state) {
                case DATA -> {
                    // ordinary tags wholly inside this region are skipped by the subclass's tight loop
                    int lt = skipOrdinaryTags(i, to, armed ? target[0] : -1);
                    if (lt < 0) {
                        return NO_MARKER;
                    }
                    candidate = armed ? lt : -1;
                    state = TAG_OPEN;
                    i = lt + 1;
                }
                case TAG_OPEN -> {
                    int c = at(i);
                    if (isAsciiLetter(c)) {
                        candidate = -1;
                        startName(c);
                        state = TAG_NAME;
                        i++;
                    } else if (c == '/') {
                        state = END_TAG_OPEN;
                        i++;
                    } else if (c == '!') {
                        candidate = -1;
                        declMatched = 0;
                        state = DECL;
                        i++;
                    } else if (c == '?') {
                        candidate = -1;
                        state = BOGUS;
                        i++;
                    } else if (c == '<') {
                        candidate = armed ? i : -1;
                        i++;
                    } else {
                        candidate = -1;
                        state = DATA;
                    }
                }
                case END_TAG_OPEN -> {
                    int c = at(i);
                    if (isAsciiLetter(c)) {
                        startName(c);
                        if (candidate != -1 && lower(c) != target[0]) {
                            candidate = -1;
                        }
                        state = END_TAG_NAME;
                        i++;
                    } else if (c == '>') {
                        candidate = -1;
                        state = DATA;
                        i++;
                    } else {
                        candidate = -1;
                        state = BOGUS;
                    }
                }
                case TAG_NAME -> {
                    int c = at(i);
                    if (isNameEnd(c)) {
                        if (!startTagEnded()) {
                            return NO_MARKER;
                        }
                        state = ATTRS;
                        previousSignificant = 'a';
                        attrsFrom = i;
                    } else {
                        appendName(c);
                        i++;
                    }
                }
                case END_TAG_NAME -> {
                    int c = at(i);
                    if (isNameEnd(c)) {
                        if (candidate != -1 && nameIs(target)) {
                            int at = candidate;
                            candidate = -1;
                            state = DONE;
                            return at;
                        }
                        candidate = -1;
                        raw = null;
                        state = ATTRS;
                        previousSignificant = 'a';
                        attrsFrom = i;
                    } else {
                        appendName(c);
                        if (candidate != -1
                                && (nameOverflow
                                        || nameLength > target.length
                                        || name[nameLength - 1] != target[nameLength - 1])) {
                            candidate = -1;
                        }
                        i++;
                    }
                }
                case ATTRS -> {
                    int e = findTagEnd(i, to);
                    if (e < 0) {
                        rememberSignificant(attrsFrom, to);
                        return NO_MARKER;
                    }
                    int c = at(e);
                    if (c == '>' && raw == PLAINTEXT) {
                        giveUp(); // the rest of the page is text to a browser: nothing to inject before
                        return NO_MARKER;
                    } else if (c == '>') {
                        state = raw != null ? RAW : DATA;
                        rawMatched = 0;
                        i = e + 1;
                    } else if (significantBefore(attrsFrom, e) == '=') {
                        quote = (char) c;
                        state = QUOTED;
                        i = e + 1;
                    } else {
                        i = e + 1;
                    }
                }
                case QUOTED -> {
                    int q = find(quote, i, to);
                    if (q < 0) {
                        return NO_MARKER;
                    }
                    state = ATTRS;
                    previousSignificant = quote;
                    i = q + 1;
                    attrsFrom = i;
                }
                case DECL -> {
                    int c = at(i);
                    if (declMatched == 0) {
                        if (c == '-') {
                            declCdata = false;
                            declMatched = 1;
                            i++;
                        } else if (c == '[') {
                            declCdata = true;
                            declMatched = 1;
                            i++;
                        } else {
                            state = BOGUS;
                        }
                    } else if (!declCdata) {
                        if (c == '-') {
                            state = COMMENT;
                            closerRun = 2; // "<!-->" and "<!--->" close at once, as browsers do
                            i++;
                        } else {
                            state = BOGUS;
                        }
                    } else if (c == CDATA_OPEN[declMatched]) {
                        declMatched++;
                        i++;
                        if (declMatched == CDATA_OPEN.length) {
                            state = CDATA;
                            closerRun = 0;
                        }
                    } else {
                        state = BOGUS;
                    }
                }
                case COMMENT, CDATA -> {
                    char closer = state == COMMENT ? '-' : ']';
                    int gt = find('>', i, to);
                    if (gt < 0) {
                        closerRun = runBefore(closer, i, to);
                        return NO_MARKER;
                    }
                    if (runBefore(closer, i, gt) >= 2) {
                        state = DATA;
                    } else {
                        closerRun = 0;
                    }
                    i = gt + 1;
                }
                case BOGUS -> {
                    int gt = find('>', i, to);
                    if (gt < 0) {
                        return NO_MARKER;
                    }
                    state = DATA;
                    i = gt + 1;
                }
                case RAW -> {
                    int lt = find('<', i, to);
                    if (lt < 0) {
                        return NO_MARKER;
                    }
                    state = RAW_LT;
                    i = lt + 1;
                }
                case RAW_LT -> {
                    if (at(i) == '/') {
                        state = RAW_END;
                        rawMatched = 0;
                        i++;
                    } else {
                        state = RAW;
                    }
                }
                case RAW_END -> {
                    int c = at(i);
                    if (rawMatched < raw.length) {
                        if (lower(c) == raw[rawMatched]) {
                            rawMatched++;
                            i++;
                        } else {
                            state = RAW;
                        }
                    } else if (isNameEnd(c)) {
                        raw = null;
                        state = ATTRS;
                        previousSignificant = 'a';
                        attrsFrom = i;
                    } else {
                        state = RAW;
                    }
                }
                default -> {
                    return NO_MARKER; // DONE
                }
            }
        }
        return NO_MARKER;
    }

    /**
     * The fast path, in the subclass's own buffer type: from {@code from} in DATA, skips every <em>ordinary</em>
     * start or end tag that ends inside this region and returns the index of the first {@code '<'} the state machine
     * must see, or -1 when the region holds no such {@code '<'}. Must decide exactly as the state machine would:
     * a tag is ordinary when it is a start tag whose name is not {@linkplain #special special}, or an end tag whose
     * name does not start with {@code endTagFirst} (the target's first letter once armed, else -1); the tag ends at
     * the first {@code '>'} after its name that is outside a quoted value (a quote opens a value when the last
     * non-whitespace char before it, after the name or the previous value, is {@code '='}). Anything else (a
     * {@code '<'} not followed by a letter or {@code '/'}+letter, a tag that does not end in this region, a name
     * that may matter) is returned for the state machine.
     */
    abstract int skipOrdinaryTags(int from, int to, int endTagFirst);

    private static final long P_BODY = pack("body");
    private static final long P_HEAD = pack("head");
    private static final long P_XMP = pack("xmp");
    private static final long P_STYLE = pack("style");
    private static final long P_TITLE = pack("title");
    private static final long P_SCRIPT = pack("script");
    private static final long P_IFRAME = pack("iframe");
    private static final long P_NOEMBED = pack("noembed");
    private static final long P_TEXTAREA = pack("textarea");
    private static final long P_NOFRAMES = pack("noframes");
    private static final long P_NOSCRIPT = pack("noscript");
    private static final long P_PLAINTEX = pack("plaintex");

    private static long pack(String name) {
        long packed = 0;
        for (int k = 0; k < Math.min(8, name.length()); k++) {
            packed = packed << 8 | name.charAt(k);
        }
        return packed;
    }

    /**
     * For each first letter (a..z) of a start tag name, the second letters (bits 0..25) that may begin a name the
     * state machine must see (body, head, script, style, textarea, title, xmp, iframe, noembed, noframes, noscript,
     * plaintext). Any other pair, or a one-letter name, is ordinary without reading the rest of the name.
     */
    private static final int[] SPECIAL_PAIRS = pairs("bo", "he", "sc", "st", "te", "ti", "xm", "if", "no", "pl");

    private static int[] pairs(String... prefixes) {
        int[] table = new int[26];
        for (String prefix : prefixes) {
            table[prefix.charAt(0) - 'a'] |= 1 << (prefix.charAt(1) - 'a');
        }
        return table;
    }

    /**
     * Whether a start tag whose name begins with ASCII letter {@code first} and char {@code second} (any char) may be
     * special, so that its whole name must be read. {@code false} is exact: such a name is never special.
     */
    static boolean mayBeSpecial(int first, int second) {
        int l2 = (second | 0x20) - 'a';
        return l2 >= 0 && l2 < 26 && (SPECIAL_PAIRS[(first | 0x20) - 'a'] >>> l2 & 1) != 0;
    }

    /**
     * Whether a start tag name of {@code length} chars, all ASCII, whose first eight lower-cased chars are
     * {@code packed} (one per byte, first char highest) may be one the state machine must see. Errs towards
     * {@code true} (a 9-char name starting "plaintex").
     */
    static boolean special(int length, long packed) {
        return switch (length) {
            case 3 -> packed == P_XMP;
            case 4 -> packed == P_BODY || packed == P_HEAD;
            case 5 -> packed == P_STYLE || packed == P_TITLE;
            case 6 -> packed == P_SCRIPT || packed == P_IFRAME;
            case 7 -> packed == P_NOEMBED;
            case 8 -> packed == P_TEXTAREA || packed == P_NOFRAMES || packed == P_NOSCRIPT;
            case 9 -> packed == P_PLAINTEX;
            default -> false;
        };
    }

    /** A start tag's name is complete: arm on body/head, remember raw text elements. */
    private boolean startTagEnded() {
        raw = null;
        if (nameOverflow) {
            return true;
        }
        if (nameIs(BODY)) {
            if (target == HEAD) {
                target = BODY; // no </head> before <body>: fall back to </body>
            }
            return arm();
        }
        if (target == HEAD && nameIs(HEAD)) {
            return arm();
        }
        for (char[] element : RAW_TEXT_ELEMENTS) {
            if (nameIs(element)) {
                raw = element;
                break;
            }
        }
        return true;
    }

    private boolean arm() {
        if (armed) {
            return true;
        }
        armed = true;
        if (!onArmed()) {
            giveUp();
            return false;
        }
        return true;
    }

    private void startName(int c) {
        name[0] = lower(c);
        nameLength = 1;
        nameOverflow = false;
    }

    private void appendName(int c) {
        if (nameLength < NAME_MAX) {
            name[nameLength++] = lower(c);
        } else {
            nameOverflow = true;
        }
    }

    private boolean nameIs(char[] expected) {
        if (nameOverflow || nameLength != expected.length) {
            return false;
        }
        for (int k = 0; k < nameLength; k++) {
            if (name[k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** Length of the run of {@code closer} right before {@code end}, continuing the previous region's run. */
    private int runBefore(char closer, int from, int end) {
        int k = end - 1;
        while (k >= from && at(k) == closer) {
            k--;
        }
        int run = end - 1 - k;
        return k < from ? run + closerRun : run;
    }

    private int significantBefore(int from, int end) {
        return significantBefore(from, end, previousSignificant);
    }

    private int significantBefore(int from, int end, int fallback) {
        for (int k = end - 1; k >= from; k--) {
            int c = at(k);
            if (!isWhitespace(c)) {
                return c;
            }
        }
        return fallback;
    }

    private void rememberSignificant(int from, int to) {
        previousSignificant = (char) significantBefore(from, to);
    }

    /** Whether {@code c} (0..0xFFFF) ends a tag name: {@code '>'}, {@code '/'} or HTML whitespace. */
    static boolean isNameEnd(int c) {
        return c == '>' || c == '/' || isWhitespace(c);
    }

    /** HTML whitespace: space, tab, LF, FF, CR. */
    static boolean isWhitespace(int c) {
        return c <= ' ' && (WHITESPACE >>> c & 1) != 0;
    }

    private static final long WHITESPACE = 1L << ' ' | 1L << '\n' | 1L << '\t' | 1L << '\r' | 1L << '\f';

    /** Whether {@code c} (0..0xFFFF) is an ASCII letter. */
    static boolean isAsciiLetter(int c) {
        int l = (c | 0x20) - 'a';
        return l >= 0 && l < 26;
    }

    static char lower(int c) {
        return (c >= 'A' && c <= 'Z') ? (char) (c | 0x20) : (char) c;
    }
}
