package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.IdentityResolver;
import io.lcbridge.testsupport.logging.LogCapture;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookHeaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application without logins needs no signing secret: without {@code livechat.signing.*} keys every visitor gets
 * the loader, unless the application declared identity beans of its own, which then stop start-up.
 */
final class NoSigningSecretTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class))
            .withPropertyValues("livechat.license=12345678");

    @RegisterExtension
    final LogCapture logs = LogCapture.of(LiveChatSettings.class);

    @Test
    void withoutASecretEveryVisitorGetsTheLoaderAndNoIdentity() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(IdentityKeySet.class);
            String anonymous = TestPages.render(context, TestPages.anonymous("/page"));
            assertThat(anonymous).contains("window.__lc").doesNotContain("lc_identity");
            String signedIn = TestPages.render(context, TestPages.signedIn("neo"));
            assertThat(signedIn)
                    .as("a signed-in user also gets the anonymous widget")
                    .contains("window.__lc")
                    .doesNotContain("lc_identity")
                    .doesNotContain("neo");
        });
        List<LogRecord> notices = logs.records().stream()
                .filter(r -> r.getMessage().contains("without identities"))
                .toList();
        assertThat(notices).as("said once, at INFO").hasSize(1);
        assertThat(notices.get(0).getLevel()).isEqualTo(Level.INFO);
        assertThat(notices.get(0).getMessage()).contains("livechat.signing.secret");
    }

    @Test
    void anonymousFalseStillRendersTheLoaderWithoutASecret() {
        runner.withPropertyValues("livechat.widget.anonymous-visitors=nothing")
                .run(context -> assertThat(TestPages.render(context, TestPages.anonymous("/page")))
                        .contains("window.__lc"));
    }

    @Test
    void appDeclaredIdentityResolverWithoutASecretFailsNamingTheSecret() {
        runner.withBean(
                        "shopUsers",
                        IdentityResolver.class,
                        () -> request ->
                                Optional.of(CustomerIdentity.builder("u").build()))
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription())
                            .contains("property 'livechat.signing.secret' is not set")
                            .contains("shopUsers");
                    assertThat(analysis.getAction()).contains("openssl rand -base64 32");
                });
    }

    @Test
    void appDeclaredIdentityCustomizerWithoutASecretFailsNamingTheSecret() {
        runner.withBean("planForTheAgent", io.lcbridge.servlet.LiveChatIdentityCustomizer.class, () ->
                        (request, identity) -> {})
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("livechat.signing.secret")
                        .contains("planForTheAgent"));
    }

    @Test
    void webhookEndpointStillWorksWithoutASigningSecret() {
        runner.withPropertyValues("livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    var outcome = context.getBean(LiveChatWebhooks.class)
                            .process(
                                    TestWebhooks.incomingChat("x.y.z", null, null),
                                    WebhookHeaders.none(),
                                    Instant.now());
                    assertThat(outcome.httpStatus()).isEqualTo(200);
                });
    }

    private static FailureAnalysis analysis(
            org.springframework.boot.test.context.assertj.AssertableWebApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new LiveChatPropertyFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
        return analysis;
    }
}
