package io.lcbridge.verifier;

import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;

/** Token bindings of {@link JdbcChatContextStore} on an embedded H2 database. */
final class H2JdbcTokenBindingTest extends JdbcTokenBindingContract {

    private static final JdbcDataSource H2 = new JdbcDataSource();

    static {
        H2.setURL("jdbc:h2:mem:lcbridge-binding-test;DB_CLOSE_DELAY=-1");
        H2.setUser("sa");
    }

    @Override
    DataSource dataSource() {
        return H2;
    }
}
