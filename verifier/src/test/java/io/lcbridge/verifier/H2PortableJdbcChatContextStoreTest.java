package io.lcbridge.verifier;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;

/**
 * {@link JdbcChatContextStore} on embedded H2 with only the portable statements, and with group commit on: the
 * portable claim and binding run alone, the completions are group-committed.
 */
final class H2PortableJdbcChatContextStoreTest extends JdbcStoreContract {

    private static final JdbcDataSource H2 = new JdbcDataSource();

    static {
        H2.setURL("jdbc:h2:mem:lcbridge-portable-store-test;DB_CLOSE_DELAY=-1");
        H2.setUser("sa");
    }

    @Override
    DataSource dataSource() {
        return H2;
    }

    @Override
    JdbcChatContextStore.Builder tune(JdbcChatContextStore.Builder builder) {
        return builder.dialect(SqlDialect.GENERIC).groupCommit(true);
    }
}
