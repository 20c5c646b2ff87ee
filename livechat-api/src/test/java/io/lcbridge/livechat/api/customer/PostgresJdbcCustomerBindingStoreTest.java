package io.lcbridge.livechat.api.customer;

import io.lcbridge.testsupport.postgres.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link JdbcCustomerBindingStore} on a real PostgreSQL server (the verifier's test launcher), two store instances
 * (two app nodes) on one table.
 */
@ExtendWith(PostgresServer.class)
final class PostgresJdbcCustomerBindingStoreTest extends CustomerBindingStoreContract {

    private static CustomerBindingStore store;
    private static CustomerBindingStore second;

    @BeforeAll
    static void stores() {
        store = JdbcCustomerBindingStore.create(PostgresServer.dataSource());
        second = JdbcCustomerBindingStore.builder(PostgresServer.dataSource()).build();
    }

    @Override
    CustomerBindingStore store() {
        return store;
    }

    @Override
    CustomerBindingStore second() {
        return second;
    }
}
