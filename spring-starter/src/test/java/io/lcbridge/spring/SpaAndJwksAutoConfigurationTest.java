package io.lcbridge.spring;

import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.RemoteJwkSet;
import io.lcbridge.servlet.LiveChatIdentityServlet;
import io.lcbridge.servlet.LiveChatJwksServlet;
import io.lcbridge.verifier.LiveChatWebhooks;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/** The identity endpoint, the published JWK set and the remote-key verifier as the starter wires them. */
final class SpaAndJwksAutoConfigurationTest {

    private static final String LICENSE = "livechat.license=12345678";
    private static final String SECRET = "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET;
    private static final String EC_KEYS = "livechat.signing.jwk-set=classpath:keys/ec-jwk-set.json";
    private static final String WEBHOOK_SECRET = "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY;

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    LiveChatAutoConfiguration.class,
                    LiveChatWebhookAutoConfiguration.class,
                    LiveChatSpaAutoConfiguration.class,
                    LiveChatJwksAutoConfiguration.class));

    @Test
    void identityEndpointIsOnByDefaultAndTheJwkSetIsNot() {
        runner.withPropertyValues(LICENSE, SECRET).run(context -> {
            assertThat(context).hasNotFailed();
            ServletRegistrationBean<?> identity = registration(context, LiveChatSpaAutoConfiguration.SERVLET_NAME);
            assertThat(identity.getServlet()).isInstanceOf(LiveChatIdentityServlet.class);
            assertThat(identity.getUrlMappings()).containsExactly("/livechat/identity");
            assertThat(context).doesNotHaveBean(LiveChatJwksAutoConfiguration.SERVLET_NAME);
            assertThat(context).doesNotHaveBean(RemoteJwkSet.class);
        });
    }

    @Test
    void identityEndpointCanBeSwitchedOffOrMoved() {
        runner.withPropertyValues(LICENSE, SECRET, "livechat.spa.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LiveChatSpaAutoConfiguration.SERVLET_NAME));
        runner.withPropertyValues(LICENSE, SECRET, "livechat.spa.path=/api/me/livechat")
                .run(context -> assertThat(registration(context, LiveChatSpaAutoConfiguration.SERVLET_NAME)
                                .getUrlMappings())
                        .containsExactly("/api/me/livechat"));
    }

    @Test
    void publishJwksServesTheAsymmetricKeysAtTheWellKnownPath() {
        runner.withPropertyValues(LICENSE, EC_KEYS, "livechat.signing.publish-jwks=true")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    ServletRegistrationBean<?> jwks = registration(context, LiveChatJwksAutoConfiguration.SERVLET_NAME);
                    assertThat(jwks.getServlet()).isInstanceOf(LiveChatJwksServlet.class);
                    assertThat(jwks.getUrlMappings()).containsExactly("/.well-known/lcbridge-jwks.json");
                });
    }

    @Test
    void publishJwksWithAnHs256SecretStopsStartUpNamingThePropertyAndNeverTheSecret() {
        runner.withPropertyValues(LICENSE, SECRET, "livechat.signing.publish-jwks=true")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("livechat.signing.publish-jwks")
                        .hasStackTraceContaining("never published")
                        .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(TestWebhooks.SIGNING_SECRET)));
    }

    @Test
    void jwksUrlGivesTheWebhookEndpointARemoteKeyVerifierInsteadOfLocalKeys() {
        runner.withPropertyValues(
                        LICENSE,
                        WEBHOOK_SECRET,
                        "livechat.webhook.jwks-url=https://shop.example.com/.well-known/lcbridge-jwks.json",
                        "livechat.webhook.jwks-min-refresh-interval=1m")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(RemoteJwkSet.class)
                            .hasSingleBean(IdentityTokenVerifier.class)
                            .hasSingleBean(LiveChatWebhooks.class);
                    assertThat(context.getBean(IdentityTokenVerifier.class).remoteKeys())
                            .contains(context.getBean(RemoteJwkSet.class));
                    assertThat(context.getBean(RemoteJwkSet.class).url().toString())
                            .isEqualTo("https://shop.example.com/.well-known/lcbridge-jwks.json");
                });
    }

    @Test
    void plainHttpJwksUrlToAnotherHostStopsStartUpNamingTheProperty() {
        runner.withPropertyValues(
                        LICENSE, WEBHOOK_SECRET, "livechat.webhook.jwks-url=http://shop.example.com/jwks.json")
                .run(context -> assertThat(context)
                        .hasFailed()
                        .getFailure()
                        .hasStackTraceContaining("livechat.webhook.jwks-url"));
    }

    private static ServletRegistrationBean<?> registration(ApplicationContext context, String name) {
        return (ServletRegistrationBean<?>) context.getBean(name);
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
