package io.lcbridge.spring;

import io.lcbridge.testsupport.fixtures.TestKeys;
import io.lcbridge.verifier.ChatContext;
import io.lcbridge.verifier.ChatContextStore;
import io.lcbridge.verifier.ChatContextStoreException;
import io.lcbridge.verifier.DeliveryClaim;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The bridge's health indicator and info section: they tell the truth about keys and store, and show no secret. */
final class LiveChatActuatorAutoConfigurationTest {

    private static final String LICENSE = "livechat.license=12345678";
    private static final String SECRET = "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET;
    private static final String WEBHOOK_SECRET = "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY;

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    LiveChatAutoConfiguration.class,
                    LiveChatWebhookAutoConfiguration.class,
                    LiveChatActuatorAutoConfiguration.class));

    @Test
    void healthIsUpWithTheActiveKeyAndAReachableMemoryStore() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET).run(context -> {
            Health health = context.getBean("liveChatHealthIndicator", HealthIndicator.class)
                    .health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("identities", "on")
                    .containsEntry("algorithm", "HS256")
                    .containsEntry("store", "memory")
                    .containsKey("activeKid");
        });
    }

    @Test
    void healthPingsTheJdbcStoreAndIsDownOnceItsTableIsGone() {
        runner.withUserConfiguration(H2.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.store=jdbc")
                .run(context -> {
                    HealthIndicator indicator = context.getBean(LiveChatHealthIndicator.class);
                    assertThat(indicator.health().getStatus()).isEqualTo(Status.UP);
                    assertThat(indicator.health().getDetails()).containsEntry("store", "jdbc");

                    try (var connection = context.getBean(DataSource.class).getConnection();
                            var statement = connection.createStatement()) {
                        statement.execute("DROP TABLE lcbridge_webhook_state");
                    }

                    Health down = indicator.health();
                    assertThat(down.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(down.getDetails()).containsEntry("store", "jdbc").containsKey("storeError");
                    assertThat(String.valueOf(down.getDetails().get("storeError")))
                            .as("a class name, not a message that may carry the JDBC URL")
                            .doesNotContain(" ")
                            .doesNotContain("jdbc:");
                });
    }

    @Test
    void healthIsDownWhenTheApplicationsStoreFails() {
        runner.withUserConfiguration(FailingStore.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> {
                    Health health =
                            context.getBean(LiveChatHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails())
                            .containsEntry("store", FailingStore.Store.class.getName())
                            .containsEntry("storeError", ChatContextStoreException.class.getName());
                });
    }

    @Test
    void withoutSecretAndWebhooksHealthSaysIdentitiesAreOffAndIsUp() {
        runner.withPropertyValues(LICENSE).run(context -> {
            Health health = context.getBean(LiveChatHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("identities", "off")
                    .containsEntry("store", "none")
                    .doesNotContainKey("activeKid");
        });
    }

    @Test
    void infoNamesVersionKeyInjectionPointAndStoreButNoSecret() {
        runner.withPropertyValues(
                        LICENSE,
                        "livechat.signing.jwk-set=" + TestKeys.EC_JWK_SET,
                        WEBHOOK_SECRET,
                        "livechat.webhook.signature-secrets=relay-secret-never-shown-0123456789")
                .run(context -> {
                    Info.Builder builder = new Info.Builder();
                    context.getBean(LiveChatInfoContributor.class).contribute(builder);
                    Map<String, Object> info = builder.build().getDetails();
                    assertThat(info).containsKey("livechat");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> livechat = (Map<String, Object>) info.get("livechat");
                    assertThat(livechat)
                            .containsEntry("activeKid", "ec-1")
                            .containsEntry("algorithm", "ES256")
                            .containsEntry("injectionPoint", "BEFORE_HEAD_END")
                            .containsEntry("store", "memory")
                            .containsKey("version");
                    assertThat(livechat.get("version")).asString().isNotBlank();
                    String all = info.toString();
                    assertThat(all)
                            .doesNotContain(TestWebhooks.SECRET_KEY)
                            .doesNotContain("relay-secret-never-shown")
                            .doesNotContain("MwK4L8EV60K0VDM") // the private key's d
                            .doesNotContain("gNxXZVF6GK2nhIO"); // not even the public key
                });
    }

    @Test
    void infoShowsManualOnlyWhenAutomaticInjectionIsOffAndNoHs256Secret() {
        runner.withPropertyValues(LICENSE, SECRET, "livechat.filter.enabled=false")
                .run(context -> {
                    Info.Builder builder = new Info.Builder();
                    context.getBean(LiveChatInfoContributor.class).contribute(builder);
                    String all = builder.build().getDetails().toString();
                    assertThat(all).contains("injectionPoint=MANUAL_ONLY").doesNotContain(TestWebhooks.SIGNING_SECRET);
                });
    }

    @Test
    void eachPartCanBeSwitchedOffAndNeedsItsLibrary() {
        runner.withPropertyValues(
                        LICENSE,
                        SECRET,
                        "management.health.livechat.enabled=false",
                        "management.info.livechat.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(LiveChatHealthIndicator.class)
                        .doesNotHaveBean(LiveChatInfoContributor.class));
        runner.withPropertyValues(LICENSE, SECRET)
                .withClassLoader(new FilteredClassLoader(HealthIndicator.class, InfoContributor.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(LiveChatHealthIndicator.class)
                        .doesNotHaveBean(LiveChatInfoContributor.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class H2 {
        @Bean
        DataSource dataSource() {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:lcbridge-health-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
            return dataSource;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingStore {
        @Bean
        Store failingStore() {
            return new Store();
        }

        /** A store whose database is unreachable. */
        static final class Store implements ChatContextStore {
            private static ChatContextStoreException unreachable() {
                return new ChatContextStoreException("database unreachable", new IllegalStateException("down"));
            }

            @Override
            public void save(ChatContext context) {
                throw unreachable();
            }

            @Override
            public Optional<ChatContext> find(String chatId, String threadId) {
                throw unreachable();
            }

            @Override
            public DeliveryClaim claim(String deliveryKey, Instant now) {
                throw unreachable();
            }

            @Override
            public void complete(String deliveryKey, Instant now) {
                throw unreachable();
            }

            @Override
            public void release(String deliveryKey) {
                throw unreachable();
            }

            @Override
            public Optional<String> bindToken(String tokenId, String customerId, Instant tokenExpiresAt, Instant now) {
                throw unreachable();
            }
        }
    }
}
