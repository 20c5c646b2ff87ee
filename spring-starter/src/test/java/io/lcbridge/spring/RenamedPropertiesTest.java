package io.lcbridge.spring;

import io.lcbridge.servlet.AnonymousVisitors;
import io.lcbridge.servlet.InjectionPoint;
import io.lcbridge.verifier.WebhookAuthenticator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings renamed to the library's names (builder and init parameters) still bind under their old Spring names for
 * one release; the new names bind too and win when both are set.
 */
final class RenamedPropertiesTest {

    private static final String LICENSE = "livechat.license=12345678";
    private static final String SECRET = "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET;

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class))
            .withPropertyValues(LICENSE, SECRET);

    @Test
    void tokenLifetimeBindsUnderItsNewAndItsOldName() {
        runner.withPropertyValues("livechat.signing.token-lifetime=30m")
                .run(context -> assertThat(signing(context).tokenLifetime()).isEqualTo(Duration.ofMinutes(30)));
        runner.withPropertyValues("livechat.signing.ttl=40m")
                .run(context -> assertThat(signing(context).tokenLifetime()).isEqualTo(Duration.ofMinutes(40)));
        runner.withPropertyValues("livechat.signing.ttl=40m", "livechat.signing.token-lifetime=30m")
                .run(context -> assertThat(signing(context).tokenLifetime()).isEqualTo(Duration.ofMinutes(30)));
        runner.run(context -> assertThat(signing(context).tokenLifetime()).isEqualTo(Duration.ofHours(2)));
    }

    @Test
    void oldTtlStillReachesTheTokensOnPages() {
        runner.withPropertyValues("livechat.signing.ttl=30m").run(context -> {
            String claims = TestPages.claims(TestPages.token(TestPages.render(context, TestPages.signedIn("u1"))));
            long iat = Long.parseLong(claims.replaceAll(".*\"iat\":(\\d+).*", "$1"));
            long exp = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
            assertThat(exp - iat).isEqualTo(Duration.ofMinutes(30).toSeconds());
        });
    }

    @Test
    void injectionPointTakesTheLibraryEnumAndTheOldPositionStillBinds() {
        runner.withPropertyValues("livechat.filter.injection-point=before-head-end")
                .run(context -> assertThat(filter(context).injectionPoint()).isEqualTo(InjectionPoint.BEFORE_HEAD_END));
        runner.withPropertyValues("livechat.filter.injection-point=MANUAL_ONLY")
                .run(context -> assertThat(filter(context).injectionPoint()).isEqualTo(InjectionPoint.MANUAL_ONLY));
        runner.withPropertyValues("livechat.filter.position=head")
                .run(context -> assertThat(filter(context).injectionPoint()).isEqualTo(InjectionPoint.BEFORE_HEAD_END));
        runner.withPropertyValues("livechat.filter.position=body")
                .run(context -> assertThat(filter(context).injectionPoint()).isEqualTo(InjectionPoint.BEFORE_BODY_END));
        runner.withPropertyValues("livechat.filter.position=head", "livechat.filter.injection-point=before-body-end")
                .run(context -> assertThat(filter(context).injectionPoint()).isEqualTo(InjectionPoint.BEFORE_BODY_END));
        runner.run(context -> assertThat(filter(context).injectionPoint())
                .as("unset: the filter's own default applies")
                .isNull());
    }

    @Test
    void oldPositionHeadStillPutsTheSnippetInTheHead() {
        runner.withPropertyValues("livechat.filter.position=head").run(context -> {
            String html = TestPages.render(context, TestPages.anonymous("/"));
            assertThat(html.indexOf("window.__lc")).isBetween(0, html.indexOf("</head>"));
        });
    }

    @Test
    void manualOnlyInjectionPointInjectsNothing() {
        runner.withPropertyValues("livechat.filter.injection-point=manual-only")
                .run(context -> assertThat(TestPages.render(context, TestPages.anonymous("/")))
                        .isEqualTo(TestPages.PAGE));
    }

    @Test
    void anonymousVisitorsTakesTheLibraryEnumAndTheOldBooleanStillBinds() {
        runner.withPropertyValues("livechat.widget.anonymous-visitors=nothing")
                .run(context -> assertThat(widget(context).anonymousVisitors()).isEqualTo(AnonymousVisitors.NOTHING));
        runner.withPropertyValues("livechat.widget.anonymous=false").run(context -> {
            assertThat(widget(context).anonymousVisitors()).isEqualTo(AnonymousVisitors.NOTHING);
            assertThat(TestPages.render(context, TestPages.anonymous("/"))).isEqualTo(TestPages.PAGE);
        });
        runner.withPropertyValues("livechat.widget.anonymous=true")
                .run(context ->
                        assertThat(widget(context).anonymousVisitors()).isEqualTo(AnonymousVisitors.LOADER_ONLY));
        runner.withPropertyValues("livechat.widget.anonymous=false", "livechat.widget.anonymous-visitors=loader-only")
                .run(context ->
                        assertThat(widget(context).anonymousVisitors()).isEqualTo(AnonymousVisitors.LOADER_ONLY));
        runner.run(context -> assertThat(widget(context).anonymousVisitors()).isEqualTo(AnonymousVisitors.LOADER_ONLY));
    }

    @Test
    void signatureSecretsAndToleranceBindUnderTheirNewAndTheirOldNames() {
        runner.withPropertyValues(
                        "livechat.webhook.signature-secrets=relay-secret-0123456789",
                        "livechat.webhook.signature-tolerance=90s")
                .run(context -> {
                    WebhookAuthenticator authenticator = context.getBean(WebhookAuthenticator.class);
                    assertThat(authenticator.mode()).isEqualTo(WebhookAuthenticator.Mode.SIGNATURE);
                    assertThat(authenticator.signatureTolerance()).isEqualTo(Duration.ofSeconds(90));
                });
        runner.withPropertyValues(
                        "livechat.webhook.hmac-secrets=relay-secret-0123456789", "livechat.webhook.hmac-tolerance=80s")
                .run(context -> {
                    assertThat(context)
                            .as("the old name alone still registers the endpoint")
                            .hasNotFailed();
                    WebhookAuthenticator authenticator = context.getBean(WebhookAuthenticator.class);
                    assertThat(authenticator.mode()).isEqualTo(WebhookAuthenticator.Mode.SIGNATURE);
                    assertThat(authenticator.signatureTolerance()).isEqualTo(Duration.ofSeconds(80));
                });
        runner.withPropertyValues(
                        "livechat.webhook.hmac-secrets=old-relay-secret-0123456789",
                        "livechat.webhook.signature-secrets=relay-secret-0123456789",
                        "livechat.webhook.hmac-tolerance=80s",
                        "livechat.webhook.signature-tolerance=90s")
                .run(context -> {
                    LiveChatProperties.Webhook webhook =
                            context.getBean(LiveChatProperties.class).webhook();
                    assertThat(webhook.signatureSecrets()).containsExactly("relay-secret-0123456789");
                    assertThat(webhook.signatureTolerance()).isEqualTo(Duration.ofSeconds(90));
                });
        runner.withPropertyValues("livechat.webhook.signature-secrets=relay-secret-0123456789")
                .run(context -> assertThat(
                                context.getBean(WebhookAuthenticator.class).signatureTolerance())
                        .isEqualTo(Duration.ofMinutes(5)));
    }

    private static LiveChatProperties.Signing signing(
            org.springframework.boot.test.context.assertj.AssertableWebApplicationContext context) {
        assertThat(context).hasNotFailed();
        return context.getBean(LiveChatProperties.class).signing();
    }

    private static LiveChatProperties.Filter filter(
            org.springframework.boot.test.context.assertj.AssertableWebApplicationContext context) {
        assertThat(context).hasNotFailed();
        return context.getBean(LiveChatProperties.class).filter();
    }

    private static LiveChatProperties.Widget widget(
            org.springframework.boot.test.context.assertj.AssertableWebApplicationContext context) {
        assertThat(context).hasNotFailed();
        return context.getBean(LiveChatProperties.class).widget();
    }
}
