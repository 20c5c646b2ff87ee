package io.lcbridge.verifier;

import io.lcbridge.testsupport.postgres.PostgresServer;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;

/** Token bindings of {@link JdbcChatContextStore} on a real PostgreSQL server: two nodes racing from threads. */
@ExtendWith(PostgresServer.class)
final class PostgresJdbcTokenBindingTest extends JdbcTokenBindingContract {

    @Override
    DataSource dataSource() {
        return PostgresServer.dataSource();
    }
}
