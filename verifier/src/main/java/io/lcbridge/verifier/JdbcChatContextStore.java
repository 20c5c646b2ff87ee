package io.lcbridge.verifier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@link ChatContextStore} in one small SQL table, shared by every app node that uses the same
 * database: a retry that lands on another node is still recognised, because a delivery is claimed
 * by inserting its key under a primary-key constraint.
 *
 * <p>The table (default {@value #DEFAULT_TABLE}) has four columns:
 * <pre>
 * state_key  VARCHAR(255) PRIMARY KEY  -- "c|chat|thread" for contexts, "d|delivery key" for deliveries,
 *                                      -- "b|jti" for token bindings
 * state      VARCHAR(16) NOT NULL      -- CONTEXT, CLAIMED, DONE or BOUND
 * data       (a large text type)       -- the context as JSON; the bound LiveChat customer id
 * updated_at BIGINT NOT NULL           -- epoch milliseconds (reception time; a binding: the token's exp),
 *                                      -- indexed for the purge</pre>
 * Its DDL differs per database, so it ships as one script per database under
 * {@code META-INF/lcbridge/schema/<db>/lcbridge_webhook_state.sql} ({@code postgresql}, {@code mysql},
 * {@code mariadb}, {@code sqlserver}, {@code oracle}, {@code h2}), and as Flyway repeatable migrations under
 * {@code META-INF/lcbridge/flyway/<db>/}. Unless {@linkplain Builder#createTable turned off}, the store runs the
 * script of its database when the table is absent. The database is recognised from
 * {@link java.sql.DatabaseMetaData#getDatabaseProductName()}; the runtime statements are the portable ones
 * ({@code INSERT}, {@code SELECT}, {@code UPDATE}, {@code DELETE} on the primary key, a unique-key violation caught
 * by its SQLState) except where the database has a one-statement form ({@code INSERT … ON CONFLICT} on PostgreSQL,
 * {@code INSERT IGNORE} and {@code ON DUPLICATE KEY UPDATE} on MySQL/MariaDB, {@code MERGE … KEY} on H2). Tested on
 * H2, PostgreSQL and MariaDB; the MySQL, SQL Server and Oracle scripts and statements are written to their manuals
 * but not run by this project's tests. Every failure surfaces as {@link ChatContextStoreException} (→ 503, LiveChat
 * retries).
 *
 * <h2>Round trips</h2>
 * Each step of a delivery is one statement: the claim (insert, or take over a lapsed claim), the token binding, the
 * context write and the completion; on PostgreSQL the claim and the context write are one statement (the context is
 * written only if the claim is this node's), and a token binding this store already knows costs none. On a database server (PostgreSQL, MySQL, MariaDB) writes that arrive while
 * others are in flight are group-committed: written together, one batch per statement kind in one transaction,
 * each caller returning only once its own write is committed, except the webhook flow's completion, which is queued
 * and written with the next group (a redelivery meanwhile is answered as handled by this store, as in progress by
 * others; {@link #close()} writes what is queued). Give the store a pooling {@link DataSource} (e.g.
 * HikariCP; Spring Boot's default): the store takes one connection per statement or group.
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
 * wins, every other node reads the winner). Such a row never changes while it is live, so each store instance also
 * remembers the live bindings it wrote or read (up to 4,096): a token presented again,
 * in a later webhook of its chat or another chat of its page, costs no round trip.
 */
public final class JdbcChatContextStore implements ChatContextStore, AutoCloseable {

    /** Default table name. */
    public static final String DEFAULT_TABLE = "lcbridge_webhook_state";

    private static final Pattern TABLE_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final int MAX_KEY = 255;
    /** Default time between two purges of expired rows. */
    public static final Duration DEFAULT_PURGE_INTERVAL = Duration.ofMinutes(1);
    /** Groups of writes in flight at once (group commit); more connections than this only queue in the database. */
    private static final int FLUSHERS = Math.max(2, Runtime.getRuntime().availableProcessors());

    // statement kinds of the group commit, in the order a group writes them
    private static final int CLAIM = 0;
    private static final int CLAIM_SAVING_CONTEXT = 1;
    private static final int INSERT_IF_ABSENT = 2;
    private static final int UPSERT_CONTEXT = 3;
    private static final int MARK_DONE = 4;

    /** Time between two tries of a completion that could not be written ({@link #completeLater}). */
    static final long COMPLETION_RETRY_MILLIS = 1000;

    /** Token bindings remembered by one store instance; past this many the least useful are forgotten. */
    static final int MAX_REMEMBERED_BINDINGS = 4096;

    private static final System.Logger LOG = System.getLogger(JdbcChatContextStore.class.getName());

    private final DataSource dataSource;
    private final String table;
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
    private final @Nullable SqlDialect forcedDialect;
    private final @Nullable Boolean forcedGroupCommit;
    private volatile @Nullable Sql sql; // resolved on first use: the database may be down when the store is built
    private final Object purgeLock = new Object();
    private volatile boolean purgeStarted;
    private ScheduledExecutorService purger; // guarded by purgeLock
    private boolean closed; // guarded by purgeLock
    /**
     * Live token bindings this store wrote or read, by row key. A binding row never changes while it is live (the
     * first insert wins; only the purge deletes it, once its expiry is older than the TTL), so a remembered one is
     * what the database would answer, without the round trip.
     */
    private final Cache<String, Binding> bindings = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED_BINDINGS)
            .executor(Runnable::run)
            .build();

    /**
     * Deliveries this store dispatched whose completion is queued or being retried ({@link #completeLater}), by row
     * key, with the completion time: a claim of one of them is answered {@link DeliveryClaim#ALREADY_DONE}.
     */
    private final ConcurrentHashMap<String, Long> pendingDone = new ConcurrentHashMap<>();

    /** A binding row: the customer and the row's {@code updated_at} (the token's expiry, epoch milliseconds). */
    private record Binding(String customerId, long expiresAtMillis) {}

    /** The statements of the dialect in use. */
    private record Sql(
            SqlDialect dialect,
            @Nullable String claimIfFree,
            @Nullable String claimSavingContext,
            @Nullable String insertIfAbsent,
            @Nullable String upsertContext,
            @Nullable GroupCommit group) {}

    private JdbcChatContextStore(Builder b) {
        this.dataSource = b.dataSource;
        this.ttl = b.ttl;
        this.lease = b.lease;
        this.clock = b.clock;
        this.purgeInterval = b.purgeInterval;
        this.forcedDialect = b.dialect;
        this.forcedGroupCommit = b.groupCommit;
        String t = b.table;
        this.table = t;
        this.insert = "INSERT INTO " + t + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)";
        this.selectOne = "SELECT state, data, updated_at FROM " + t + " WHERE state_key = ?";
        this.updateContext = "UPDATE " + t + " SET data = ?, updated_at = ? WHERE state_key = ?";
        this.takeOver = "UPDATE " + t
                + " SET state = 'CLAIMED', updated_at = ? WHERE state_key = ? AND state = ? AND updated_at = ?";
        this.markDone = "UPDATE " + t + " SET state = 'DONE', updated_at = ? WHERE state_key = ?";
        this.delete = "DELETE FROM " + t + " WHERE state_key = ? AND state = 'CLAIMED'";
        this.purge = "DELETE FROM " + t + " WHERE updated_at < ?";
        if (b.createTable) {
            createTable();
        }
    }

    /** A store on {@code dataSource} with the default table, TTL and lease; creates the table if absent. */
    public static JdbcChatContextStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** The statements for this store's database, recognised from the connection's metadata on first use. */
    private Sql sql() throws SQLException {
        Sql s = sql;
        if (s != null) {
            return s;
        }
        SqlDialect dialect = forcedDialect;
        if (dialect == null) {
            try (Connection c = dataSource.getConnection()) {
                dialect = SqlDialect.of(c.getMetaData());
            }
        }
        boolean group = forcedGroupCommit != null ? forcedGroupCommit : dialect.groupCommit();
        String claimIfFree = dialect.claimIfFree(table);
        String claimSavingContext = claimIfFree == null ? null : dialect.claimSavingContext(table);
        String insertIfAbsent = dialect.insertIfAbsent(table);
        String upsertContext = dialect.upsertContext(table);
        GroupCommit groupCommit = null;
        if (group) {
            List<String> kinds = new ArrayList<>(5);
            kinds.add(claimIfFree != null ? claimIfFree : insertIfAbsent != null ? insertIfAbsent : insert);
            kinds.add(claimSavingContext != null ? claimSavingContext : insert); // the latter never used
            kinds.add(insertIfAbsent != null ? insertIfAbsent : insert);
            kinds.add(upsertContext != null ? upsertContext : insert);
            kinds.add(markDone);
            groupCommit = new GroupCommit(dataSource, kinds, FLUSHERS);
        }
        s = new Sql(dialect, claimIfFree, claimSavingContext, insertIfAbsent, upsertContext, groupCommit);
        sql = s;
        return s;
    }

    /**
     * Runs one single-row write: through the group commit when on, else alone in auto-commit; either way a write the
     * database rolled back as a deadlock victim is run again ({@link GroupCommit#executeAlone}).
     */
    private int write(Sql s, int kind, String statement, String key, @Nullable Object... params) throws SQLException {
        GroupCommit group = s.group();
        if (group != null) {
            return group.execute(kind, key, params);
        }
        return GroupCommit.executeAlone(dataSource, statement, params);
    }

    private void createTable() {
        try {
            try (Connection c = dataSource.getConnection()) {
                if (tableExists(c)) {
                    return;
                }
                SqlDialect dialect = SqlDialect.of(c.getMetaData()); // the real product, whatever a test forces
                try (Statement st = c.createStatement()) {
                    for (String ddl : dialect.schemaStatements(table)) {
                        st.execute(ddl);
                    }
                } catch (SQLException e) {
                    if (!tableExists(c)) { // else another node created it meanwhile
                        throw e;
                    }
                }
            }
        } catch (SQLException e) {
            throw new ChatContextStoreException(
                    "cannot create table " + table + " (SQLState " + e.getSQLState() + ")", e);
        } catch (IllegalStateException e) {
            throw new ChatContextStoreException("cannot create table " + table + ": " + e.getMessage(), e);
        }
    }

    private boolean tableExists(Connection c) {
        try (Statement st = c.createStatement()) {
            st.setMaxRows(1);
            try (ResultSet rs = st.executeQuery("SELECT state_key FROM " + table + " WHERE 1 = 0")) {
                return rs.getMetaData().getColumnCount() == 1;
            }
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void save(ChatContext context) {
        String key = key("c|", context.chatId() + "|" + context.threadId());
        String json = ContextCodec.encode(context);
        long at = context.updatedAt().toEpochMilli();
        try {
            Sql s = sql();
            if (s.upsertContext() != null) {
                write(s, UPSERT_CONTEXT, s.upsertContext(), key, key, json, at);
            } else {
                // a new thread is the common case (incoming_chat): insert first, replace on conflict
                try (Connection c = dataSource.getConnection()) {
                    try (PreparedStatement ps = c.prepareStatement(insert)) {
                        GroupCommit.bind(ps, new Object[] {key, "CONTEXT", json, at});
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        if (!isDuplicate(e)) {
                            throw e;
                        }
                        update(c, json, at, key);
                    }
                }
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
        Binding known = bindings.getIfPresent(key);
        if (known != null) {
            if (known.expiresAtMillis() > oldestLive) {
                return Optional.of(known.customerId()); // what the SELECT below would read
            }
            bindings.asMap().remove(key, known); // past its retention: the database decides (it binds nothing)
        }
        try {
            Sql s = sql();
            if (exp > oldestLive) {
                // unique key: of several nodes inserting at once exactly one succeeds; the others read its row
                boolean inserted;
                if (s.insertIfAbsent() != null) {
                    inserted = write(s, INSERT_IF_ABSENT, s.insertIfAbsent(), key, key, "BOUND", customerId, exp) == 1;
                } else {
                    inserted = insertOrDuplicate(key, "BOUND", customerId, exp);
                }
                if (inserted) {
                    remember(key, new Binding(customerId, exp));
                    return Optional.of(customerId);
                }
            }
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement(selectOne)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    // a row past its retention (not purged yet) binds nothing: the token is too old to bind
                    if (!rs.next() || !"BOUND".equals(rs.getString(1)) || rs.getLong(3) <= oldestLive) {
                        return Optional.empty();
                    }
                    String owner = rs.getString(2);
                    if (owner != null) {
                        remember(key, new Binding(owner, rs.getLong(3)));
                    }
                    return Optional.ofNullable(owner);
                }
            }
        } catch (SQLException e) {
            throw failure("bindToken", e);
        }
    }

    /** Remembers a live binding (bounded by size, as the in-memory store's caches; the database knows them all). */
    private void remember(String key, Binding binding) {
        bindings.put(key, binding);
    }

    /** How many token bindings this store remembers (tests). */
    long rememberedBindings() {
        bindings.cleanUp();
        return bindings.estimatedSize();
    }

    /** Inserts a row with the portable statement (run again if rolled back as a deadlock victim); false when its key exists. */
    private boolean insertOrDuplicate(String key, String state, @Nullable String data, long at) throws SQLException {
        try {
            GroupCommit.executeAlone(dataSource, insert, new Object[] {key, state, data, at});
            return true;
        } catch (SQLException e) {
            if (!isDuplicate(e)) {
                throw e;
            }
            return false;
        }
    }

    @Override
    public DeliveryClaim claim(String deliveryKey, Instant now) {
        return claim(deliveryKey, now, null);
    }

    /**
     * Whether {@link #claimSavingContext} writes the claim and the context in one statement (PostgreSQL): the
     * webhook flow then rebuilds the context first and saves it with the claim, one write instead of two. False
     * when the database cannot be reached yet (the ordinary flow then fails as it would).
     */
    boolean claimsWithContext() {
        try {
            return sql().claimSavingContext() != null;
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Claims {@code deliveryKey} and, only when this call claimed it, saves {@code context}, both or neither in one
     * statement where the database has it ({@link #claimsWithContext()}), else one after the other.
     */
    DeliveryClaim claimSavingContext(String deliveryKey, Instant now, ChatContext context) {
        return claim(deliveryKey, now, Objects.requireNonNull(context, "context"));
    }

    private DeliveryClaim claim(String deliveryKey, Instant now, @Nullable ChatContext context) {
        startPurging();
        String key = key("d|", deliveryKey);
        if (pendingDone.containsKey(key)) {
            return DeliveryClaim.ALREADY_DONE; // handled here; its completion is not written yet
        }
        long at = now.toEpochMilli();
        try {
            Sql s = sql();
            if (context != null && s.claimSavingContext() == null) {
                DeliveryClaim claim = claim(deliveryKey, now, null);
                if (claim == DeliveryClaim.CLAIMED) {
                    try {
                        save(context);
                    } catch (RuntimeException e) {
                        release(deliveryKey);
                        throw e;
                    }
                }
                return claim;
            }
            String contextKey = null;
            String json = null;
            long contextAt = 0;
            if (context != null) {
                contextKey = key("c|", context.chatId() + "|" + context.threadId());
                json = ContextCodec.encode(context);
                contextAt = context.updatedAt().toEpochMilli();
            }
            for (int attempt = 0; attempt < 3; attempt++) {
                boolean claimed;
                if (contextKey != null) {
                    // the claim, and the context only if claimed: one statement, one row counted when both
                    claimed = write(
                                    s,
                                    CLAIM_SAVING_CONTEXT,
                                    s.claimSavingContext(),
                                    key,
                                    key,
                                    at,
                                    at - lease.toMillis(),
                                    at - ttl.toMillis(),
                                    contextKey,
                                    json,
                                    contextAt)
                            == 1;
                } else if (s.claimIfFree() != null) {
                    // inserts, or takes over a lapsed claim or an expired record, in one statement
                    claimed = write(s, CLAIM, s.claimIfFree(), key, key, at, at - lease.toMillis(), at - ttl.toMillis())
                            == 1;
                } else if (s.insertIfAbsent() != null) {
                    claimed = write(s, CLAIM, s.insertIfAbsent(), key, key, "CLAIMED", null, at) == 1;
                } else {
                    claimed = insertOrDuplicate(key, "CLAIMED", null, at);
                }
                if (claimed) {
                    return DeliveryClaim.CLAIMED;
                }
                try (Connection c = dataSource.getConnection()) {
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
                    if (s.claimIfFree() != null) {
                        continue; // changed since the claim statement ran: run it again
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
            }
            return DeliveryClaim.IN_PROGRESS;
        } catch (SQLException e) {
            throw failure("claim", e);
        }
    }

    @Override
    public void complete(String deliveryKey, Instant now) {
        try {
            String key = key("d|", deliveryKey);
            write(sql(), MARK_DONE, markDone, key, now.toEpochMilli(), key);
        } catch (SQLException e) {
            throw failure("complete", e);
        }
    }

    /**
     * Marks {@code deliveryKey} handled without waiting for the write where writes are group-committed: the update
     * is queued and written with the next group (the webhook flow answers its 200 meanwhile). Until it is written,
     * this store answers a claim of the delivery {@link DeliveryClaim#ALREADY_DONE} (this node handled it), and other
     * nodes find it claimed ({@link DeliveryClaim#IN_PROGRESS}, retried later): never dispatched again. A completion
     * that cannot be written (the database went down) is logged and tried again every
     * {@value #COMPLETION_RETRY_MILLIS} ms until written, for up to the TTL, or until {@link #close()}. Elsewhere
     * the same as {@link #complete}.
     */
    void completeLater(String deliveryKey, Instant now) {
        GroupCommit group;
        try {
            group = sql().group();
        } catch (SQLException e) {
            throw failure("complete", e);
        }
        if (group == null) {
            complete(deliveryKey, now);
            return;
        }
        String key = key("d|", deliveryKey);
        long at = now.toEpochMilli();
        pendingDone.put(key, at);
        writeDone(group, key, at, clock.millis(), true);
    }

    /** Queues the completion of {@code key}; a failure is tried again until the TTL after {@code since}. */
    private void writeDone(GroupCommit group, String key, long at, long since, boolean first) {
        group.executeLater(
                MARK_DONE,
                key,
                failure -> {
                    if (failure == null) {
                        pendingDone.remove(key, at);
                        return;
                    }
                    if (first) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                () -> "lcbridge could not mark a webhook delivery as handled, will retry: "
                                        + failure.getClass().getName() + " (SQLState " + failure.getSQLState() + ")");
                    }
                    if (clock.millis() - since > ttl.toMillis()
                            || !retryLater(() -> writeDone(group, key, at, since, false))) {
                        pendingDone.remove(key, at); // given up: the claim lapses after its lease
                    }
                },
                at,
                key);
    }

    /** Runs {@code retry} on the store's thread after {@value #COMPLETION_RETRY_MILLIS} ms; false once closed. */
    private boolean retryLater(Runnable retry) {
        startPurging();
        synchronized (purgeLock) {
            if (purger == null) {
                return false;
            }
            purger.schedule(retry, COMPLETION_RETRY_MILLIS, TimeUnit.MILLISECONDS);
            return true;
        }
    }

    /** Completions queued by {@link #completeLater} and not yet written (tests). */
    int pendingCompletions() {
        return pendingDone.size();
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
        if (purgeStarted) {
            return; // every write calls this: no lock once running
        }
        synchronized (purgeLock) {
            if (purger != null || closed) {
                return;
            }
            purgeStarted = true;
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

    /**
     * Writes the completions still queued (group commit), and stops the purge thread. The store still answers calls;
     * rows are then purged by nobody.
     */
    @Override
    public void close() {
        Sql s = sql;
        GroupCommit group = s == null ? null : s.group();
        if (group != null) {
            group.close();
        }
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

    private ChatContextStoreException failure(String operation, SQLException e) {
        String state = e.getSQLState();
        // 42xxx: syntax error or access rule violation, e.g. PostgreSQL's 42P01 and H2's/MySQL's 42S02 "no such table"
        String hint = state != null && state.startsWith("42")
                ? "; does table " + table + " exist? (schema scripts: META-INF/lcbridge/schema/<db>/)"
                : "";
        return new ChatContextStoreException(
                "chat-context store " + operation + " failed (SQLState " + state + ")" + hint, e);
    }

    /** Settings of a {@link JdbcChatContextStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private Duration ttl = InMemoryChatContextStore.DEFAULT_TTL;
        private Duration lease = InMemoryChatContextStore.DEFAULT_CLAIM_LEASE;
        private boolean createTable = true;
        private @Nullable SqlDialect dialect;
        private @Nullable Boolean groupCommit;
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

        /** Tests: the dialect to use instead of the one the connection's metadata names. */
        Builder dialect(SqlDialect dialect) {
            this.dialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** Tests: group commit on or off instead of the dialect's default. */
        Builder groupCommit(boolean groupCommit) {
            this.groupCommit = groupCommit;
            return this;
        }

        /**
         * Whether to create the table if absent, with the schema script of the database (default true; turn off when
         * migrations own the schema, see {@code META-INF/lcbridge/schema/} and {@code META-INF/lcbridge/flyway/}).
         */
        public Builder createTable(boolean createTable) {
            this.createTable = createTable;
            return this;
        }

        public JdbcChatContextStore build() {
            return new JdbcChatContextStore(this);
        }
    }
}
