package io.lcbridge.verifier;

import org.jspecify.annotations.Nullable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Group commit of single-row writes that never fail on an existing key ({@code INSERT … ON CONFLICT},
 * {@code UPDATE}): writes that arrive while others are being written wait, then go to the database together, one
 * JDBC batch per statement (one round trip each) in one transaction (one commit), instead of one round trip and
 * one commit each. A caller still returns only after its own write is committed, with its own update count, so
 * what a write means is unchanged; only how many writes share a commit changes.
 *
 * <p>A write that arrives while fewer than {@code flushers} groups are in flight is written at once, alone and in
 * auto-commit, as without group commit: an idle store pays nothing for it. When a group fails (a deadlock with
 * another node, a driver that reports no per-row counts), it is rolled back and each of its writes is retried
 * alone, so each caller sees exactly its own outcome; a failure to reach the database fails the whole group at
 * once.
 *
 * <p>A write whose caller need not wait for it ({@link #executeLater}) goes to a queue of its own: the next group of
 * writes that callers wait for takes it along when it has room (no extra commit), and the group commit's own daemon
 * thread writes what is left when a group ends with no caller's write queued, or at once when no group is in flight.
 * That thread takes no flusher: a caller's write never waits behind a write nobody waits for. {@link #close} writes
 * what is still queued before it returns.
 */
final class GroupCommit implements AutoCloseable {

    private static final int MAX_GROUP = 64;
    // a safety net for callers waiting for their write only: a waiter is unparked when its write is done, or when a
    // flusher frees up while it is queued (the background writer parks without a limit, see writeLater)
    private static final long PARK_NANOS = 10_000_000;

    private final DataSource dataSource;
    private final List<String> statements;
    private final Semaphore flushers;
    private final int flusherCount;
    /** Writes whose callers wait for them. */
    private final ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>();
    /** Writes nobody waits for, not yet taken into a group. */
    private final ConcurrentLinkedQueue<Write> laterQueue = new ConcurrentLinkedQueue<>();
    /** Writes nobody waits for, not yet written (queued or in a group in flight). */
    private final AtomicInteger later = new AtomicInteger();
    /** Set with each unpark that asks the background writer to write what {@link #laterQueue} holds. */
    private final AtomicBoolean writeLaterNow = new AtomicBoolean();

    private final Object lifecycle = new Object();
    private volatile @Nullable Thread background; // written under lifecycle
    private volatile boolean closed;

    /**
     * @param statements the SQL of each statement kind, by index; a group writes the kinds in this order and, within
     *     a kind, in key order, so that two groups on two nodes lock shared rows in the same order
     * @param flushers how many groups may be in flight at once
     */
    GroupCommit(DataSource dataSource, List<String> statements, int flushers) {
        this.dataSource = dataSource;
        this.statements = List.copyOf(statements);
        this.flushers = new Semaphore(flushers);
        this.flusherCount = flushers;
    }

    /** Runs statement {@code kind} on the row {@code key} with {@code params}; returns its update count. */
    int execute(int kind, String key, @Nullable Object... params) throws SQLException {
        Write write = new Write(kind, key, params, Thread.currentThread(), null);
        queue.add(write);
        while (!write.done) {
            // nothing queued: this write is in a group in flight, whose writer unparks it when done
            if (queue.isEmpty() || !leadOne()) {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        if (write.failure != null) {
            throw write.failure;
        }
        return write.count;
    }

    /**
     * Queues statement {@code kind} on the row {@code key} and returns at once: it is written with the next group, or
     * by the background writer when no group is in flight. {@code whenDone} then gets {@code null}, or the failure of
     * a write that could not be made (on the thread that tried). After {@link #close()} the write is made at once, on
     * the caller's thread.
     */
    void executeLater(int kind, String key, Consumer<@Nullable SQLException> whenDone, @Nullable Object... params) {
        Thread writer = backgroundCounting();
        if (writer == null) {
            SQLException failure = null;
            try {
                execute(kind, key, params);
            } catch (SQLException e) {
                failure = e;
            }
            whenDone.accept(failure);
            return;
        }
        laterQueue.add(new Write(kind, key, params, writer, whenDone));
        if (flushers.availablePermits() == flusherCount) {
            wakeBackgroundWriter(writer); // no group in flight to take it along
        }
        // else the group in flight, once it ends, wakes the next caller (whose group takes it along) or the writer
    }

    private void wakeBackgroundWriter(Thread writer) {
        writeLaterNow.set(true);
        LockSupport.unpark(writer);
    }

    /**
     * Writes one group if a flusher is free: the callers' queued writes, then as many writes nobody waits for as fit.
     * Then wakes the owner of the next caller's write, or else the background writer if writes nobody waits for are
     * left; false if no flusher was free.
     */
    private boolean leadOne() {
        if (!flushers.tryAcquire()) {
            return false;
        }
        try {
            List<Write> group = new ArrayList<>();
            Write w;
            while (group.size() < MAX_GROUP && (w = queue.poll()) != null) {
                group.add(w);
            }
            while (group.size() < MAX_GROUP && (w = laterQueue.poll()) != null) {
                group.add(w);
            }
            flush(group);
        } finally {
            flushers.release();
        }
        Write next = queue.peek();
        if (next != null) {
            LockSupport.unpark(next.owner); // a waiting write: its owner may lead the next group
        } else if (!laterQueue.isEmpty()) {
            Thread writer = background;
            if (writer != null) {
                wakeBackgroundWriter(writer);
            }
        }
        return true;
    }

    /**
     * The background writer (started on first use), having counted one more write for it; null once closed. Counted
     * under the lock that {@link #close} takes, so the writer never stops with a counted write still to come.
     */
    private @Nullable Thread backgroundCounting() {
        synchronized (lifecycle) {
            if (closed) {
                return null;
            }
            Thread t = background;
            if (t == null) {
                t = new Thread(this::writeLater, "lcbridge-jdbc-store-group-commit");
                t.setDaemon(true);
                t.start();
                background = t;
            }
            later.incrementAndGet();
            return t;
        }
    }

    /**
     * The background writer's loop. It parks without a time limit until asked to write, then writes everything queued
     * for it, in groups, without taking a flusher. Every way a write nobody waits for can be left queued ends in such
     * a request:
     * <ul>
     *   <li>{@link #executeLater} queues a write and finds no group in flight: it asks at once;</li>
     *   <li>it finds a group in flight: that group's flusher, once released ({@link #leadOne}), wakes the owner of the
     *       next caller's write, whose group takes the write along (or, if it does not fit or another group took that
     *       caller's write, the end of that group wakes the next the same way), or asks this thread when no caller's
     *       write is queued;</li>
     *   <li>{@link #close} asks it for good, and once closed each of its writes written in another group unparks it
     *       ({@link Write#finish}), so that it sees the last one done and stops.</li>
     * </ul>
     * A spurious wake-up only runs the loop once more.
     */
    private void writeLater() {
        while (!closed || later.get() > 0) {
            if (writeLaterNow.getAndSet(false) || closed) {
                List<Write> group = new ArrayList<>();
                Write w;
                while ((w = laterQueue.poll()) != null) {
                    group.add(w);
                    if (group.size() == MAX_GROUP) {
                        flush(group);
                        group = new ArrayList<>();
                    }
                }
                flush(group);
                if (!closed || later.get() > 0 && laterQueue.isEmpty()) {
                    LockSupport.park(this);
                }
            } else {
                LockSupport.park(this);
            }
        }
    }

    /** The background writer's state, null before its first use (tests: idle, it waits without a time limit). */
    Thread.@Nullable State backgroundWriterState() {
        synchronized (lifecycle) {
            return background == null ? null : background.getState();
        }
    }

    /** Queued writes nobody waits for, not yet written (tests). */
    int pendingLater() {
        return later.get();
    }

    /**
     * Writes what {@link #executeLater} queued (waiting up to 30 seconds for a database that does not answer), then
     * stops the background writer; later writes are made at once on their caller's thread.
     */
    @Override
    public void close() {
        Thread t;
        synchronized (lifecycle) {
            closed = true;
            t = background;
        }
        if (t == null) {
            return;
        }
        LockSupport.unpark(t);
        try {
            t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Callers' writes waiting for a group (tests). */
    int queued() {
        return queue.size();
    }

    /** Writes nobody waits for, waiting for a group or for the background writer (tests). */
    int queuedLater() {
        return laterQueue.size();
    }

    /** Writes {@code group} and hands each writer its outcome. */
    private void flush(List<Write> group) {
        if (group.isEmpty()) {
            return;
        }
        if (group.size() == 1) {
            alone(group.get(0));
            return;
        }
        group.sort(Comparator.<Write>comparingInt(x -> x.kind).thenComparing(x -> x.key));
        Connection c;
        try {
            c = dataSource.getConnection();
        } catch (SQLException e) {
            group.forEach(x -> x.fail(e)); // the database is out of reach: every write of the group fails alike
            return;
        } catch (RuntimeException e) {
            SQLException wrapped = new SQLException(
                    "could not get a connection: " + e.getClass().getName(), e);
            group.forEach(x -> x.fail(wrapped));
            return;
        }
        boolean written = false;
        try (Connection connection = c) {
            connection.setAutoCommit(false);
            try {
                int from = 0;
                while (from < group.size()) {
                    int kind = group.get(from).kind;
                    int to = from;
                    while (to < group.size() && group.get(to).kind == kind) {
                        to++;
                    }
                    List<Write> same = group.subList(from, to);
                    try (PreparedStatement ps = connection.prepareStatement(statements.get(kind))) {
                        for (Write x : same) {
                            bind(ps, x.params);
                            ps.addBatch();
                        }
                        int[] counts = ps.executeBatch();
                        if (counts.length != same.size()) {
                            throw new SQLException("batch answered " + counts.length + " counts for " + same.size());
                        }
                        for (int i = 0; i < counts.length; i++) {
                            if (counts[i] < 0) {
                                // e.g. a driver rewriting batches: no per-row answer, so no claim can be decided
                                throw new SQLException("batch reported no row count");
                            }
                            same.get(i).count = counts[i];
                        }
                    }
                    from = to;
                }
                connection.commit();
                written = true;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // the connection is broken; the retries below get another one
                }
            } finally {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // a pool resets it; a broken connection is discarded by the pool
                }
            }
        } catch (SQLException | RuntimeException e) {
            // setAutoCommit(false) or close failed: retried alone below unless written
        }
        if (written) {
            group.forEach(Write::finish);
        } else {
            group.forEach(this::alone); // each caller gets exactly its own outcome
        }
    }

    private void alone(Write w) {
        try {
            w.count = executeAlone(dataSource, statements.get(w.kind), w.params);
            w.finish();
        } catch (SQLException e) {
            w.fail(e);
        } catch (RuntimeException e) {
            w.fail(new SQLException("write failed: " + e.getClass().getName(), e));
        }
    }

    /**
     * Runs one single-row write alone, in auto-commit, and returns its update count. A write the database rolled back
     * as the victim of a deadlock or a serialization failure (SQLState class 40: MySQL and MariaDB report two
     * transactions inserting the same new key as a deadlock, PostgreSQL may too) had no effect, so it is run again,
     * up to {@value #ROLLED_BACK_ATTEMPTS} times in all; any other failure, or the last one, is thrown.
     */
    static int executeAlone(DataSource dataSource, String statement, @Nullable Object[] params) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(statement)) {
                bind(ps, params);
                return ps.executeUpdate();
            } catch (SQLException e) {
                if (attempt >= ROLLED_BACK_ATTEMPTS || !rolledBack(e)) {
                    throw e;
                }
            }
        }
    }

    /** Attempts of a write alone when the database keeps rolling it back (deadlock victim, serialization failure). */
    static final int ROLLED_BACK_ATTEMPTS = 3;

    /** SQLState class 40, "transaction rollback": 40001 (serialization failure; MySQL's deadlock), 40P01 (deadlock). */
    static boolean rolledBack(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("40");
    }

    static void bind(PreparedStatement ps, @Nullable Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            if (p == null) {
                ps.setNull(i + 1, Types.VARCHAR);
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else {
                ps.setString(i + 1, (String) p);
            }
        }
    }

    private final class Write {
        final int kind;
        final String key;
        final @Nullable Object[] params;
        final Thread owner;
        /** Null: the owner waits for the outcome; else nobody waits, and this gets it (null: written). */
        final @Nullable Consumer<@Nullable SQLException> whenDone;

        volatile int count = -1;
        volatile @Nullable SQLException failure;
        volatile boolean done;

        Write(
                int kind,
                String key,
                @Nullable Object[] params,
                Thread owner,
                @Nullable Consumer<@Nullable SQLException> whenDone) {
            this.kind = kind;
            this.key = key;
            this.params = params;
            this.owner = owner;
            this.whenDone = whenDone;
        }

        void finish() {
            done = true;
            if (whenDone == null) {
                LockSupport.unpark(owner);
                return;
            }
            try {
                whenDone.accept(failure);
            } catch (RuntimeException ignored) {
                // a failing callback must not stop the group's other writes
            } finally {
                later.decrementAndGet();
                if (closed) {
                    LockSupport.unpark(owner); // the background writer, draining for close(): maybe its last write
                }
            }
        }

        void fail(SQLException e) {
            failure = e;
            finish();
        }
    }
}
