package io.lcbridge.verifier;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/** Token bindings in {@link JdbcChatContextStore}: two store instances on one database are two nodes. */
abstract class JdbcTokenBindingContract extends TokenBindingStoreContract {

    private static final AtomicInteger TABLES = new AtomicInteger();

    final String table = "lcbridge_binding_" + TABLES.incrementAndGet() + "_" + System.nanoTime() % 100000;

    abstract DataSource dataSource();

    @Override
    ChatContextStore node() {
        return JdbcChatContextStore.builder(dataSource()).table(table).ttl(TTL).build();
    }

    @Override
    int bindingsAfterPurge(ChatContextStore store, Instant now) {
        ((JdbcChatContextStore) store).purgeExpired(now);
        try (Connection c = dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE state = 'BOUND'");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
