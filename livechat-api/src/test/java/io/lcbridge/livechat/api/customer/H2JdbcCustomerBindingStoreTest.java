package io.lcbridge.livechat.api.customer;

import org.h2.jdbcx.JdbcDataSource;

import java.util.UUID;

/** {@link JdbcCustomerBindingStore} on an in-memory H2 database, two store instances sharing it. */
final class H2JdbcCustomerBindingStoreTest extends CustomerBindingStoreContract {

    private final JdbcDataSource dataSource = new JdbcDataSource();
    private final CustomerBindingStore store;
    private final CustomerBindingStore second;

    H2JdbcCustomerBindingStoreTest() {
        dataSource.setURL("jdbc:h2:mem:binding-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        store = JdbcCustomerBindingStore.create(dataSource);
        second = JdbcCustomerBindingStore.create(dataSource);
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
