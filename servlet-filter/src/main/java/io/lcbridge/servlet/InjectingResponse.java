package io.lcbridge.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;

/**
 * The response wrapper: streams the page through a {@link ByteInjector} (for {@code getOutputStream()}) or a
 * {@link CharInjector} (for {@code getWriter()}): it wraps whichever the application asks for, never one over the
 * other.
 *
 * <p>States:
 * <pre>
 *  UNDECIDED --first write, eligible or no type yet--&gt; SCANNING --marker--&gt; (injected; rest streams through)
 *      |                                                  |  \--non-HTML type, Content-Encoding, sendError,
 *      \--first write, not eligible--&gt; PASS &lt;-------------/     sendRedirect, setWriteListener, close, end of request
 *  reset() / resetBuffer(): back to UNDECIDED (the body written so far is gone)
 * </pre>
 * While the response may still be injected, the application's Content-Length (set in any of the five ways) is held
 * in a {@link HeldContentLength} ({@link HeaderPolicy}) instead of reaching the container: it is forwarded unchanged
 * when the response turns out not to be eligible before any byte was written, raised by the snippet's length when the
 * snippet is written before commit, and otherwise dropped (the container then streams chunked). A stale length never
 * truncates a page.
 *
 * <p>A page written to the stream whose {@code Content-Type} names no charset is read by browsers in the charset it
 * declares itself: its first bytes are held back until {@link MetaCharsetPrescan} has a verdict, and a page that is
 * not ASCII-compatible streams through untouched ({@link PageCharset}).
 *
 * <p>This class delegates and keeps the state; each other job is in a package-private class of its own:
 * {@link HeaderPolicy} (what happens to the headers the application sets), {@link InjectionDecisions} (the
 * {@link InjectionHooks} the scanners call), {@link BodyOutputs} (the stream or writer handed out, and its injector),
 * {@link PageCharset} (the byte path's charset prescan) and {@link SkipReasons} (eligibility, and the skip counted).
 */
final class InjectingResponse extends HttpServletResponseWrapper {

    private enum Mode {
        UNDECIDED,
        SCANNING,
        PASS
    }

    private final RequestSnippet snippet;
    private final FilterSettings settings;

    private Mode mode = Mode.UNDECIDED;
    /** Whether the application called {@code sendError}: the container renders the page in an error dispatch. */
    private boolean errorSent;

    private final HeaderPolicy headers;
    private final InjectionDecisions hooks;
    private final BodyOutputs outputs;
    private final PageCharset charset;
    private final SkipReasons skips;

    InjectingResponse(
            HttpServletResponse response, RequestSnippet snippet, FilterSettings settings, FailureLog failures) {
        super(response);
        this.snippet = snippet;
        this.settings = settings;
        this.headers = new HeaderPolicy(this, snippet);
        this.hooks = new InjectionDecisions(this, snippet, settings, failures, headers);
        this.outputs = new BodyOutputs(this, settings, hooks);
        this.charset = new PageCharset(this, outputs);
        this.skips = new SkipReasons(this, snippet, settings);
    }

    // ---------------------------------------------------------------- writer / stream choice

    /** The stream path: bytes go through a {@link ByteInjector}; a new container stream gets a new injector. */
    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        ServletOutputStream real = super.getOutputStream(); // throws as the container does after getWriter()
        return outputs.stream(real);
    }

    /** The writer path: characters go through a {@link CharInjector}; a new container writer gets a new injector. */
    @Override
    public PrintWriter getWriter() throws IOException {
        PrintWriter real = super.getWriter();
        return outputs.writer(real);
    }

    // ---------------------------------------------------------------- body

    /** Called by the stream before every write: {@code true} when the bytes must go through the injector. */
    boolean scanning() {
        if (mode == Mode.UNDECIDED) {
            decideAtFirstWrite();
        }
        return mode == Mode.SCANNING;
    }

    ByteInjector byteInjector() {
        return outputs.byteInjector();
    }

    /** Scans bytes the application wrote while {@link #scanning()}: see {@link PageCharset#scanBytes}. */
    void scanBytes(byte[] b, int off, int len, ServletOutputStream real) throws IOException {
        charset.scanBytes(b, off, len, real);
    }

    /** The application flushed: bytes held for the prescan go on now, before its verdict. */
    void flushPrescan(ServletOutputStream real) throws IOException {
        charset.flushPrescan(real);
    }

    /** Whether the response is scanning now (no decision is made here, unlike {@link #scanning()}). */
    boolean stillScanning() {
        return mode == Mode.SCANNING;
    }

    CharInjector charInjector() {
        return outputs.charInjector();
    }

    private void decideAtFirstWrite() {
        String type = getContentType();
        if (skips.eligible(true)) {
            mode = Mode.SCANNING;
            if (outputs.streamTaken() && HeaderPolicy.headerCharset(type) == null) {
                charset.startPrescan();
            }
        } else {
            mode = Mode.PASS;
            stopInjectors();
            headers.forwardContentLength();
        }
    }

    /** Whether the response, as it stands now (its type known), gets a snippet. */
    boolean eligibleNow() {
        return skips.eligible(false);
    }

    // ---------------------------------------------------------------- for the hooks and LiveChatSnippets

    /** The charset the browser will read this page in. */
    PageCharset charset() {
        return charset;
    }

    /** The stream or writer the application got, and the injector under it. */
    BodyOutputs outputs() {
        return outputs;
    }

    /** Marks identity headers for a snippet the template placed by hand (called by {@link LiveChatSnippets}). */
    void placedByHand(Snippet s) {
        hooks.placedByHand(s);
    }

    /** Whether the headers were made private for an identity, or still can be. */
    boolean identityCanBePrivate() {
        return hooks.identityCanBePrivate();
    }

    /** Whether a snippet was written into this response. */
    boolean injected() {
        return hooks.injected() != null;
    }

    /** The snippet written into this response, or {@code null}. */
    Snippet injectedSnippet() {
        return hooks.injected();
    }

    /** Whether the response passes through untouched from now on. */
    boolean passing() {
        return mode == Mode.PASS;
    }

    // ---------------------------------------------------------------- end of the body, end of the request

    /**
     * Stops injecting and writes out any held-back bytes, in order. Called when the request ends (the application may
     * never close its stream), when the stream closes, and whenever the response stops being eligible.
     */
    void finish() throws IOException {
        MetaCharsetPrescan p = charset.endOfScan(mode == Mode.SCANNING);
        mode = Mode.PASS;
        outputs.finishInjectors();
        charset.writeOutHeld(p);
    }

    /**
     * Ends the request's work on this response: writes out held-back bytes, then counts, once, why no snippet went in
     * when none did.
     */
    void finishRequest() throws IOException {
        finishRequest(false);
    }

    /**
     * {@link #finishRequest()} for a request whose chain completed or threw ({@code chainFailed}). When the container
     * is to render this response's error page (the application called {@code sendError} or threw) and no snippet went
     * in: with error pages on, nothing is counted here and {@code true} is returned, so the filter injects into the
     * error dispatch, which counts the outcome; with error pages off the page is counted as
     * {@link WidgetFilterMetrics.SkipReason#ERROR_PAGE}.
     */
    boolean finishRequest(boolean chainFailed) throws IOException {
        boolean errorPageFollows = (chainFailed || errorSent) && hooks.injected() == null && !snippet.placedByHand();
        try {
            finish();
        } finally {
            skips.requestEnded(errorPageFollows);
        }
        return errorPageFollows && settings.errorPages();
    }

    void stopInjectors() {
        try {
            finish();
        } catch (IOException e) {
            // the client went away; the container reports it on the next write
        }
    }

    private void discardHeld() {
        mode = Mode.PASS;
        charset.forget();
        outputs.discardInjectors();
    }

    /** For {@code setWriteListener}: non-blocking output is passed through untouched. */
    void passThroughFromNowOn() throws IOException {
        finish();
    }

    // ---------------------------------------------------------------- reset, errors, redirects

    @Override
    public void reset() {
        super.reset(); // throws when committed; then nothing changes here
        headers.reset();
        hooks.reset();
        charset.forget();
        outputs.discardInjectors();
        outputs.forget(); // Servlet 6: reset() also clears the getWriter()/getOutputStream() choice
        mode = Mode.UNDECIDED;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        hooks.bufferReset();
        charset.forget();
        outputs.renewInjectors();
        mode = Mode.UNDECIDED;
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        errorSent = true;
        discardHeld();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        errorSent = true;
        discardHeld();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        discardHeld();
        super.sendRedirect(location);
    }

    // Servlet 6.1 variants. On a 6.0 container nothing calls these (the interface lacks them).

    @Override
    public void sendRedirect(String location, boolean clearBuffer) throws IOException {
        prepareRedirect(clearBuffer);
        super.sendRedirect(location, clearBuffer);
    }

    @Override
    public void sendRedirect(String location, int sc) throws IOException {
        discardHeld();
        super.sendRedirect(location, sc);
    }

    @Override
    public void sendRedirect(String location, int sc, boolean clearBuffer) throws IOException {
        prepareRedirect(clearBuffer);
        super.sendRedirect(location, sc, clearBuffer);
    }

    private void prepareRedirect(boolean clearBuffer) throws IOException {
        if (clearBuffer) {
            discardHeld();
        } else {
            finish(); // the body written so far stays, held bytes included
        }
    }

    // ---------------------------------------------------------------- headers

    @Override
    public void setContentType(String type) {
        super.setContentType(type);
        if (type != null && mode == Mode.SCANNING && !HeaderPolicy.isHtml(type)) {
            stopInjectors();
        }
    }

    @Override
    public void setCharacterEncoding(String charset) {
        super.setCharacterEncoding(charset);
        if (mode == Mode.SCANNING && !HeaderPolicy.asciiCompatible(getCharacterEncoding())) {
            stopInjectors();
        }
    }

    @Override
    public void setContentLength(int len) {
        headers.contentLength(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        headers.contentLength(len);
    }

    @Override
    public void setHeader(String name, String value) {
        if (headers.intercept(name, value, false)) {
            return;
        }
        super.setHeader(name, value);
        headers.afterHeader(name, value);
    }

    @Override
    public void addHeader(String name, String value) {
        if (headers.intercept(name, value, true)) {
            return;
        }
        super.addHeader(name, value);
        headers.afterHeader(name, value);
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (!headers.holdsIntHeader(name, value)) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (!headers.holdsIntHeader(name, value)) {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public String getHeader(String name) {
        return headers.header(name);
    }

    @Override
    public boolean containsHeader(String name) {
        return headers.containsHeader(name);
    }

    /** Lets {@link InjectingOutputStream} hand a write listener over. */
    void setWriteListener(ServletOutputStream real, WriteListener listener) throws IOException {
        passThroughFromNowOn();
        real.setWriteListener(listener);
    }
}
