package io.lcbridge.verifier;

import io.lcbridge.testsupport.postgres.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;

/**
 * {@link JdbcChatContextStore} on a real PostgreSQL server with only the portable statements (plain {@code INSERT},
 * duplicate caught by SQLState, then {@code SELECT}/{@code UPDATE}) and no group commit: what SQL Server, Oracle and
 * unknown databases run.
 */
@ExtendWith(PostgresServer.class)
final class PostgresPortableJdbcChatContextStoreTest extends JdbcStoreContract {

    @Override
    DataSource dataSource() {
        return PostgresServer.dataSource();
    }

    @Override
    JdbcChatContextStore.Builder tune(JdbcChatContextStore.Builder builder) {
        return builder.dialect(SqlDialect.GENERIC).groupCommit(false);
    }
}
