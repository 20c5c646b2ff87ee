package io.lcbridge.spring;

import io.lcbridge.verifier.ChatContextStoreException;
import io.lcbridge.verifier.DeliveryClaim;
import io.lcbridge.verifier.JdbcChatContextStore;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code livechat.webhook.jdbc.initialize-schema}: the JDBC store creates its table on an embedded database by
 * default, on any database with {@code always}, never with {@code never}.
 */
final class JdbcStoreSchemaInitializationTest {

    private static final String[] SETTINGS = {
        "livechat.license=12345678",
        "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET,
        "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY,
        "livechat.webhook.store=jdbc"
    };

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class))
            .withPropertyValues(SETTINGS);

    @TempDir
    Path dir;

    @Test
    void byDefaultTheTableIsCreatedOnAnEmbeddedDatabase() {
        DataSource memory = h2("jdbc:h2:mem:lcbridge-init-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        runner.withBean(DataSource.class, () -> memory).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LiveChatJdbcStoreProperties.class).initializeSchema())
                    .isEqualTo(LiveChatJdbcStoreProperties.InitializeSchema.EMBEDDED);
            assertThat(hasTable(memory)).isTrue();
        });
    }

    @Test
    void byDefaultTheTableIsNotCreatedOnADatabaseServer() {
        DataSource file = h2("jdbc:h2:file:" + dir.resolve("db")); // a file database: not embedded
        runner.withBean(DataSource.class, () -> file).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(hasTable(file)).isFalse();
            JdbcChatContextStore store = context.getBean(JdbcChatContextStore.class);
            assertThatThrownBy(() -> store.claim("incoming_chat|C|T", Instant.now()))
                    .isInstanceOf(ChatContextStoreException.class)
                    .hasMessageContaining("does table lcbridge_webhook_state exist?");
        });
    }

    @Test
    void alwaysCreatesTheTableOnADatabaseServer() {
        DataSource file = h2("jdbc:h2:file:" + dir.resolve("db"));
        runner.withBean(DataSource.class, () -> file)
                .withPropertyValues("livechat.webhook.jdbc.initialize-schema=always")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(hasTable(file)).isTrue();
                    assertThat(context.getBean(JdbcChatContextStore.class).claim("incoming_chat|C|T", Instant.now()))
                            .isEqualTo(DeliveryClaim.CLAIMED);
                });
    }

    @Test
    void neverLeavesEvenAnEmbeddedDatabaseAlone() {
        DataSource memory = h2("jdbc:h2:mem:lcbridge-init-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        runner.withBean(DataSource.class, () -> memory)
                .withPropertyValues("livechat.webhook.jdbc.initialize-schema=never")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(hasTable(memory)).isFalse();
                });
    }

    @Test
    void anUnknownModeFailsStartUp() {
        DataSource memory = h2("jdbc:h2:mem:lcbridge-init-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        runner.withBean(DataSource.class, () -> memory)
                .withPropertyValues("livechat.webhook.jdbc.initialize-schema=sometimes")
                .run(context -> assertThat(context).hasFailed());
    }

    private static DataSource h2(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        return dataSource;
    }

    private static boolean hasTable(DataSource dataSource) throws Exception {
        try (Connection c = dataSource.getConnection();
                ResultSet tables = c.getMetaData().getTables(null, null, "LCBRIDGE_WEBHOOK_STATE", null)) {
            return tables.next();
        }
    }
}
