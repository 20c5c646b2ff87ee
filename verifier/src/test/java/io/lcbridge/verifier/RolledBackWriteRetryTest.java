package io.lcbridge.verifier;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A claim the database rolls back as a deadlock victim (MariaDB reports two nodes inserting the same new delivery key
 * at once as SQLState 40001) is run again, so that one node wins and the others see the claim, instead of a 503 for
 * a delivery nobody else holds. Seen in CI as a flaky {@code concurrentClaimsFromSeveralNodesLetExactlyOneWin} on
 * MariaDB; here the database's answer is forced, on H2, for the store's portable claim and for a group-committed write.
 */
final class RolledBackWriteRetryTest {

    private static final Instant NOW = Instant.parse("2026-12-01T07:00:00Z");
    private static final AtomicInteger TABLES = new AtomicInteger();

    /** Fails the first {@code failures} single-row writes with {@code error}, counting every write attempted. */
    private static final class FailingWrites {
        final JdbcDataSource h2 = new JdbcDataSource();
        final AtomicInteger attempts = new AtomicInteger();
        final int failures;
        final Supplier<SQLException> error;

        FailingWrites(int failures, Supplier<SQLException> error) {
            this.failures = failures;
            this.error = error;
            h2.setURL("jdbc:h2:mem:lcbridge-rolled-back;DB_CLOSE_DELAY=-1");
            h2.setUser("sa");
        }

        DataSource dataSource() {
            return proxy(DataSource.class, (self, method, args) -> {
                Object result = invoke(h2, method, args);
                return result instanceof Connection c ? connection(c) : result;
            });
        }

        private Connection connection(Connection real) {
            return proxy(Connection.class, (self, method, args) -> {
                Object result = invoke(real, method, args);
                if (result instanceof PreparedStatement ps && method.getName().equals("prepareStatement")) {
                    return statement(ps, (String) args[0]);
                }
                return result;
            });
        }

        private PreparedStatement statement(PreparedStatement real, String sql) {
            return proxy(PreparedStatement.class, (self, method, args) -> {
                if (method.getName().equals("executeUpdate")
                        && sql.stripLeading().startsWith("INSERT")) {
                    if (attempts.incrementAndGet() <= failures) {
                        throw error.get();
                    }
                }
                return invoke(real, method, args);
            });
        }

        JdbcChatContextStore store(boolean groupCommit) {
            return JdbcChatContextStore.builder(dataSource())
                    .table("lcbridge_rolled_back_" + TABLES.incrementAndGet())
                    .groupCommit(groupCommit)
                    .build();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static SQLException deadlock() {
        return new SQLTransactionRollbackException("Deadlock found when trying to get lock", "40001", 1213);
    }

    @Test
    void aClaimRolledBackAsADeadlockVictimIsRunAgainAndWins() {
        FailingWrites db = new FailingWrites(1, RolledBackWriteRetryTest::deadlock);
        try (JdbcChatContextStore store = db.store(false)) {
            assertThat(store.claim("incoming_chat|C1", NOW)).isEqualTo(DeliveryClaim.CLAIMED);
            assertThat(db.attempts.get()).isEqualTo(2);
            assertThat(store.claim("incoming_chat|C1", NOW)).isNotEqualTo(DeliveryClaim.CLAIMED);
        }
    }

    @Test
    void aGroupCommittedWriteRolledBackAsADeadlockVictimIsRunAgain() throws Exception {
        FailingWrites db = new FailingWrites(1, RolledBackWriteRetryTest::deadlock);
        String table = "lcbridge_rolled_back_" + TABLES.incrementAndGet();
        try (Connection c = db.h2.getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE " + table + " (k VARCHAR(64) PRIMARY KEY)");
        }
        GroupCommit group = new GroupCommit(db.dataSource(), List.of("INSERT INTO " + table + " (k) VALUES (?)"), 2);

        assertThat(group.execute(0, "k1", "k1")).isEqualTo(1); // idle: written alone, at once
        assertThat(db.attempts.get()).isEqualTo(2);
        try (Connection c = db.h2.getConnection();
                java.sql.Statement st = c.createStatement();
                java.sql.ResultSet rows = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aWriteRolledBackEveryTimeFailsAfterThreeAttempts() {
        FailingWrites db = new FailingWrites(Integer.MAX_VALUE, RolledBackWriteRetryTest::deadlock);
        try (JdbcChatContextStore store = db.store(false)) {
            assertThatThrownBy(() -> store.claim("incoming_chat|C2", NOW))
                    .isInstanceOf(ChatContextStoreException.class)
                    .hasMessageContaining("SQLState 40001");
            assertThat(db.attempts.get()).isEqualTo(GroupCommit.ROLLED_BACK_ATTEMPTS);
        }
    }

    @Test
    void otherFailuresAreNotRunAgain() {
        FailingWrites db = new FailingWrites(
                Integer.MAX_VALUE, () -> new SQLTransientConnectionException("connection reset", "08006"));
        try (JdbcChatContextStore store = db.store(false)) {
            assertThatThrownBy(() -> store.claim("incoming_chat|C3", NOW))
                    .isInstanceOf(ChatContextStoreException.class)
                    .hasMessageContaining("SQLState 08006");
            assertThat(db.attempts.get()).isEqualTo(1);
        }
    }
}
