package io.lcbridge.servlet;

import jakarta.servlet.ServletOutputStream;

import java.io.IOException;

/**
 * Whether the browser will read {@link InjectingResponse}'s page in an ASCII-compatible charset, the one condition
 * the snippet's bytes need. A page written to the stream whose {@code Content-Type} names no charset is read in the
 * charset it declares itself: its first bytes (at most {@value MetaCharsetPrescan#WINDOW}) are held here until
 * {@link MetaCharsetPrescan} has a verdict, then go on through the {@link ByteInjector}, or, for a page that is not
 * ASCII-compatible, out untouched. Kept apart so the holding and releasing of those bytes reads in one place.
 */
final class PageCharset {

    private final InjectingResponse response;
    private final BodyOutputs outputs;

    /** Byte path, no charset in {@code Content-Type}: what the page's first bytes declare (null: not needed). */
    private MetaCharsetPrescan prescan;
    /** How many of the prescan's window bytes went on (the rest are held until a verdict, a flush, or the end). */
    private int prescanReleased;
    /** Whether this response gets no snippet because of its charset as the body declares it (or could not tell). */
    private boolean charsetRefused;

    PageCharset(InjectingResponse response, BodyOutputs outputs) {
        this.response = response;
        this.outputs = outputs;
    }

    /** The first write, on the byte path without a charset in {@code Content-Type}: the page's bytes will tell. */
    void startPrescan() {
        prescan = new MetaCharsetPrescan(); // the browser reads the charset from the page itself
        prescanReleased = 0;
    }

    /**
     * Scans bytes the application wrote while {@link InjectingResponse#scanning()}. Without a charset in
     * {@code Content-Type}, the page's first bytes are held back until {@link MetaCharsetPrescan} has a verdict, so
     * the injector never sees a marker before the page's charset is known; a page that is not ASCII-compatible then
     * streams through untouched. A flush sends the held bytes on before the verdict; a marker among them gets no
     * snippet.
     */
    void scanBytes(byte[] b, int off, int len, ServletOutputStream real) throws IOException {
        MetaCharsetPrescan p = prescan;
        if (p == null || p.verdict() != MetaCharsetPrescan.Verdict.PENDING) {
            outputs.byteInjector().write(b, off, len, real);
            return;
        }
        int taken = p.feed(b, off, len);
        if (p.verdict() == MetaCharsetPrescan.Verdict.PENDING) {
            return; // held in the window
        }
        if (p.verdict() == MetaCharsetPrescan.Verdict.ASCII_COMPATIBLE) {
            outputs.byteInjector().write(p.window(), prescanReleased, p.length() - prescanReleased, real);
            prescanReleased = p.length();
        } else {
            refuseCharset(); // finish() writes the held bytes out untouched
        }
        write(b, off + taken, len - taken, real);
    }

    /** The application flushed: bytes held for the prescan go on now, before its verdict. */
    void flushPrescan(ServletOutputStream real) throws IOException {
        MetaCharsetPrescan p = prescan;
        if (p != null && prescanReleased < p.length() && response.stillScanning()) {
            outputs.byteInjector().write(p.window(), prescanReleased, p.length() - prescanReleased, real);
            prescanReleased = p.length();
        }
    }

    private void write(byte[] b, int off, int len, ServletOutputStream real) throws IOException {
        if (len == 0) {
            return;
        }
        if (response.stillScanning()) {
            outputs.byteInjector().write(b, off, len, real);
        } else {
            real.write(b, off, len);
        }
    }

    private void refuseCharset() {
        charsetRefused = true;
        response.stopInjectors();
    }

    /**
     * The body ends, or stops being scanned, before the injectors finish: the prescan decides on what was seen, and
     * while {@code scanning} an ASCII-compatible page's held bytes go through the injector.
     *
     * @return the prescan, for {@link #writeOutHeld(MetaCharsetPrescan)} once the injectors finished
     */
    MetaCharsetPrescan endOfScan(boolean scanning) throws IOException {
        MetaCharsetPrescan p = prescan;
        if (p != null) {
            if (p.end() != MetaCharsetPrescan.Verdict.ASCII_COMPATIBLE) {
                charsetRefused = true; // the body ended, or stops being scanned: decide on what was seen
            } else if (scanning && prescanReleased < p.length()) {
                outputs.byteInjector()
                        .write(p.window(), prescanReleased, p.length() - prescanReleased, outputs.containerStream());
                prescanReleased = p.length();
            }
        }
        return p;
    }

    /** After the injectors finished: the bytes still held go out untouched, after the injector's. */
    void writeOutHeld(MetaCharsetPrescan p) throws IOException {
        if (p != null && prescanReleased < p.length()) {
            outputs.containerStream().write(p.window(), prescanReleased, p.length() - prescanReleased);
            prescanReleased = p.length();
        }
    }

    /**
     * Whether the browser will read this body with an ASCII-compatible charset. The {@code Content-Type} charset
     * decides when there is one; otherwise the page's own declaration, found by {@link MetaCharsetPrescan} (byte
     * path). The writer path always has one: {@code getWriter()} puts the charset it encodes with into the header
     * (Servlet spec, {@code ServletResponse.getWriter}); a container that does not is not trusted.
     */
    boolean knownSafe() {
        if (charsetRefused) {
            return false;
        }
        String declared = HeaderPolicy.headerCharset(response.getContentType());
        if (declared != null) {
            return HeaderPolicy.asciiCompatible(declared);
        }
        if (prescan != null) {
            return prescan.verdict() == MetaCharsetPrescan.Verdict.ASCII_COMPATIBLE;
        }
        return !outputs.writerTaken(); // byte path with a charset in the header at the first write: as before
    }

    /** The charset as the body declares it (or could not tell) keeps the snippet out. */
    void refuse() {
        charsetRefused = true;
    }

    /** Whether the charset as the body declares it (or could not tell) keeps the snippet out. */
    boolean refused() {
        return charsetRefused;
    }

    /** {@code reset()}, {@code resetBuffer()}, or the held body discarded: no prescan, no verdict. */
    void forget() {
        prescan = null;
        prescanReleased = 0;
        charsetRefused = false;
    }
}
