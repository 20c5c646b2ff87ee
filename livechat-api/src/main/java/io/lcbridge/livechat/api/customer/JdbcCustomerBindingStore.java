package io.lcbridge.livechat.api.customer;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link CustomerBindingStore} in one small SQL table, shared by every app node that uses the same database: the
 * user id is the primary key, so when two nodes bind the same user at once exactly one insert succeeds and the other
 * node reads the winner (the same style as the verifier's {@code JdbcChatContextStore}).
 *
 * <p>The table (default {@value #DEFAULT_TABLE}) is created if absent:
 * <pre>
 * CREATE TABLE lcbridge_customer_binding (
 *   user_id    VARCHAR(255) PRIMARY KEY,  -- the app's user id (sub); longer ids are stored as "sha256:" + hex digest
 *   entity_id  VARCHAR(255) NOT NULL,     -- LiveChat's customer id
 *   created_at BIGINT NOT NULL            -- epoch milliseconds
 * );</pre>
 * Portable SQL only (tested on H2 and PostgreSQL); each statement runs in auto-commit. Bindings are kept until the
 * app deletes them (a user who is deleted: {@code DELETE FROM lcbridge_customer_binding WHERE user_id = ?}). Every
 * failure surfaces as {@link CustomerBindingStoreException}.
 */
public final class JdbcCustomerBindingStore implements CustomerBindingStore {

    /** Default table name. */
    public static final String DEFAULT_TABLE = "lcbridge_customer_binding";

    private static final Pattern TABLE_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");
    private static final int MAX_KEY = 255;

    private final DataSource dataSource;
    private final Clock clock;
    private final String select;
    private final String insert;

    private JdbcCustomerBindingStore(Builder b) {
        this.dataSource = b.dataSource;
        this.clock = b.clock;
        this.select = "SELECT entity_id FROM " + b.table + " WHERE user_id = ?";
        this.insert = "INSERT INTO " + b.table + " (user_id, entity_id, created_at) VALUES (?, ?, ?)";
        if (b.createTable) {
            createTable(b.table);
        }
    }

    /** A store on {@code dataSource} with the default table; creates the table if absent. */
    public static JdbcCustomerBindingStore create(DataSource dataSource) {
        return builder(dataSource).build();
    }

    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    private void createTable(String table) {
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (user_id VARCHAR(255) PRIMARY KEY, "
                    + "entity_id VARCHAR(255) NOT NULL, created_at BIGINT NOT NULL)");
        } catch (SQLException e) {
            throw new CustomerBindingStoreException(
                    "cannot create table " + table + " (SQLState " + e.getSQLState() + ")", e);
        }
    }

    @Override
    public Optional<String> find(String userId) {
        try (Connection c = dataSource.getConnection()) {
            return Optional.ofNullable(read(c, key(userId)));
        } catch (SQLException e) {
            throw failure("find", e);
        }
    }

    @Override
    public String bind(String userId, String entityId) {
        Objects.requireNonNull(entityId, "entityId");
        if (entityId.isBlank() || entityId.length() > MAX_KEY) {
            throw new IllegalArgumentException("entityId must be 1-" + MAX_KEY + " characters");
        }
        String key = key(userId);
        try (Connection c = dataSource.getConnection()) {
            // the primary key makes this atomic across nodes: of several inserts exactly one succeeds
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setString(1, key);
                ps.setString(2, entityId);
                ps.setLong(3, clock.millis());
                ps.executeUpdate();
                return entityId;
            } catch (SQLException e) {
                if (!isDuplicate(e)) {
                    throw e;
                }
            }
            String winner = read(c, key);
            if (winner == null) {
                throw new SQLException("binding vanished after a duplicate-key conflict", "40001");
            }
            return winner;
        } catch (SQLException e) {
            throw failure("bind", e);
        }
    }

    private String read(Connection c, String key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The user id as stored: itself, or its SHA-256 digest when longer than the column. */
    static String key(String userId) {
        Objects.requireNonNull(userId, "userId");
        if (userId.isEmpty()) {
            throw new IllegalArgumentException("userId must not be empty");
        }
        if (userId.length() <= MAX_KEY && !userId.startsWith("sha256:")) {
            return userId;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(userId.getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Unique-constraint violation: SQLState class 23 (integrity) on PostgreSQL, H2 and others. */
    private static boolean isDuplicate(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("23505") || state.equals("23000") || state.equals("23001"));
    }

    private static CustomerBindingStoreException failure(String what, SQLException e) {
        return new CustomerBindingStoreException(
                "customer binding " + what + " failed (SQLState " + e.getSQLState() + ")", e);
    }

    @Override
    public String toString() {
        return "JdbcCustomerBindingStore[" + select.substring(select.indexOf(" FROM ") + 6, select.indexOf(" WHERE"))
                + "]";
    }

    /** Settings of a {@link JdbcCustomerBindingStore}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String table = DEFAULT_TABLE;
        private boolean createTable = true;
        private Clock clock = Clock.systemUTC();

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The table (optionally schema-qualified: letters, digits, underscores); default {@value #DEFAULT_TABLE}. */
        public Builder table(String name) {
            if (!TABLE_NAME.matcher(Objects.requireNonNull(name, "name")).matches()) {
                throw new IllegalArgumentException("table name must be [schema.]identifier of letters, digits, _");
            }
            this.table = name;
            return this;
        }

        /** Whether to create the table when absent (default true; switch off when migrations own the schema). */
        public Builder createTable(boolean value) {
            this.createTable = value;
            return this;
        }

        /** The clock that stamps {@code created_at}. */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public JdbcCustomerBindingStore build() {
            return new JdbcCustomerBindingStore(this);
        }
    }
}
