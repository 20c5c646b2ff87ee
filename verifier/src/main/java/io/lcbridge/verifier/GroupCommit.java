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
import java.util.concurrent.locks.LockSupport;

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
 */
final class GroupCommit {

    private static final int MAX_GROUP = 64;
    // a safety net only: a waiter is unparked when its write is done, or when a flusher frees up while it is queued
    private static final long PARK_NANOS = 10_000_000;

    private final DataSource dataSource;
    private final List<String> statements;
    private final Semaphore flushers;
    private final ConcurrentLinkedQueue<Write> queue = new ConcurrentLinkedQueue<>();

    /**
     * @param statements the SQL of each statement kind, by index; a group writes the kinds in this order and, within
     *     a kind, in key order, so that two groups on two nodes lock shared rows in the same order
     * @param flushers how many groups may be in flight at once
     */
    GroupCommit(DataSource dataSource, List<String> statements, int flushers) {
        this.dataSource = dataSource;
        this.statements = List.copyOf(statements);
        this.flushers = new Semaphore(flushers);
    }

    /** Runs statement {@code kind} on the row {@code key} with {@code params}; returns its update count. */
    int execute(int kind, String key, @Nullable Object... params) throws SQLException {
        Write write = new Write(kind, key, params, Thread.currentThread());
        queue.add(write);
        while (!write.done) {
            if (flushers.tryAcquire()) {
                try {
                    flush();
                } finally {
                    flushers.release();
                }
                Write next = queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.owner); // a waiting write: its owner may lead the next group
                }
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
            }
        }
        if (write.failure != null) {
            throw write.failure;
        }
        return write.count;
    }

    /** Writes waiting for a group (tests). */
    int queued() {
        return queue.size();
    }

    /** Writes what is queued (up to one group) and hands each writer its outcome. */
    private void flush() {
        List<Write> group = new ArrayList<>();
        Write w;
        while (group.size() < MAX_GROUP && (w = queue.poll()) != null) {
            group.add(w);
        }
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(statements.get(w.kind))) {
            bind(ps, w.params);
            w.count = ps.executeUpdate();
            w.finish();
        } catch (SQLException e) {
            w.fail(e);
        } catch (RuntimeException e) {
            w.fail(new SQLException("write failed: " + e.getClass().getName(), e));
        }
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

    private static final class Write {
        final int kind;
        final String key;
        final @Nullable Object[] params;
        final Thread owner;
        volatile int count = -1;
        volatile @Nullable SQLException failure;
        volatile boolean done;

        Write(int kind, String key, @Nullable Object[] params, Thread owner) {
            this.kind = kind;
            this.key = key;
            this.params = params;
            this.owner = owner;
        }

        void finish() {
            done = true;
            LockSupport.unpark(owner);
        }

        void fail(SQLException e) {
            failure = e;
            finish();
        }
    }
}
