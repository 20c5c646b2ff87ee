package io.lcbridge.servlet;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One overall deadline for reading a request body on the calling thread, however slowly the bytes arrive. The time is
 * checked after every read, and at the deadline the reading thread is interrupted, so a read blocked on a silent
 * sender returns too where the container's blocking read is interruptible (Jetty's is); elsewhere the container's idle
 * timeout ends it. {@link #close()} must run on the reading thread before it does anything else: it cancels the alarm
 * and clears an interrupt the alarm may have delivered, so the container's thread goes on uninterrupted.
 */
final class BodyDeadline implements AutoCloseable {

    private static final ScheduledThreadPoolExecutor ALARMS = alarms();

    private final Thread reader = Thread.currentThread();
    private final long deadlineNanos;
    private final ScheduledFuture<?> alarm;
    private boolean closed;
    private boolean fired;

    private BodyDeadline(Duration timeout) {
        long nanos = timeout.toNanos();
        this.deadlineNanos = System.nanoTime() + nanos;
        this.alarm = ALARMS.schedule(this::fire, nanos, TimeUnit.NANOSECONDS);
    }

    /** Starts the clock for a read on the current thread. */
    static BodyDeadline start(Duration timeout) {
        return new BodyDeadline(timeout);
    }

    /** Reads until end of stream or {@code max} bytes, whichever comes first. */
    byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] buffer = new byte[Math.min(max, 8192)];
        int length = 0;
        while (length < max) {
            if (length == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(max, 2L * buffer.length));
            }
            int n = read(in, buffer, length, buffer.length - length);
            if (n < 0) {
                break;
            }
            length += n;
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    /**
     * Reads and discards up to {@code max} more bytes. A server that closes the connection with request bytes still
     * unread makes the sender's TCP stack reset it, and the sender may then never see the answer; past the bound the
     * connection is closed anyway.
     */
    void drain(InputStream in, long max) throws IOException {
        byte[] scratch = new byte[8192];
        long left = max;
        int n;
        while (left > 0 && (n = read(in, scratch, 0, (int) Math.min(scratch.length, left))) >= 0) {
            left -= n;
        }
    }

    private int read(InputStream in, byte[] buffer, int offset, int length) throws IOException {
        if (expired()) {
            throw new Expired();
        }
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            if (expired()) {
                throw new Expired();
            }
            throw e;
        }
    }

    private boolean expired() {
        return System.nanoTime() - deadlineNanos >= 0;
    }

    private synchronized void fire() {
        if (!closed) {
            fired = true;
            reader.interrupt();
        }
    }

    /** Stops the deadline now (same as {@link #close()}): no interrupt reaches the thread after this returns. */
    void disarm() {
        close();
    }

    /** Stops the alarm; clears the interrupt it delivered, if it did. Call on the reading thread. */
    @Override
    public void close() {
        boolean clear;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            clear = fired;
        }
        alarm.cancel(false);
        if (clear) {
            Thread.interrupted();
        }
    }

    private static ScheduledThreadPoolExecutor alarms() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "lcbridge-webhook-body-deadline");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** The body was not complete at the deadline. */
    static final class Expired extends IOException {

        private static final long serialVersionUID = 1L;

        Expired() {
            super("request body not complete within the read deadline");
        }
    }
}
