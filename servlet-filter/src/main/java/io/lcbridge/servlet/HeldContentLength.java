package io.lcbridge.servlet;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * The application's {@code Content-Length}, held ({@link HeaderPolicy}) for {@link InjectingResponse} while the page
 * may still change length: forwarded unchanged when the response turns out not to be eligible, raised by the
 * snippet's length when the snippet is written before commit, and otherwise never forwarded (the container then
 * streams chunked). A stale length never truncates a page.
 */
final class HeldContentLength {

    /** Sets the container's {@code Content-Length}. */
    private final LongConsumer container;

    private final BooleanSupplier committed;
    /** The held length, or -1 when the application set none (or cleared it). */
    private long held = -1;

    HeldContentLength(LongConsumer container, BooleanSupplier committed) {
        this.container = container;
        this.committed = committed;
    }

    /**
     * The application set {@code len}.
     *
     * @param passing  whether the response passes through untouched from now on
     * @param injected the snippet already written into the page, or {@code null}
     */
    void set(long len, boolean passing, Snippet injected) {
        if (passing && injected == null) {
            container.accept(len); // the app's bytes go out unchanged: its length is right
            return;
        }
        if (injected != null) {
            if (!committed.getAsBoolean() && len >= 0) {
                container.accept(len + injected.html().length());
            }
            return;
        }
        held = len; // held while the page may still change length
    }

    /** The response passes through untouched before any byte was written: the held length is right. */
    void forwardUnchanged() {
        if (held >= 0 && !committed.getAsBoolean()) {
            container.accept(held);
        }
    }

    /** {@code snippetLength} characters (ASCII) went into the page before commit: the held length grows by them. */
    void snippetWritten(int snippetLength) {
        if (held >= 0 && !committed.getAsBoolean()) {
            container.accept(held + snippetLength);
        }
    }

    /** The application removed its length, or reset the response. */
    void clear() {
        held = -1;
    }

    /** Whether a length is held. */
    boolean isHeld() {
        return held >= 0;
    }

    /** The held length as a header value; {@code null} when none is held. */
    String headerValue() {
        return held >= 0 ? Long.toString(held) : null;
    }
}
