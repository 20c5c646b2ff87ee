package io.lcbridge.servlet;

import java.io.IOException;
import java.util.Arrays;

/**
 * A streaming HTML tokenizer that finds the first <em>real</em> end tag of the target element ({@code </body>} or
 * {@code </head>}) while the page passes through in chunks: the one a browser's parser acts on, so that a snippet
 * written right before it is a script the browser runs, in the document (never text of a {@code <textarea>}, an
 * attribute value, a comment, inert {@code <template>} content or an SVG element).
 *
 * <p>It follows the WHATWG tokenizer (https://html.spec.whatwg.org/multipage/parsing.html#tokenization) in every
 * state that can hide or reveal such an end tag: tag names and the attribute states (a quote opens a value only
 * after an attribute name's {@code '='}: {@code <a title=a"b>} and {@code <a ="x>} hold no value); comments,
 * including {@code <!-->}, {@code <!--->} and the {@code --!>} close; bogus comments ({@code <?}, {@code </} and a
 * non-letter, {@code <!x}, DOCTYPE), which end at the first {@code '>'}; CDATA sections, only in foreign content
 * (elsewhere {@code <![CDATA[} is a bogus comment); RAWTEXT ({@code style}, {@code xmp}, {@code iframe},
 * {@code noembed}, {@code noframes}, {@code noscript}: browsers run scripts) and RCDATA ({@code textarea},
 * {@code title}); script data with its escaped and double escaped states ({@code <script><!--<script></script>}
 * does not end the script). It also keeps the few tree-builder facts that decide what the tokenizer is told and
 * whether an end tag counts: the open foreign (SVG / MathML) elements, in which {@code <style>} or {@code <script>}
 * are ordinary elements and which the HTML "breakout" start tags ({@code <p>}, {@code <div>}, ...) leave; open
 * {@code <template>} elements, inside which the end tag is ignored (the snippet would be inert), and an open
 * {@code <select>}.
 *
 * <p>Where browsers differ, or exact emulation would need the whole tree builder, it gives up (the page passes
 * through unchanged, counted as having no injection point): after {@code <plaintext>} or {@code <frameset>}; at the
 * target end tag, or any end tag that closes no open foreign element, inside SVG/MathML (it acts on the HTML
 * elements around the SVG); at a start tag inside an HTML integration point ({@code foreignObject}, {@code desc},
 * SVG {@code title}, MathML text and annotation elements), at {@code <font>} in foreign content, at an SVG nested
 * deeper than its fixed stack; at a raw-text start tag other than {@code script}/{@code textarea}, or
 * {@code <svg>}/{@code <math>}, while a {@code <select>} is open (older parsers ignore them there, newer ones do not).
 *
 * <p>Tag names are matched case-insensitively; an end tag may carry whitespace or attributes before its {@code >}
 * ({@code </body >}, {@code </BODY\n>}). The end tag only counts after the element's start tag was seen
 * ({@code <body ...>}; for {@code head}, {@code <head ...>}), so HTML fragments never match. When the target is
 * {@code head} and a {@code <body>} start tag shows up first (the page omitted {@code </head>}), the target falls back
 * to {@code </body>}. Every state survives a chunk boundary, so the decision never depends on how the page was split.
 *
 * <p>Nearly every tag of a page is an ordinary one ({@code <td class="x">}, {@code </a>}): in HTML content the
 * subclass skips those in a tight loop over its own buffer type ({@link #skipOrdinaryTags}: bytes with
 * 8-bytes-at-a-time searches for {@code '<'} and closing quotes, chars with plain loops; both read each tag once,
 * forwards), deciding exactly as this state machine would, and hands every other {@code '<'} (and any tag cut by the
 * end of a region) to the state machine. Which path a tag takes never
 * changes the result; {@code StreamingInjectorTest} checks that whole-page writes (fast path) and byte-by-byte writes
 * (state machine only) agree on thousands of random tag-heavy pages, {@code TokenizerDesyncTest} pins each construct
 * above, and {@code DesyncPagesInChromiumTest} checks against a real browser's DOM.
 *
 * <p>Not thread-safe: one instance per response. Allocation-free but for a small stack of foreign element names,
 * made the first time a page opens an {@code <svg>} or {@code <math>}.
 */
abstract class MarkupScanner {

    /** {@link #scan} result: no marker ended in this region. */
    private static final int NO_MARKER = -1;
    /** {@link #scan} result / {@code candidate} value: the marker started in chars held from earlier regions. */
    private static final int IN_HELD = -2;

    /** Longest partial marker ever held back: {@code "</body"} or {@code "</head"}. */
    static final int MAX_HELD = 6;

    // tokenizer states, named after the WHATWG states they stand for
    private static final int DATA = 0;
    private static final int TAG_OPEN = 1;
    private static final int END_TAG_OPEN = 2;
    private static final int TAG_NAME = 3;
    private static final int END_TAG_NAME = 4;
    private static final int BEFORE_ATTR_NAME = 5; // also "after attribute value (quoted)", which acts the same
    private static final int ATTR_NAME = 6;
    private static final int AFTER_ATTR_NAME = 7;
    private static final int BEFORE_ATTR_VALUE = 8;
    private static final int ATTR_VALUE_QUOTED = 9;
    private static final int ATTR_VALUE_UNQUOTED = 10;
    private static final int SELF_CLOSING = 11;
    private static final int MARKUP_DECLARATION = 12; // after "<!"
    private static final int DECL_DASH = 13; // after "<!-"
    private static final int DECL_CDATA = 14; // inside "[CDATA[", foreign content only
    private static final int COMMENT = 15;
    private static final int CDATA = 16;
    private static final int BOGUS = 17; // bogus comment, DOCTYPE: both end at the first '>'
    private static final int RAW = 18; // RAWTEXT and RCDATA
    private static final int RAW_LT = 19;
    private static final int RAW_END = 20;
    private static final int SCRIPT = 21;
    private static final int SCRIPT_LT = 22;
    private static final int SCRIPT_END = 23;
    private static final int SCRIPT_ESCAPE_START = 24;
    private static final int SCRIPT_ESCAPE_START_DASH = 25;
    private static final int SCRIPT_ESCAPED = 26;
    private static final int SCRIPT_ESCAPED_LT = 27;
    private static final int SCRIPT_ESCAPED_END = 28;
    private static final int SCRIPT_DOUBLE_ESCAPE_START = 29;
    private static final int SCRIPT_DOUBLE_ESCAPED = 30;
    private static final int SCRIPT_DOUBLE_ESCAPED_LT = 31;
    private static final int SCRIPT_DOUBLE_ESCAPE_END = 32;
    /** Terminal: injected, or gave up. Everything else passes through unscanned. */
    private static final int DONE = 33;

    private static final char[] BODY = name("body");
    private static final char[] HEAD = name("head");
    private static final char[] SCRIPT_NAME = name("script");
    private static final char[] TEXTAREA = name("textarea");
    private static final char[] TEMPLATE = name("template");
    private static final char[] SELECT = name("select");
    private static final char[] SVG = name("svg");
    private static final char[] MATH = name("math");
    private static final char[] FONT = name("font");
    private static final char[] P = name("p");
    private static final char[] BR = name("br");
    /** Browsers never leave {@code <plaintext>}: everything after its start tag is text, so no real marker follows. */
    private static final char[] PLAINTEXT = name("plaintext");
    /** {@code <frameset>} ignores every tag but frames: the snippet would never run. */
    private static final char[] FRAMESET = name("frameset");

    /** Elements whose start tag (in HTML content) switches the tokenizer to RAWTEXT or RCDATA, but script. */
    private static final char[][] RAW_TEXT_ELEMENTS =
            names("style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript");

    /** Start tags that end foreign content (the tree builder pops back to HTML before inserting them). */
    private static final char[][] FOREIGN_BREAKOUT = names(
            "b",
            "big",
            "blockquote",
            "body",
            "br",
            "center",
            "code",
            "dd",
            "div",
            "dl",
            "dt",
            "em",
            "embed",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "head",
            "hr",
            "i",
            "img",
            "li",
            "listing",
            "menu",
            "meta",
            "nobr",
            "ol",
            "p",
            "pre",
            "ruby",
            "s",
            "small",
            "span",
            "strong",
            "strike",
            "sub",
            "sup",
            "table",
            "tt",
            "u",
            "ul",
            "var");

    /** SVG elements whose children are parsed as HTML (HTML integration points). */
    private static final char[][] SVG_INTEGRATION_POINTS = names("foreignobject", "desc", "title");
    /** MathML elements whose children are (or may be) parsed as HTML. */
    private static final char[][] MATH_INTEGRATION_POINTS = names("mi", "mo", "mn", "ms", "mtext", "annotation-xml");

    private static final char[] CDATA_OPEN = "[CDATA[".toCharArray();
    private static final int NAME_MAX = 24;
    /** Room for the names of open foreign elements; a deeper SVG gives up. */
    private static final int FOREIGN_CHARS = 1024;

    private int state = DATA;
    private final char[] name = new char[NAME_MAX];
    private int nameLength;
    private boolean nameOverflow;
    private boolean endTag;
    private char quote;
    /** RAWTEXT / RCDATA element we are inside. */
    private char[] raw;
    /** Chars of an end tag name (or of "script") matched so far inside raw text or script data. */
    private int matched;

    private int declMatched;
    /** Run of '-' (script data escaped states) or ']' (CDATA) that ended the previous region. */
    private int closerRun;
    /** A comment's last three chars (one per byte, newest lowest) and its length so far (at most 3). */
    private int commentTail;

    private int commentLength;

    // the few tree-builder facts that decide whether an end tag is real and where the tokenizer goes
    private int templateDepth;
    private boolean inSelect;
    /** Names of the open foreign (SVG / MathML) elements, each followed by its length; 0 used = HTML content. */
    private char[] foreign;

    private int foreignUsed;
    private boolean foreignMath;

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

    /** Index of the first {@code '<'} or {@code '>'} in {@code [from, to)}, or -1. */
    abstract int findAngle(int from, int to);

    /**
     * Called once, when the start tag that makes the target end tag a real one was seen. Returns {@code false} to
     * give up on this response (the rest passes through untouched).
     */
    abstract boolean onArmed();

    /** Told about a failure inside the scan (a bug, or a failing hook); the scanner has given up by then. */
    abstract void onScanFailure(RuntimeException e);

    /** Writes {@code [from, to)} of the current region's buffer on (nothing when the range is empty). */
    abstract void writeRange(int from, int to) throws IOException;

    /** Writes the snippet: the marker begins right after what was written so far. */
    abstract void writeSnippet() throws IOException;

    /**
     * Keeps {@code [from, to)} of the current buffer back, after what is already held: the start of a marker that may
     * end in a later region (never more than {@value #MAX_HELD} chars in all).
     */
    abstract void hold(int from, int to) throws IOException;

    /** Writes out, and forgets, what {@link #hold} kept back (nothing when nothing is held). */
    abstract void releaseHeld() throws IOException;

    /**
     * Scans {@code [from, to)} of the current buffer and passes it on: the one place that decides what is written,
     * what is held back and where the snippet goes. The subclasses only carry the four operations out
     * ({@link #writeRange}, {@link #writeSnippet}, {@link #hold}, {@link #releaseHeld}) in their own buffer type.
     */
    final void pass(int from, int to) throws IOException {
        if (state == DONE) {
            writeRange(from, to); // injected or gave up: the rest passes through unscanned
            return;
        }
        int marker = scanSafely(from, to);
        if (marker >= 0) { // the marker's '<' is in this region
            releaseHeld();
            writeRange(from, marker);
            writeSnippet();
            writeRange(marker, to);
        } else if (marker == IN_HELD) { // the marker began in the held chars
            writeSnippet();
            releaseHeld();
            writeRange(from, to);
        } else if (candidate == -1) { // no partial marker: whatever was held was not one
            releaseHeld();
            writeRange(from, to);
        } else if (candidate == IN_HELD) { // the held partial marker goes on through the whole region
            hold(from, to);
        } else { // a partial marker begins in this region
            releaseHeld();
            writeRange(from, candidate);
            hold(candidate, to);
        }
    }

    /** {@link #scan}, but a failure gives up on injection instead of breaking the page. */
    private int scanSafely(int from, int to) {
        try {
            return scan(from, to);
        } catch (RuntimeException e) {
            giveUp();
            onScanFailure(e);
            return NO_MARKER;
        }
    }

    /**
     * Whether the end tag looked for is {@code </head>}: {@code false} once a page without {@code </head>} made the
     * scan fall back to {@code </body>}. Read when the marker is found, to pick the snippet variant for that place.
     */
    final boolean targetsHead() {
        return target == HEAD;
    }

    /** Whether scanning has finished (injected or gave up); the caller passes everything through. */
    final boolean done() {
        return state == DONE;
    }

    /** Stops scanning for good: the caller releases held chars and passes everything through. */
    final void giveUp() {
        state = DONE;
        candidate = -1;
    }

    /**
     * Scans {@code [from, to)} of the current buffer.
     *
     * @return the index of the {@code '<'} of the marker when it ends in this region, {@link #IN_HELD} when that
     *         {@code '<'} lies in chars held back from earlier regions, or {@link #NO_MARKER} (then {@code candidate}
     *         says where a partial marker begins, if any). After a marker the scanner is {@linkplain #done() done}.
     */
    private int scan(int from, int to) {
        if (candidate != -1) {
            candidate = IN_HELD;
        }
        int i = from;
        while (i < to) {
            switch (state) {
                case DATA -> {
                    // in HTML content, ordinary tags wholly inside this region are skipped by the subclass's tight
                    // loop; foreign content (rare, short) goes through the state machine tag by tag
                    int lt = foreignUsed == 0 ? skipOrdinaryTags(i, to, endTagMask()) : find('<', i, to);
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
                        startName(c, false);
                        state = TAG_NAME;
                        i++;
                    } else if (c == '/') {
                        state = END_TAG_OPEN;
                        i++;
                    } else if (c == '!') {
                        candidate = -1;
                        state = MARKUP_DECLARATION;
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
                        startName(c, true);
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
                        state = BEFORE_ATTR_NAME; // which reads c as the tag name state would
                    } else {
                        appendName(c);
                        i++;
                    }
                }
                case END_TAG_NAME -> {
                    int c = at(i);
                    if (isNameEnd(c)) {
                        int marker = endTagNamed();
                        if (marker != NO_MARKER || state == DONE) {
                            return marker;
                        }
                        state = BEFORE_ATTR_NAME;
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
                case BEFORE_ATTR_NAME -> {
                    int c = at(i++);
                    if (c == '>') {
                        tagEnded(false);
                    } else if (c == '/') {
                        state = SELF_CLOSING;
                    } else if (!isWhitespace(c)) {
                        state = ATTR_NAME; // even '=', '"', '\'' and '<' begin a name here
                    }
                }
                case ATTR_NAME -> {
                    int c = at(i++);
                    if (c == '=') {
                        state = BEFORE_ATTR_VALUE;
                    } else if (c == '>') {
                        tagEnded(false);
                    } else if (c == '/') {
                        state = SELF_CLOSING;
                    } else if (isWhitespace(c)) {
                        state = AFTER_ATTR_NAME;
                    }
                }
                case AFTER_ATTR_NAME -> {
                    int c = at(i++);
                    if (c == '=') {
                        state = BEFORE_ATTR_VALUE;
                    } else if (c == '>') {
                        tagEnded(false);
                    } else if (c == '/') {
                        state = SELF_CLOSING;
                    } else if (!isWhitespace(c)) {
                        state = ATTR_NAME;
                    }
                }
                case BEFORE_ATTR_VALUE -> {
                    int c = at(i++);
                    if (c == '"' || c == '\'') {
                        quote = (char) c;
                        state = ATTR_VALUE_QUOTED;
                    } else if (c == '>') {
                        tagEnded(false);
                    } else if (!isWhitespace(c)) {
                        state = ATTR_VALUE_UNQUOTED; // quotes, '=' and '<' inside it are part of the value
                    }
                }
                case ATTR_VALUE_QUOTED -> {
                    int q = find(quote, i, to);
                    if (q < 0) {
                        return NO_MARKER;
                    }
                    state = BEFORE_ATTR_NAME;
                    i = q + 1;
                }
                case ATTR_VALUE_UNQUOTED -> {
                    int c = at(i++);
                    if (c == '>') {
                        tagEnded(false);
                    } else if (isWhitespace(c)) {
                        state = BEFORE_ATTR_NAME;
                    }
                }
                case SELF_CLOSING -> {
                    if (at(i) == '>') {
                        i++;
                        tagEnded(true);
                    } else {
                        state = BEFORE_ATTR_NAME;
                    }
                }
                case MARKUP_DECLARATION -> {
                    int c = at(i);
                    if (c == '-') {
                        state = DECL_DASH;
                        i++;
                    } else if (c == '[' && foreignUsed > 0) {
                        declMatched = 1;
                        state = DECL_CDATA;
                        i++;
                    } else {
                        state = BOGUS; // DOCTYPE, "<![CDATA[" in HTML content, anything else: up to the first '>'
                    }
                }
                case DECL_DASH -> {
                    if (at(i) == '-') {
                        state = COMMENT;
                        commentLength = 0;
                        commentTail = 0;
                        i++;
                    } else {
                        state = BOGUS;
                    }
                }
                case DECL_CDATA -> {
                    if (at(i) == CDATA_OPEN[declMatched]) {
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
                case COMMENT -> {
                    int gt = find('>', i, to);
                    if (gt < 0) {
                        feedComment(i, to);
                        return NO_MARKER;
                    }
                    feedComment(i, gt);
                    if (commentCloses()) {
                        state = DATA;
                    } else {
                        feedComment(gt, gt + 1);
                    }
                    i = gt + 1;
                }
                case CDATA -> {
                    int gt = find('>', i, to);
                    if (gt < 0) {
                        closerRun = runBefore(']', i, to);
                        return NO_MARKER;
                    }
                    if (runBefore(']', i, gt) >= 2) {
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
                case RAW, SCRIPT -> {
                    int lt = find('<', i, to);
                    if (lt < 0) {
                        return NO_MARKER;
                    }
                    state = state == RAW ? RAW_LT : SCRIPT_LT;
                    i = lt + 1;
                }
                case RAW_LT -> {
                    if (at(i) == '/') {
                        state = RAW_END;
                        matched = 0;
                        i++;
                    } else {
                        state = RAW;
                    }
                }
                case RAW_END -> {
                    int c = at(i);
                    if (matched < raw.length) {
                        if (lower(c) == raw[matched]) {
                            matched++;
                            i++;
                        } else {
                            state = RAW;
                        }
                    } else if (isNameEnd(c)) {
                        endOfRawText();
                    } else {
                        state = RAW;
                    }
                }
                case SCRIPT_LT -> {
                    int c = at(i);
                    if (c == '/') {
                        state = SCRIPT_END;
                        matched = 0;
                        i++;
                    } else if (c == '!') {
                        state = SCRIPT_ESCAPE_START;
                        i++;
                    } else {
                        state = SCRIPT;
                    }
                }
                case SCRIPT_END, SCRIPT_ESCAPED_END -> {
                    int c = at(i);
                    if (matched < SCRIPT_NAME.length && lower(c) == SCRIPT_NAME[matched]) {
                        matched++;
                        i++;
                    } else if (matched == SCRIPT_NAME.length && isNameEnd(c)) {
                        raw = SCRIPT_NAME;
                        endOfRawText();
                    } else {
                        state = state == SCRIPT_END ? SCRIPT : SCRIPT_ESCAPED;
                    }
                }
                case SCRIPT_ESCAPE_START, SCRIPT_ESCAPE_START_DASH -> {
                    if (at(i) != '-') {
                        state = SCRIPT;
                    } else if (state == SCRIPT_ESCAPE_START) {
                        state = SCRIPT_ESCAPE_START_DASH;
                        i++;
                    } else {
                        state = SCRIPT_ESCAPED; // "<!--": as if after "--" (so "<!-->" leaves it at once)
                        closerRun = 2;
                        i++;
                    }
                }
                case SCRIPT_ESCAPED, SCRIPT_DOUBLE_ESCAPED -> {
                    int e = findAngle(i, to);
                    if (e < 0) {
                        closerRun = runBefore('-', i, to);
                        return NO_MARKER;
                    }
                    if (at(e) == '<') {
                        state = state == SCRIPT_ESCAPED ? SCRIPT_ESCAPED_LT : SCRIPT_DOUBLE_ESCAPED_LT;
                        closerRun = 0;
                    } else if (runBefore('-', i, e) >= 2) {
                        state = SCRIPT; // "-->" ends both escaped states
                    } else {
                        closerRun = 0;
                    }
                    i = e + 1;
                }
                case SCRIPT_ESCAPED_LT -> {
                    int c = at(i);
                    if (c == '/') {
                        state = SCRIPT_ESCAPED_END;
                        matched = 0;
                        i++;
                    } else if (isAsciiLetter(c)) {
                        state = SCRIPT_DOUBLE_ESCAPE_START;
                        matched = 0;
                    } else {
                        state = SCRIPT_ESCAPED;
                    }
                }
                case SCRIPT_DOUBLE_ESCAPED_LT -> {
                    if (at(i) == '/') {
                        state = SCRIPT_DOUBLE_ESCAPE_END;
                        matched = 0;
                        i++;
                    } else {
                        state = SCRIPT_DOUBLE_ESCAPED;
                    }
                }
                case SCRIPT_DOUBLE_ESCAPE_START, SCRIPT_DOUBLE_ESCAPE_END -> {
                    int c = at(i);
                    boolean starting = state == SCRIPT_DOUBLE_ESCAPE_START;
                    if (isNameEnd(c)) {
                        // "<script" enters the double escaped state, "</script" leaves it; the char is consumed
                        boolean script = matched == SCRIPT_NAME.length;
                        state = starting == script ? SCRIPT_DOUBLE_ESCAPED : SCRIPT_ESCAPED;
                        closerRun = 0;
                        i++;
                    } else if (isAsciiLetter(c)) {
                        matched = matched < SCRIPT_NAME.length && lower(c) == SCRIPT_NAME[matched]
                                ? matched + 1
                                : SCRIPT_NAME.length + 1;
                        i++;
                    } else {
                        state = starting ? SCRIPT_ESCAPED : SCRIPT_DOUBLE_ESCAPED;
                    }
                }
                default -> {
                    return NO_MARKER; // DONE
                }
            }
        }
        return NO_MARKER;
    }

    /** First letters of the end tags the state machine must see in HTML content: bit {@code letter - 'a'}. */
    private int endTagMask() {
        int mask = armed ? 1 << (target[0] - 'a') : 0;
        if (templateDepth > 0) {
            mask |= 1 << ('t' - 'a');
        }
        if (inSelect) {
            mask |= 1 << ('s' - 'a');
        }
        return mask;
    }

    /**
     * An end tag's name is complete (in data or foreign content): the marker's index when it is the real target end
     * tag, else {@link #NO_MARKER} after updating what the tree builder would (template, select, foreign elements).
     * May give up.
     */
    private int endTagNamed() {
        int at = candidate;
        candidate = -1;
        if (foreignUsed > 0) {
            if (!popForeign()) {
                if (nameIs(P) || nameIs(BR)) {
                    foreignUsed = 0; // both end foreign content, then act on HTML
                } else {
                    // an end tag of no open foreign element (the target's among them) acts on the HTML elements
                    // around the SVG, which this scanner does not track
                    giveUp();
                }
            }
            return NO_MARKER;
        }
        if (at != -1 && nameIs(target)) {
            if (templateDepth == 0) {
                state = DONE;
                return at;
            }
            return NO_MARKER; // inside <template> the tree builder ignores it; the snippet would be inert there
        }
        if (templateDepth > 0 && nameIs(TEMPLATE)) {
            templateDepth--;
        } else if (nameIs(SELECT)) {
            inSelect = false;
        }
        return NO_MARKER;
    }

    /** The {@code '>'} of a tag was consumed: decide where the tokenizer goes, as the tree builder would tell it. */
    private void tagEnded(boolean selfClosing) {
        state = DATA;
        if (endTag) {
            return;
        }
        if (foreignUsed > 0) {
            foreignStartTag(selfClosing);
            if (foreignUsed > 0 || state == DONE) {
                return;
            }
            // the tag broke out of foreign content: the HTML rules handle it
        }
        htmlStartTag(selfClosing);
    }

    private void htmlStartTag(boolean selfClosing) {
        if (nameOverflow) {
            return;
        }
        if (nameIs(BODY)) {
            if (target == HEAD) {
                target = BODY; // no </head> before <body>: fall back to </body>
            }
            arm();
        } else if (target == HEAD && nameIs(HEAD)) {
            arm();
        } else if (nameIs(SCRIPT_NAME)) {
            state = SCRIPT;
        } else if (nameIs(TEMPLATE)) {
            templateDepth++;
        } else if (nameIs(SELECT)) {
            inSelect = true;
        } else if (nameIs(PLAINTEXT) || nameIs(FRAMESET)) {
            giveUp();
        } else if (nameIs(SVG) || nameIs(MATH)) {
            if (inSelect) {
                giveUp(); // ignored inside <select> by older parsers, foreign content in newer ones
            } else if (!selfClosing) {
                foreignMath = nameIs(MATH);
                pushForeign();
            }
        } else {
            for (char[] element : RAW_TEXT_ELEMENTS) {
                if (nameIs(element)) {
                    if (inSelect && element != TEXTAREA) {
                        giveUp(); // older parsers ignore these inside <select> (no raw text), newer ones do not
                    } else {
                        raw = element;
                        state = RAW;
                    }
                    return;
                }
            }
        }
    }

    private void foreignStartTag(boolean selfClosing) {
        if (nameOverflow || topIsIntegrationPoint() || nameIs(FONT)) {
            giveUp(); // HTML inside SVG/MathML, or a <font> that leaves foreign content only with some attributes
            return;
        }
        for (char[] breakout : FOREIGN_BREAKOUT) {
            if (nameIs(breakout)) {
                foreignUsed = 0;
                return;
            }
        }
        if (!selfClosing) {
            pushForeign();
        }
    }

    private void endOfRawText() {
        raw = null;
        endTag = true;
        state = BEFORE_ATTR_NAME;
    }

    private void pushForeign() {
        if (foreign == null) {
            foreign = new char[FOREIGN_CHARS];
        }
        if (foreignUsed + nameLength + 1 > foreign.length) {
            giveUp();
            return;
        }
        System.arraycopy(name, 0, foreign, foreignUsed, nameLength);
        foreignUsed += nameLength;
        foreign[foreignUsed++] = (char) nameLength;
    }

    /** Pops the innermost open foreign element named like the current tag and all inside it; false when none is. */
    private boolean popForeign() {
        if (nameOverflow) {
            return false;
        }
        int end = foreignUsed;
        while (end > 0) {
            int length = foreign[end - 1];
            int start = end - 1 - length;
            if (length == nameLength && Arrays.equals(foreign, start, end - 1, name, 0, nameLength)) {
                foreignUsed = start;
                return true;
            }
            end = start;
        }
        return false;
    }

    private boolean topIsIntegrationPoint() {
        int length = foreign[foreignUsed - 1];
        int start = foreignUsed - 1 - length;
        for (char[] point : foreignMath ? MATH_INTEGRATION_POINTS : SVG_INTEGRATION_POINTS) {
            if (Arrays.equals(foreign, start, foreignUsed - 1, point, 0, point.length)) {
                return true;
            }
        }
        return false;
    }

    private void feedComment(int from, int to) {
        for (int k = Math.max(from, to - 3); k < to; k++) {
            int c = at(k);
            commentTail = (commentTail << 8 | (c < 0x80 ? c : 0x80)) & 0xFFFFFF;
        }
        commentLength = (int) Math.min(3, commentLength + (long) (to - from));
    }

    /**
     * Whether a {@code '>'} after the comment text seen so far closes the comment: {@code <!-->}, {@code <!--->}, or
     * text ending in {@code "--"} or {@code "--!"} (the comment start, comment end and comment end bang states).
     */
    private boolean commentCloses() {
        int last = commentTail & 0xFF;
        int second = commentTail >>> 8 & 0xFF;
        int third = commentTail >>> 16 & 0xFF;
        return commentLength == 0
                || (commentLength == 1 && last == '-')
                || (commentLength >= 2 && last == '-' && second == '-')
                || (commentLength >= 3 && last == '!' && second == '-' && third == '-');
    }

    /**
     * The fast path, in the subclass's own buffer type: from {@code from} in DATA (HTML content), skips every
     * <em>ordinary</em> start or end tag that ends inside this region and returns the index of the first {@code '<'}
     * the state machine must see, or -1 when the region holds no such {@code '<'}. Must decide exactly as the state
     * machine would: a tag is ordinary when it is a start tag whose name is not {@linkplain #special special}, or an
     * end tag whose first letter's bit is clear in {@code endTagMask} (bit {@code letter - 'a'}; see
     * {@link #endTagMask}); the tag ends at its first {@code '>'} outside a quoted attribute value. A quote opens a
     * value only in the "before attribute value" state: right after an attribute name's {@code '='}, spaces allowed
     * around it; never inside a name (a name may even begin with {@code '='}: {@code <a ="x>}) nor inside an unquoted
     * value ({@code <a title=a"b>}, {@code <a href=x=">}). Both subclasses read each tag once, forwards, through the
     * attribute states spelt out line for line in {@code exactAttributes}. Anything else (a {@code '<'} not followed by
     * a letter or {@code '/'}+letter, a tag that does not end in this region, a name that may matter) is returned for
     * the state machine.
     */
    abstract int skipOrdinaryTags(int from, int to, int endTagMask);

    private static final long P_XMP = pack("xmp");
    private static final long P_SVG = pack("svg");
    private static final long P_BODY = pack("body");
    private static final long P_HEAD = pack("head");
    private static final long P_MATH = pack("math");
    private static final long P_STYLE = pack("style");
    private static final long P_TITLE = pack("title");
    private static final long P_SCRIPT = pack("script");
    private static final long P_IFRAME = pack("iframe");
    private static final long P_SELECT = pack("select");
    private static final long P_NOEMBED = pack("noembed");
    private static final long P_TEXTAREA = pack("textarea");
    private static final long P_NOFRAMES = pack("noframes");
    private static final long P_NOSCRIPT = pack("noscript");
    private static final long P_TEMPLATE = pack("template");
    private static final long P_FRAMESET = pack("frameset");
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
     * plaintext, svg, math, template, select, frameset). Any other pair, or a one-letter name, is ordinary without
     * reading the rest of the name.
     */
    private static final int[] SPECIAL_PAIRS =
            pairs("bo", "he", "sc", "st", "te", "ti", "xm", "if", "no", "pl", "sv", "ma", "se", "fr");

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
            case 3 -> packed == P_XMP || packed == P_SVG;
            case 4 -> packed == P_BODY || packed == P_HEAD || packed == P_MATH;
            case 5 -> packed == P_STYLE || packed == P_TITLE;
            case 6 -> packed == P_SCRIPT || packed == P_IFRAME || packed == P_SELECT;
            case 7 -> packed == P_NOEMBED;
            case 8 ->
                packed == P_TEXTAREA
                        || packed == P_NOFRAMES
                        || packed == P_NOSCRIPT
                        || packed == P_TEMPLATE
                        || packed == P_FRAMESET;
            case 9 -> packed == P_PLAINTEX;
            default -> false;
        };
    }

    private void arm() {
        if (armed) {
            return;
        }
        armed = true;
        if (!onArmed()) {
            giveUp();
        }
    }

    private void startName(int c, boolean end) {
        name[0] = lower(c);
        nameLength = 1;
        nameOverflow = false;
        endTag = end;
    }

    private void appendName(int c) {
        if (nameLength < NAME_MAX) {
            name[nameLength++] = lower(c);
        } else {
            nameOverflow = true;
        }
    }

    private boolean nameIs(char[] expected) {
        return !nameOverflow
                && nameLength == expected.length
                && Arrays.equals(name, 0, nameLength, expected, 0, nameLength);
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

    private static char[] name(String s) {
        return s.toCharArray();
    }

    private static char[][] names(String... names) {
        char[][] all = new char[names.length][];
        for (int k = 0; k < names.length; k++) {
            all[k] = names[k].toCharArray();
        }
        return all;
    }

    /**
     * Whether {@code c} (0..0xFFFF) ends a tag name: {@code '>'}, {@code '/'} or HTML whitespace (one compare for
     * letters, then a bit test).
     */
    static boolean isNameEnd(int c) {
        return c < 64 && (NAME_END >>> c & 1) != 0;
    }

    /** Whether {@code c} (0..0xFFFF) ends an attribute name: HTML whitespace, {@code '/'}, {@code '='} or {@code '>'}. */
    static boolean endsAttributeName(int c) {
        return c < 64 && (ATTRIBUTE_NAME_END >>> c & 1) != 0;
    }

    /** HTML whitespace or {@code '/'}: what the "before attribute name" state passes over. */
    static boolean isSpaceOrSlash(int c) {
        return c < 64 && (SPACE_OR_SLASH >>> c & 1) != 0;
    }

    private static final long SPACE_OR_SLASH =
            1L << ' ' | 1L << '\n' | 1L << '\t' | 1L << '\r' | 1L << '\f' | 1L << '/';
    private static final long NAME_END = SPACE_OR_SLASH | 1L << '>';
    private static final long ATTRIBUTE_NAME_END = NAME_END | 1L << '=';

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
