package io.lcbridge.verifier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@link ChatContextStore} in one small SQL table, shared by every app node that uses the same
 * database: a retry that lands on another node is still recognised, because a delivery is claimed
 * by inserting its key under a primary-key constraint.
 *
 * <p>The table (default {@value #DEFAULT_TABLE}) is created if absent:
 * <pre>
 * CREATE TABLE lcbridge_webhook_state (
 *   state_key  VARCHAR(255) PRIMARY KEY,   -- "c|chat|thread" for contexts, "d|delivery key" for deliveries,
 *                                          -- "b|jti" for token bindings
 *   state      VARCHAR(16) NOT NULL,       -- CONTEXT, CLAIMED, DONE or BOUND
 *   data       VARCHAR(1000000),           -- the context as JSON; the bound LiveChat customer id
 *   updated_at BIGINT NOT NULL             -- epoch milliseconds (reception time; a binding: the token's exp)
 * );
 * CREATE INDEX lcbridge_webhook_state_updated ON lcbridge_webhook_state (updated_at);  -- for the purge</pre>
 * Portable SQL only (tested on H2 and PostgreSQL); each statement runs in auto-commit. Every failure
 * surfaces as {@link ChatContextStoreException} (→ 503, LiveChat retries).
 *
 * <h2>Retention</h2>
 * Chat contexts hold personal data (the verified identity), so they are kept no longer than the TTL
 * (default 24 h, measured from the reception time of the delivery that wrote them): {@link #find}
 * never returns a context older than the TTL by the store's {@linkplain Builder#clock clock}, and a
 * daemon thread owned by the store deletes rows older than the TTL every
 * {@linkplain Builder#purgeInterval purge interval} (default 1 minute), whether or not webhooks
 * arrive. The thread starts with the first write (or {@link #startPurging()}) and stops on
 * {@link #close()}. A handled delivery older than the TTL no longer counts as handled.
 *
 * <h2>Token bindings</h2>
 * A token binding is one row whose {@code updated_at} is the token's {@code exp}, so it is purged the
 * TTL after the token expired; the primary key makes binding atomic across nodes (the first insert
 * wins, every other node reads the winner).
 */
public final class JdbcChatContextStore implements ChatContextStore, AutoCloseable {

    /** Default table name. */
    public static final String DEFAULT_TABLE = "lcbridge_webhook_state";

    private static final Pattern TABLE_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final int MAX_KEY = 255;
    /** Default time between two purges of expired rows. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);

    private static final System.Logger LOG = System.getLogger(JdbcChatContextStore.class.getName());

    private final DataSource dataSource;
    private final Duration ttl;
    private final Duration lease;
    private final String insert;
    private final String selectOne;
    private final String updateContext;
    private final String takeOver;
    private final String markDone;
    private final String delete;
    private final String purge;
    private final Clock clock;
    private final Duration purgeInterval;
    private final Object purgeLock = new Object();
    private ScheduledExecutorService purger; // guarded by purgeLock
    private boolean closed; // guarded by purgeLock

    private JdbcChatContextStore(Builder b) {
        this.dataSource = b.dataSource;
        this.ttl = b.ttl;
        this.lease = b.lease;
        this.clock = b.clock;
        this.purgeInterval = b.purgeInterval;
        String t = b.table;
        this.insert = "INSERT INTO " + t + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)";
        this.selectOne = "SELECT state, data, updated_at FROM " + t + " WHERE state_key = ?";
        this.updateContext = "UPDATE " + t + " SET data = ?, updated_at = ? WHERE state_key = ?";
        this.takeOver = "UPDATE " + t
                + " SET state = 'CLAIMED', updated_at = ? WHERE state_key = ? AND state = ? AND updated_at = ?";
        this.markDone = "UPDATE " + t + " SET state = 'DONE', updated_at = ? WHERE state_key = ?";
        this.delete = "DELETE FROM " + t + " WHERE state_key = ? AND state = 'CLAIMED'";
        this.purge = "DELETE FROM " + t + " WHERE updated_at < ?";
        if (b.createTable) {
            createTable(t);
        }
    }

    /** A store on {@code dataSource} with the default table, TTL and lease; creates the table if absent. */
    public static JdbcChatContextStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    private void createTable(String table) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (state_key VARCHAR(255) PRIMARY KEY, "
                    + "state VARCHAR(16) NOT NULL, data VARCHAR(1000000), updated_at BIGINT NOT NULL)");
            s.execute(
                    "CREATE INDEX IF NOT EXISTS " + table.replace('.', '_') + "_updated ON " + table + " (updated_at)");
        } catch (SQLException e) {
            throw new ChatContextStoreException(
                    "cannot create table " + table + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public void save(ChatContext context) {
        String key = key("c|", context.chatId() + "|" + context.threadId());
        String json = ContextCodec.encode(context);
        long at = context.updatedAt().toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            // a new thread is the common case (incoming_chat): insert first, replace on conflict
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, key);
                ps.setString(2, "CONTEXT");
                ps.setString(3, json);
                ps.setLong(4, at);
                ps.executeUpdate();
            } catch (SQLException e) {
                if (!isDuplicate(e)) {
                    throw e;
                }
                update(c, json, at, key);
            }
        } catch (SQLException e) {
            throw failure("save", e);
        }
        startPurging();
    }

    private int update(Connection c, String json, long at, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(updateContext)) {
            ps.setString(1, json);
            ps.setLong(2, at);
            ps.setString(3, key);
            return ps.executeUpdate();
        }
    }

    @Override
    public Optional<ChatContext> find(String chatId, String threadId) {
        String key = key("c|", chatId + "|" + threadId);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(selectOne)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || !"CONTEXT".equals(rs.getString(1))) {
                    return Optional.empty();
                }
                String json = rs.getString(2);
                if (json == null || isExpired(rs.getLong(3))) {
                    return Optional.empty(); // the purge deletes it soon; never hand out personal data past the TTL
                }
                return Optional.of(ContextCodec.decode(json));
            }
        } catch (SQLException e) {
            throw failure("find", e);
        } catch (RuntimeException e) {
            throw new ChatContextStoreException("stored chat context is unreadable", e);
        }
    }

    @Override
    public Optional<String> bindToken(String tokenId, String customerId, Instant tokenExpiresAt, Instant now) {
        Objects.requireNonNull(customerId, "customerId");
        String key = key("b|", Objects.requireNonNull(tokenId, "tokenId"));
        long exp = tokenExpiresAt.toEpochMilli();
        long oldestLive = now.toEpochMilli() - ttl.toMillis();
        try (Connection c = dataSource.getConnection()) {
            if (exp > oldestLive) {
                // unique key: of several nodes inserting at once exactly one succeeds; the others read its row
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setString(1, key);
                    ps.setString(2, "BOUND");
                    ps.setString(3, customerId);
                    ps.setLong(4, exp);
                    ps.executeUpdate();
                    return Optional.of(customerId);
                } catch (SQLException e) {
                    if (!isDuplicate(e)) {
                        throw e;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(selectOne)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    // a row past its retention (not purged yet) binds nothing: the token is too old to bind
                    if (!rs.next() || !"BOUND".equals(rs.getString(1)) || rs.getLong(3) <= oldestLive) {
                        return Optional.empty();
                    }
                    return Optional.ofNullable(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw failure("bindToken", e);
        }
    }

    @Override
    public DeliveryClaim claim(String deliveryKey, Instant now) {
        startPurging();
        String key = key("d|", deliveryKey);
        long at = now.toEpochMilli();
        try (Connection c = dataSource.getConnection()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    ps.setString(1, key);
                    ps.setString(2, "CLAIMED");
                    ps.setString(3, null);
                    ps.setLong(4, at);
                    ps.executeUpdate();
                    return DeliveryClaim.CLAIMED;
                } catch (SQLException e) {
                    if (!isDuplicate(e)) {
                        throw e;
                    }
                }
                String state;
                long updated;
                try (PreparedStatement ps = c.prepareStatement(selectOne)) {
                    ps.setString(1, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            continue; // released meanwhile: insert again
                        }
                        state = rs.getString(1);
                        updated = rs.getLong(3);
                    }
                }
                boolean expired = updated < at - ttl.toMillis();
                if ("DONE".equals(state) && !expired) {
                    return DeliveryClaim.ALREADY_DONE;
                }
                if ("CLAIMED".equals(state) && updated > at - lease.toMillis()) {
                    return DeliveryClaim.IN_PROGRESS;
                }
                // a lapsed claim (its node died) or an expired record: take it over if nobody else did
                try (PreparedStatement ps = c.prepareStatement(takeOver)) {
                    ps.setLong(1, at);
                    ps.setString(2, key);
                    ps.setString(3, state);
                    ps.setLong(4, updated);
                    return ps.executeUpdate() == 1 ? DeliveryClaim.CLAIMED : DeliveryClaim.IN_PROGRESS;
                }
            }
            return DeliveryClaim.IN_PROGRESS;
        } catch (SQLException e) {
            throw failure("claim", e);
        }
    }

    @Override
    public void complete(String deliveryKey, Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(markDone)) {
            ps.setLong(1, now.toEpochMilli());
            ps.setString(2, key("d|", deliveryKey));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("complete", e);
        }
    }

    @Override
    public void release(String deliveryKey) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(delete)) {
            ps.setString(1, key("d|", deliveryKey));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("release", e);
        }
    }

    /** Deletes rows older than the TTL at {@code now}; returns how many. The store's own thread calls it on schedule. */
    public int purgeExpired(Instant now) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(purge)) {
            ps.setLong(1, now.toEpochMilli() - ttl.toMillis());
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("purge", e);
        }
    }

    /**
     * Starts the purge thread (a daemon) if it is not running: expired rows are then deleted every
     * purge interval (the first time one interval from now), with or without traffic. Called by the
     * first write; call it at start-up to purge rows a previous run left behind even if no webhook
     * arrives. No-op after {@link #close()}.
     */
    public void startPurging() {
        synchronized (purgeLock) {
            if (purger != null || closed) {
                return;
            }
            purger = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "lcbridge-jdbc-store-purge");
                t.setDaemon(true);
                return t;
            });
            long millis = purgeInterval.toMillis();
            purger.scheduleWithFixedDelay(this::scheduledPurge, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Whether the purge thread is running. */
    public boolean isPurging() {
        synchronized (purgeLock) {
            return purger != null;
        }
    }

    /** Stops the purge thread. The store still answers calls; rows are then purged by nobody. */
    @Override
    public void close() {
        ScheduledExecutorService running;
        synchronized (purgeLock) {
            closed = true;
            running = purger;
            purger = null;
        }
        if (running != null) {
            running.shutdownNow();
        }
    }

    private void scheduledPurge() {
        try {
            purgeExpired(clock.instant());
        } catch (RuntimeException e) {
            // an outage must not end the schedule: the next run tries again
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "lcbridge could not purge expired chat contexts: "
                            + e.getClass().getName());
        }
    }

    private boolean isExpired(long updatedAtMillis) {
        return updatedAtMillis < clock.millis() - ttl.toMillis();
    }

    private static String key(String prefix, String key) {
        String k = prefix + key;
        if (k.length() <= MAX_KEY) {
            return k;
        }
        byte[] sha = WebhookAuthenticator.sha256(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return prefix + "#" + java.util.HexFormat.of().formatHex(sha);
    }

    private static boolean isDuplicate(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    private static ChatContextStoreException failure(String operation, SQLException e) {
        return new ChatContextStoreException(
                "chat-context store " + operation + " failed (SQLState " + e.getSQLState() + ")", e);
    }

    /** Settings of a {@link JdbcChatContextStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private Duration ttl = InMemoryChatContextStore.DEFAULT_TTL;
        private Duration lease = InMemoryChatContextStore.DEFAULT_CLAIM_LEASE;
        private boolean createTable = true;
        private Clock clock = Clock.systemUTC();
        private Duration purgeInterval = DEFAULT_PURGE_INTERVAL;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** Table name, optionally schema-qualified; letters, digits and underscores only. */
        public Builder table(String table) {
            if (table == null || !TABLE_NAME.matcher(table).matches()) {
                throw new IllegalArgumentException("table must be a plain SQL identifier (optionally schema.table)");
            }
            this.table = table;
            return this;
        }

        /** How long contexts and handled deliveries are remembered (default 24 h, at least 1 min). */
        public Builder ttl(Duration ttl) {
            if (ttl == null || ttl.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException(
                        "ttl must be at least 1 minute (LiveChat retries within about a minute)");
            }
            this.ttl = ttl;
            return this;
        }

        /** How long an unfinished claim blocks other nodes (default 20 s, see {@link InMemoryChatContextStore#DEFAULT_CLAIM_LEASE}). */
        public Builder claimLease(Duration lease) {
            if (lease == null || lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("claimLease must be positive");
            }
            this.lease = lease;
            return this;
        }

        /** The clock {@link JdbcChatContextStore#find} and the scheduled purge measure the TTL with (default the system UTC clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Time between two purges of expired rows by the store's thread (default 1 minute, at least 100 ms). */
        public Builder purgeInterval(Duration interval) {
            if (interval == null || interval.compareTo(Duration.ofMillis(100)) < 0) {
                throw new IllegalArgumentException("purgeInterval must be at least 100 ms");
            }
            this.purgeInterval = interval;
            return this;
        }

        /** Whether to create the table if absent (default true; turn off when migrations own the schema). */
        public Builder createTable(boolean createTable) {
            this.createTable = createTable;
            return this;
        }

        public JdbcChatContextStore build() {
            return new JdbcChatContextStore(this);
        }
    }
}
