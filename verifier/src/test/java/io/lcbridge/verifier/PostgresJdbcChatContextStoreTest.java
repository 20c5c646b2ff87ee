package io.lcbridge.verifier;

import io.lcbridge.testsupport.postgres.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;

/** {@link JdbcChatContextStore} on a real PostgreSQL server started for the test run. */
@ExtendWith(PostgresServer.class)
final class PostgresJdbcChatContextStoreTest extends JdbcStoreContract {

    @Override
    DataSource dataSource() {
        return PostgresServer.dataSource();
    }
}
