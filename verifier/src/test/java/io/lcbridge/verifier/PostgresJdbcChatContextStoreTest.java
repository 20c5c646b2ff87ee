package io.lcbridge.verifier;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link JdbcChatContextStore} on a real PostgreSQL server started for the test run. */
@ExtendWith(PostgresServer.class)
final class PostgresJdbcChatContextStoreTest extends JdbcStoreContract {

    @Override
    DataSource dataSource() {
        return PostgresServer.dataSource();
    }
}
