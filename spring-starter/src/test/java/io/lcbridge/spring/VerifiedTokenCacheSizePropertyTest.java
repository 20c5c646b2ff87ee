package io.lcbridge.spring;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.verifier.LiveChatWebhooks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code livechat.webhook.verified-token-cache-size}: how many verified identity tokens the webhook endpoint's verifier
 * remembers, whether the starter makes it from the signing keys or from {@code livechat.webhook.jwks-url}.
 */
final class VerifiedTokenCacheSizePropertyTest {

    private static final String PROPERTY = "livechat.webhook.verified-token-cache-size";
    private static final String LICENSE = "livechat.license=12345678";
    private static final String SECRET = "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET;
    private static final String WEBHOOK_SECRET = "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY;
    private static final String JWKS_URL =
            "livechat.webhook.jwks-url=https://shop.example.com/.well-known/lcbridge-jwks.json";

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    LiveChatAutoConfiguration.class,
                    LiveChatWebhookAutoConfiguration.class,
                    LiveChatJwksAutoConfiguration.class));

    @Test
    void byDefaultTheWebhookVerifierRemembers1024TokensWithLocalOrRemoteKeys() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(LiveChatProperties.class).webhook().verifiedTokenCacheSize())
                    .isEqualTo(IdentityTokenVerifier.DEFAULT_VERIFIED_TOKEN_CACHE_SIZE);
            assertThat(context.getBean(LiveChatWebhooks.class).verifiedTokenCacheSize())
                    .isEqualTo(1024);
        });
        runner.withPropertyValues(LICENSE, WEBHOOK_SECRET, JWKS_URL).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(IdentityTokenVerifier.class).verifiedTokenCacheSize())
                    .isEqualTo(1024);
            assertThat(context.getBean(LiveChatWebhooks.class).verifiedTokenCacheSize())
                    .isEqualTo(1024);
        });
    }

    @Test
    void aConfiguredSizeReachesTheVerifierMadeFromTheSigningKeys() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, PROPERTY + "=5000")
                .run(context -> assertThat(
                                context.getBean(LiveChatWebhooks.class).verifiedTokenCacheSize())
                        .isEqualTo(5000));
    }

    @Test
    void aConfiguredSizeReachesTheRemoteJwksVerifierTheWebhookEndpointUses() {
        runner.withPropertyValues(LICENSE, WEBHOOK_SECRET, JWKS_URL, PROPERTY + "=256")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    IdentityTokenVerifier verifier = context.getBean(IdentityTokenVerifier.class);
                    assertThat(verifier.remoteKeys()).isPresent();
                    assertThat(verifier.verifiedTokenCacheSize()).isEqualTo(256);
                    assertThat(context.getBean(LiveChatWebhooks.class).verifiedTokenCacheSize())
                            .isEqualTo(256);
                });
    }

    @Test
    void zeroIsAcceptedAndTurnsTheCacheOffWithLocalOrRemoteKeys() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, PROPERTY + "=0")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(LiveChatWebhooks.class).verifiedTokenCacheSize())
                            .isZero();
                });
        runner.withPropertyValues(LICENSE, WEBHOOK_SECRET, JWKS_URL, PROPERTY + "=0")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(IdentityTokenVerifier.class).verifiedTokenCacheSize())
                            .isZero();
                });
    }

    @Test
    void theLargestSizeIsAccepted() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, PROPERTY + "=1048576")
                .run(context -> assertThat(
                                context.getBean(LiveChatWebhooks.class).verifiedTokenCacheSize())
                        .isEqualTo(IdentityTokenVerifier.MAX_VERIFIED_TOKEN_CACHE_SIZE));
    }

    @Test
    void aNegativeOrTooLargeSizeStopsStartUpNamingThePropertyWithoutQuotingSecrets() {
        for (String size : List.of("-1", "1048577")) {
            for (List<String> keys : List.of(List.of(SECRET), List.of(JWKS_URL))) {
                runner.withPropertyValues(LICENSE, WEBHOOK_SECRET, PROPERTY + "=" + size)
                        .withPropertyValues(keys.toArray(String[]::new))
                        .run(context -> {
                            FailureAnalysis analysis = LiveChatAutoConfigurationTest.analysis(context);
                            assertThat(analysis.getDescription())
                                    .as("size %s with %s", size, keys)
                                    .contains("property '" + PROPERTY + "' must be between 0 and 1048576")
                                    .doesNotContain(TestWebhooks.SECRET_KEY)
                                    .doesNotContain(TestWebhooks.SIGNING_SECRET);
                            assertThat(analysis.getAction()).contains(PROPERTY).contains("1024");
                        });
            }
        }
    }

    @Test
    void aVerifierBeanOfTheApplicationsOwnKeepsItsSizeButABadValueStillStopsStartUp() {
        runner.withUserConfiguration(OwnVerifier.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, PROPERTY + "=100")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(LiveChatWebhooks.class).verifiedTokenCacheSize())
                            .isEqualTo(7);
                });
        runner.withUserConfiguration(OwnVerifier.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, PROPERTY + "=-1")
                .run(context -> assertThat(
                                LiveChatAutoConfigurationTest.analysis(context).getDescription())
                        .contains(PROPERTY));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnVerifier {
        @Bean
        IdentityTokenVerifier ownIdentityTokenVerifier() {
            return IdentityTokenVerifier.builder(IdentityKeySet.fromHs256Secret(TestWebhooks.SIGNING_SECRET))
                    .verifiedTokenCacheSize(7)
                    .build();
        }
    }
}
