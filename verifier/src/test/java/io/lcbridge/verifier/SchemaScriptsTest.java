package io.lcbridge.verifier;

import io.lcbridge.testsupport.postgres.PostgresServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The schema scripts shipped under {@code META-INF/lcbridge/schema/<db>/} and the Flyway migrations under
 * {@code META-INF/lcbridge/flyway/<db>/}: one per database, the same DDL in both places, idempotent, and run for
 * real on H2 and PostgreSQL.
 */
@ExtendWith(PostgresServer.class)
final class SchemaScriptsTest {

    private static final List<String> DATABASES =
            List.of("postgresql", "mysql", "mariadb", "sqlserver", "oracle", "h2");

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mysql", "mariadb", "sqlserver", "oracle", "h2"})
    void eachDatabaseHasASchemaScriptAndTheSameFlywayMigration(String db) throws IOException {
        String schema = resource("META-INF/lcbridge/schema/" + db + "/lcbridge_webhook_state.sql");
        String flyway = resource("META-INF/lcbridge/flyway/" + db + "/R__lcbridge_webhook_state.sql");

        assertThat(flyway).isEqualTo(schema);
        assertThat(schema)
                .contains("lcbridge_webhook_state")
                .contains("updated_at")
                .doesNotContain("1000000000");
        assertThat(DATABASES).contains(db);
    }

    @ParameterizedTest
    @CsvSource({
        "PostgreSQL, POSTGRESQL, 2",
        "MySQL, MYSQL, 1",
        "MariaDB, MARIADB, 1",
        "Microsoft SQL Server, SQLSERVER, 1",
        "Oracle, ORACLE, 1",
        "H2, H2, 2"
    })
    void theDatabaseIsRecognisedByItsProductNameAndItsScriptSplitIntoStatements(
            String product, SqlDialect dialect, int statements) {
        assertThat(SqlDialect.of(product)).isEqualTo(dialect);
        assertThat(dialect.schemaStatements(JdbcChatContextStore.DEFAULT_TABLE)).hasSize(statements);
    }

    @Test
    void anUnknownDatabaseGetsThePortableStatementsAndNoScript() {
        assertThat(SqlDialect.of("Apache Derby")).isEqualTo(SqlDialect.GENERIC);
        assertThat(SqlDialect.GENERIC.schemaResource()).isNull();
        assertThat(SqlDialect.GENERIC.upsertContext("t")).isNull();
    }

    @Test
    void aSchemaQualifiedTableNamesItsIndexAfterSchemaAndTable() {
        List<String> ddl = SqlDialect.SQLSERVER.schemaStatements("app.chat_state");

        assertThat(ddl.get(0))
                .contains("OBJECT_ID(N'app.chat_state', N'U')")
                .contains("CREATE TABLE app.chat_state (")
                .contains("CREATE INDEX app_chat_state_updated ON app.chat_state (updated_at)")
                .doesNotContain("lcbridge_webhook_state");
    }

    @Test
    void thePostgresqlScriptRunsTwiceOnPostgresql() throws Exception {
        runTwiceAndUse(PostgresServer.dataSource(), "postgresql");
    }

    @Test
    void theH2ScriptRunsTwiceOnH2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:lcbridge-schema-test;DB_CLOSE_DELAY=-1");
        h2.setUser("sa");
        runTwiceAndUse(h2, "h2");
    }

    /** Runs the shipped script as it is (default table name), twice, then lets a store use the table. */
    private static void runTwiceAndUse(DataSource dataSource, String db) throws Exception {
        String script = resource("META-INF/lcbridge/schema/" + db + "/lcbridge_webhook_state.sql");
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + JdbcChatContextStore.DEFAULT_TABLE);
            for (int run = 0; run < 2; run++) {
                for (String ddl : SqlDialect.split(script, false)) {
                    s.execute(ddl);
                }
            }
        }
        try (JdbcChatContextStore store =
                JdbcChatContextStore.builder(dataSource).createTable(false).build()) {
            assertThat(store.claim("incoming_chat|C|T", Fixtures.RECEIVED)).isEqualTo(DeliveryClaim.CLAIMED);
            store.complete("incoming_chat|C|T", Fixtures.RECEIVED);
            assertThat(store.claim("incoming_chat|C|T", Fixtures.RECEIVED)).isEqualTo(DeliveryClaim.ALREADY_DONE);
        }
        try (Connection c = dataSource.getConnection();
                ResultSet rs = c.getMetaData().getIndexInfo(null, null, indexTableName(c), false, false)) {
            boolean purgeIndex = false;
            while (rs.next()) {
                purgeIndex |= "updated_at".equalsIgnoreCase(rs.getString("COLUMN_NAME"));
            }
            assertThat(purgeIndex).as("an index on updated_at for the purge").isTrue();
        }
    }

    private static String indexTableName(Connection c) throws Exception {
        return c.getMetaData().storesUpperCaseIdentifiers()
                ? JdbcChatContextStore.DEFAULT_TABLE.toUpperCase(java.util.Locale.ROOT)
                : JdbcChatContextStore.DEFAULT_TABLE;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SchemaScriptsTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
