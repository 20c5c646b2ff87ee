package io.lcbridge.verifier;

import org.junit.jupiter.api.extension.ExtendWith;

import javax.sql.DataSource;

/**
 * {@link JdbcChatContextStore} on a real MariaDB server: the {@code mariadb} schema script, {@code INSERT IGNORE} and
 * {@code ON DUPLICATE KEY UPDATE}, group commit.
 */
@ExtendWith(MariaDbServer.class)
final class MariaDbJdbcChatContextStoreTest extends JdbcStoreContract {

    @Override
    DataSource dataSource() {
        return MariaDbServer.dataSource();
    }
}
