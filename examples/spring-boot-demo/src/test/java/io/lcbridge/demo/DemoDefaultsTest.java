package io.lcbridge.demo;

import io.lcbridge.core.IdentityKeySet;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoDefaultsTest {

    @Test
    void withNothingConfiguredTheDemoRunsOfflineWithGeneratedSecrets() {
        StandardEnvironment env = prepared(Map.of());

        assertThat(env.getProperty("livechat.license")).isEqualTo(DemoDefaults.DEMO_LICENSE);
        assertThat(env.getProperty("livechat.widget.script-url")).isEqualTo("/demo/tracking.js");
        assertThat(IdentityKeySet.fromHs256Secret(env.getProperty("livechat.signing.secret")))
                .isNotNull();
        assertThat(env.getProperty("livechat.webhook.secret-keys")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(env.getProperty(DemoDefaults.NOTES_PROPERTY))
                .isEqualTo("offline-preview,generated-signing-key,generated-webhook-secret");
    }

    @Test
    void standInScriptIsAPathOnThePagesOwnOriginWhateverThePort() {
        assertThat(prepared(Map.of("server.port", "0")).getProperty("livechat.widget.script-url"))
                .isEqualTo("/demo/tracking.js");
    }

    @Test
    void aConfiguredLicenseLoadsTheRealWidgetAndConfiguredSecretsAreKept() {
        StandardEnvironment env = prepared(Map.of(
                "livechat.license",
                "12345678",
                "livechat.signing.secret",
                "configured-secret",
                "livechat.webhook.secret-keys",
                "configured-webhook-secret"));

        assertThat(env.getProperty("livechat.license")).isEqualTo("12345678");
        assertThat(env.containsProperty("livechat.widget.script-url")).isFalse();
        assertThat(env.getProperty("livechat.signing.secret")).isEqualTo("configured-secret");
        assertThat(env.getProperty("livechat.webhook.secret-keys")).isEqualTo("configured-webhook-secret");
        assertThat(env.getProperty(DemoDefaults.NOTES_PROPERTY)).isEmpty();
    }

    @Test
    void publishingTheJwkSetGetsAGeneratedEs256KeyPairSinceSecretsAreNeverPublished() {
        StandardEnvironment env = prepared(Map.of("livechat.signing.publish-jwks", "true"));

        assertThat(env.containsProperty("livechat.signing.secret")).isFalse();
        IdentityKeySet keys = IdentityKeySet.fromJwkSet(env.getProperty("livechat.signing.jwk-set"));
        assertThat(keys.activeKeyId()).contains("demo-es256");
        assertThat(keys.algorithm("demo-es256")).contains(io.lcbridge.core.IdentityAlgorithm.ES256);
        assertThat(env.getProperty(DemoDefaults.NOTES_PROPERTY)).contains("generated-signing-key");
    }

    @Test
    void eachStartGetsItsOwnKey() {
        assertThat(prepared(Map.of()).getProperty("livechat.signing.secret"))
                .isNotEqualTo(prepared(Map.of()).getProperty("livechat.signing.secret"));
    }

    private static StandardEnvironment prepared(Map<String, Object> commandLine) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("commandLine", commandLine));
        new DemoDefaults()
                .onApplicationEvent(new ApplicationEnvironmentPreparedEvent(
                        new DefaultBootstrapContext(),
                        new SpringApplication(DemoApplication.class),
                        new String[0],
                        env));
        return env;
    }
}
