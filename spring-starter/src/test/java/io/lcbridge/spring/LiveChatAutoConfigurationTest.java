package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.servlet.IdentityResolver;
import io.lcbridge.servlet.InjectionPoint;
import io.lcbridge.servlet.LiveChatSnippets;
import io.lcbridge.servlet.LiveChatWebhookServlet;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import io.lcbridge.testsupport.fixtures.TestKeys;
import io.lcbridge.verifier.ChatContextStore;
import io.lcbridge.verifier.DeliveryClaim;
import io.lcbridge.verifier.InMemoryChatContextStore;
import io.lcbridge.verifier.JdbcChatContextStore;
import io.lcbridge.verifier.LiveChatWebhookHandler;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookAuthenticator;
import io.lcbridge.verifier.WebhookEvent;
import io.lcbridge.verifier.WebhookHeaders;
import io.lcbridge.verifier.WebhookOutcome;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetSnippetRenderer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

final class LiveChatAutoConfigurationTest {

    private static final String LICENSE = "livechat.license=12345678";
    private static final String SECRET = "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET;
    private static final String WEBHOOK_SECRET = "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY;

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class));

    private final WebApplicationContextRunner metricsRunner =
            runner.withConfiguration(AutoConfigurations.of(LiveChatMetricsAutoConfiguration.class));

    // ---- defaults -------------------------------------------------------------------------------------------

    @Test
    void licenseAndSecretAloneGiveTheWidgetBeans() {
        runner.withPropertyValues(LICENSE, SECRET).run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(IdentityKeySet.class)
                    .hasSingleBean(WidgetOptions.class)
                    .hasSingleBean(SpringSecurityIdentityResolver.class)
                    .hasSingleBean(LiveChatViewConfigurer.class);
            WidgetOptions options = context.getBean(WidgetOptions.class);
            assertThat(options.license()).hasValue(12345678L);
            assertThat(options.audience()).isEqualTo("12345678");
            assertThat(options.tokenVariable()).isEqualTo("lc_identity");
            assertThat(options.scriptUrl()).isEqualTo(WidgetOptions.DEFAULT_SCRIPT_URL);
            FilterRegistrationBean<?> filter =
                    context.getBean(LiveChatAutoConfiguration.FILTER_NAME, FilterRegistrationBean.class);
            assertThat(filter.getFilter()).isInstanceOf(LiveChatWidgetFilter.class);
            assertThat(filter.getFilterName()).isEqualTo("liveChatWidgetFilter");
            assertThat(filter.getOrder()).isEqualTo(0);
            assertThat(filter.getUrlPatterns()).containsExactly("/*");
            assertThat(filter.determineDispatcherTypes())
                    .containsExactlyInAnyOrder(DispatcherType.REQUEST, DispatcherType.ASYNC, DispatcherType.ERROR);
            LiveChatWidgetFilter widget = (LiveChatWidgetFilter) filter.getFilter();
            // the filter renders with the options bean (read through its field, a supplier of the renderer built on
            // the first page: the accessor is package-private)
            assertThat(widget)
                    .extracting("renderer")
                    .satisfies(renderer -> assertThat(
                                    ((WidgetSnippetRenderer) ((java.util.function.Supplier<?>) renderer).get())
                                            .options())
                            .isEqualTo(options));
            assertThat(context.getBean(LiveChatProperties.class).webhook().path())
                    .isEqualTo("/webhooks/livechat");
        });
    }

    @Test
    void noWebhookEndpointWithoutAWebhookSecret() {
        runner.withPropertyValues(LICENSE, SECRET)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(LiveChatWebhooks.class)
                        .doesNotHaveBean(LiveChatWebhookAutoConfiguration.SERVLET_NAME));
    }

    @Test
    void webhookSecretRegistersTheServletAtTheDefaultPathWithAMemoryStore() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET).run(context -> {
            assertThat(context)
                    .hasNotFailed()
                    .hasSingleBean(LiveChatWebhooks.class)
                    .hasSingleBean(WebhookAuthenticator.class)
                    .hasSingleBean(InMemoryChatContextStore.class);
            ServletRegistrationBean<?> servlet =
                    context.getBean(LiveChatWebhookAutoConfiguration.SERVLET_NAME, ServletRegistrationBean.class);
            assertThat(servlet.getServlet()).isInstanceOf(LiveChatWebhookServlet.class);
            assertThat(servlet.getUrlMappings()).containsExactly("/webhooks/livechat");
            assertThat(servlet.getServletName()).isEqualTo(LiveChatWebhookAutoConfiguration.SERVLET_NAME);
        });
    }

    @Test
    void disabledBridgeConfiguresNothing() {
        runner.withPropertyValues("livechat.enabled=false", WEBHOOK_SECRET)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(WidgetOptions.class)
                        .doesNotHaveBean(LiveChatWebhooks.class)
                        .doesNotHaveBean(LiveChatAutoConfiguration.FILTER_NAME));
    }

    @Test
    void nothingOutsideServletWebApplications() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class))
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(WidgetOptions.class)
                        .doesNotHaveBean(LiveChatWebhooks.class));
    }

    // ---- each property --------------------------------------------------------------------------------------

    @Test
    void widgetPropertiesReachTheOptions() {
        runner.withPropertyValues(
                        "livechat.organization-id=390e44e6-f1e6",
                        SECRET,
                        "livechat.group=3",
                        "livechat.chat-between-groups=false",
                        "livechat.widget.script-url=https://cdn.example.com/tracking.js",
                        "livechat.widget.noscript=false",
                        "livechat.widget.async-init=true",
                        "livechat.signing.token-variable=who",
                        "livechat.signing.max-token-length=1500")
                .run(context -> {
                    WidgetOptions options = context.getBean(WidgetOptions.class);
                    assertThat(options.organizationId()).hasValue("390e44e6-f1e6");
                    assertThat(options.license()).isEmpty();
                    assertThat(options.group()).hasValue(3);
                    assertThat(options.chatBetweenGroups()).hasValue(false);
                    assertThat(options.scriptUrl()).hasToString("https://cdn.example.com/tracking.js");
                    assertThat(options.noscript()).isFalse();
                    assertThat(options.asyncInit()).isTrue();
                    assertThat(options.tokenVariable()).isEqualTo("who");
                    assertThat(options.maxTokenLength()).isEqualTo(1500);
                });
    }

    @Test
    void tokenLifetimeAndIssuerReachTheTokensOnPages() {
        runner.withPropertyValues(
                        LICENSE, SECRET, "livechat.signing.token-lifetime=30m", "livechat.signing.issuer=shop")
                .run(context -> {
                    String claims =
                            TestPages.claims(TestPages.token(TestPages.render(context, TestPages.signedIn("u1"))));
                    assertThat(claims)
                            .contains("\"iss\":\"shop\"")
                            .contains("\"aud\":\"12345678\"")
                            .contains("\"sub\":\"u1\"");
                    long iat = Long.parseLong(claims.replaceAll(".*\"iat\":(\\d+).*", "$1"));
                    long exp = Long.parseLong(claims.replaceAll(".*\"exp\":(\\d+).*", "$1"));
                    assertThat(exp - iat).isEqualTo(Duration.ofMinutes(30).toSeconds());
                });
    }

    @Test
    void inlineJwkSetIsLoaded() {
        runner.withPropertyValues(LICENSE, "livechat.signing.jwk-set=" + TestKeys.EC_JWK_SET)
                .run(context -> {
                    IdentityKeySet keys = context.getBean(IdentityKeySet.class);
                    assertThat(keys.activeKeyId()).hasValue("ec-1");
                });
    }

    @Test
    void jwkSetIsLoadedFromAResourceLocation() {
        runner.withPropertyValues(LICENSE, "livechat.signing.jwk-set=classpath:keys/ec-jwk-set.json")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(IdentityKeySet.class).activeKeyId())
                            .hasValue("ec-1");
                });
    }

    @Test
    void kebabAndCamelCaseKeysBindAlike() {
        runner.withPropertyValues(
                        LICENSE,
                        SECRET,
                        "livechat.webhook.secretKeys=" + TestWebhooks.SECRET_KEY,
                        "livechat.webhook.maxBodySize=2KB",
                        "livechat.webhook.path=/lc/hooks")
                .run(context -> {
                    assertThat(context.getBean(LiveChatWebhooks.class).maxBodyBytes())
                            .isEqualTo(2048);
                    assertThat(servletMappings(context)).containsExactly("/lc/hooks");
                });
    }

    @Test
    void webhookAuthenticationPropertiesReachTheAuthenticator() {
        runner.withPropertyValues(
                        LICENSE,
                        SECRET,
                        "livechat.webhook.signature-secrets=relay-secret-0123456789",
                        "livechat.webhook.hmac-header=X-Relay-Signature")
                .run(context -> {
                    WebhookAuthenticator authenticator = context.getBean(WebhookAuthenticator.class);
                    assertThat(authenticator.mode()).isEqualTo(WebhookAuthenticator.Mode.SIGNATURE);
                    assertThat(authenticator.signatureHeader()).isEqualTo("X-Relay-Signature");
                    assertThat(authenticator.signatureTolerance()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(authenticator.acceptsLegacySignatureHeader()).isFalse();
                });
        runner.withPropertyValues(
                        LICENSE,
                        SECRET,
                        "livechat.webhook.signature-secrets=relay-secret-0123456789",
                        "livechat.webhook.signature-tolerance=90s",
                        "livechat.webhook.hmac-legacy-header=true")
                .run(context -> {
                    WebhookAuthenticator authenticator = context.getBean(WebhookAuthenticator.class);
                    assertThat(authenticator.signatureTolerance()).isEqualTo(Duration.ofSeconds(90));
                    assertThat(authenticator.acceptsLegacySignatureHeader()).isTrue();
                });
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(LiveChatWebhooks.class));
    }

    @Test
    void accountIdsRefuseDeliveriesForOtherAccounts() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.account-ids=another-org")
                .run(context -> {
                    LiveChatWebhooks webhooks = context.getBean(LiveChatWebhooks.class);
                    WebhookOutcome outcome = webhooks.process(
                            TestWebhooks.incomingChat("x.y.z", null, null), WebhookHeaders.none(), Instant.now());
                    assertThat(outcome.httpStatus()).isEqualTo(401);
                });
    }

    @Test
    void jdbcStoreUsesTheApplicationsDataSource() {
        runner.withUserConfiguration(DataSourceConfiguration.class)
                .withPropertyValues(
                        LICENSE,
                        SECRET,
                        WEBHOOK_SECRET,
                        "livechat.webhook.store=jdbc",
                        "livechat.webhook.jdbc-table=lc_state")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(JdbcChatContextStore.class)
                            .hasBean("liveChatContextStore")
                            .doesNotHaveBean(InMemoryChatContextStore.class);
                    assertThat(context.getBean(LiveChatWebhooks.class))
                            .extracting("store")
                            .isSameAs(context.getBean(ChatContextStore.class));
                    try (var connection = context.getBean(DataSource.class).getConnection();
                            var tables = connection.getMetaData().getTables(null, null, "LC_STATE", null)) {
                        assertThat(tables.next()).as("table lc_state created").isTrue();
                    }
                });
    }

    @Test
    void jdbcStoreEnrichesLaterWebhooksOfTheChat() {
        runner.withUserConfiguration(DataSourceConfiguration.class, EventRecorder.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.store=jdbc")
                .run(context -> {
                    LiveChatWebhooks webhooks = context.getBean(LiveChatWebhooks.class);
                    String token =
                            sign(context, CustomerIdentity.builder("dora").build());
                    webhooks.process(
                            TestWebhooks.incomingChat(token, null, null), WebhookHeaders.none(), Instant.now());
                    webhooks.process(
                            TestWebhooks.raw("chat_deactivated.v3.6.json")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            WebhookHeaders.none(),
                            Instant.now());
                    try (var connection = context.getBean(DataSource.class).getConnection();
                            var rows = connection
                                    .createStatement()
                                    .executeQuery("select count(*) from lcbridge_webhook_state")) {
                        rows.next();
                        assertThat(rows.getInt(1))
                                .as("contexts and deliveries kept in the table")
                                .isPositive();
                    }
                    assertThat(context.getBean(EventRecorder.class).events)
                            .last()
                            .isInstanceOfSatisfying(
                                    LiveChatWebhookEvent.ChatDeactivated.class,
                                    closed -> assertThat(
                                                    closed.verifiedIdentity().map(CustomerIdentity::subject))
                                            .hasValue("dora"));
                });
    }

    @Test
    void dataSourceAloneKeepsTheMemoryStore() {
        runner.withUserConfiguration(DataSourceConfiguration.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> assertThat(context)
                        .hasSingleBean(InMemoryChatContextStore.class)
                        .doesNotHaveBean(JdbcChatContextStore.class));
    }

    @Test
    void claimLeaseDefaultsTo20SecondsInTheMemoryStore() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET).run(context -> {
            assertThat(context.getBean(LiveChatProperties.class).webhook().claimLease())
                    .isEqualTo(Duration.ofSeconds(20));
            assertThat(InMemoryChatContextStore.DEFAULT_CLAIM_LEASE)
                    .as("the verifier's default, kept in step")
                    .isEqualTo(Duration.ofSeconds(20));
            assertClaimBlocksRetriesFor(context.getBean(ChatContextStore.class), Duration.ofSeconds(20));
        });
    }

    @Test
    void theJdbcStorePurgesOnItsOwnScheduleFromStartUpUntilTheContextCloses() {
        JdbcChatContextStore[] store = new JdbcChatContextStore[1];
        runner.withUserConfiguration(DataSourceConfiguration.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.store=jdbc")
                .run(context -> {
                    store[0] = context.getBean(JdbcChatContextStore.class);
                    assertThat(store[0].isPurging()).isTrue();
                });
        assertThat(store[0].isPurging()).as("stopped when the context closed").isFalse();
    }

    @Test
    void claimLeaseDefaultsTo20SecondsInTheJdbcStore() {
        runner.withUserConfiguration(DataSourceConfiguration.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.store=jdbc")
                .run(context -> assertClaimBlocksRetriesFor(
                        context.getBean(JdbcChatContextStore.class), Duration.ofSeconds(20)));
    }

    @Test
    void configuredClaimLeaseReachesTheMemoryStore() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.claim-lease=5s")
                .run(context -> assertClaimBlocksRetriesFor(
                        context.getBean(InMemoryChatContextStore.class), Duration.ofSeconds(5)));
    }

    @Test
    void configuredClaimLeaseReachesTheJdbcStore() {
        runner.withUserConfiguration(DataSourceConfiguration.class)
                .withPropertyValues(
                        LICENSE,
                        SECRET,
                        WEBHOOK_SECRET,
                        "livechat.webhook.store=jdbc",
                        "livechat.webhook.claim-lease=5s")
                .run(context -> assertClaimBlocksRetriesFor(
                        context.getBean(JdbcChatContextStore.class), Duration.ofSeconds(5)));
    }

    @Test
    void signedInUserGetsTheirIdentityWithCustomizersAndContributorsInOrder() {
        runner.withUserConfiguration(IdentityAdditions.class)
                .withPropertyValues(LICENSE, SECRET)
                .run(context -> {
                    String html = TestPages.render(context, TestPages.signedIn("carol"));
                    assertThat(html)
                            .contains("LiveChatWidget.call(\"set_customer_name\", \"Carol\")")
                            .contains("\"region\":\"eu\"");
                    assertThat(html.indexOf("window.__lc"))
                            .as("the default placement")
                            .isBetween(0, html.indexOf("</head>"));
                    String claims = TestPages.claims(TestPages.token(html));
                    assertThat(claims)
                            .contains("\"sub\":\"carol\"")
                            .contains("\"vars\":{\"plan\":\"pro\",\"tier\":\"2\",\"region\":\"eu\"}");
                });
    }

    @Test
    void customizersAreNotCalledForAnonymousVisitors() {
        runner.withBean(io.lcbridge.servlet.LiveChatIdentityCustomizer.class, () -> (request, identity) -> {
                    throw new AssertionError("called for an anonymous visitor");
                })
                .withPropertyValues(LICENSE, SECRET)
                .run(context -> assertThat(TestPages.render(context, TestPages.anonymous("/")))
                        .contains("window.__lc")
                        .doesNotContain("lc_identity"));
    }

    @Test
    void forgetAfterLogoutIsOnByDefaultAndCanBeSwitchedOff() {
        runner.withPropertyValues(LICENSE, SECRET).run(context -> {
            MockHttpServletRequest marked = TestPages.anonymous("/");
            marked.setCookies(new jakarta.servlet.http.Cookie("lcbridge_identified", "1"));
            assertThat(TestPages.render(context, marked))
                    .contains("LiveChatWidget.call(\"set_customer_name\", \" \");");
        });
        runner.withPropertyValues(LICENSE, SECRET, "livechat.filter.forget-after-logout=false")
                .run(context -> {
                    MockHttpServletRequest marked = TestPages.anonymous("/");
                    marked.setCookies(new jakarta.servlet.http.Cookie("lcbridge_identified", "1"));
                    assertThat(TestPages.render(context, marked))
                            .contains("window.__lc")
                            .doesNotContain("LiveChatWidget.call");
                });
    }

    @Test
    void headInjectionPointPutsTheSnippetBeforeTheHeadEndTag() {
        runner.withPropertyValues(LICENSE, SECRET, "livechat.filter.injection-point=before-head-end")
                .run(context -> {
                    String html = TestPages.render(context, TestPages.anonymous("/"));
                    assertThat(html.indexOf("window.__lc")).isBetween(0, html.indexOf("</head>"));
                    assertThat(html).as("no noscript link in the head").doesNotContain("<noscript");
                });
    }

    @Test
    void theSnippetGoesIntoTheHeadByDefault() {
        runner.withPropertyValues(LICENSE, SECRET).run(context -> {
            assertThat(context.getBean(LiveChatProperties.class).filter().injectionPoint())
                    .as("unset: the library's default applies")
                    .isNull();
            assertThat(((LiveChatWidgetFilter)
                                    context.getBean(LiveChatAutoConfiguration.FILTER_NAME, FilterRegistrationBean.class)
                                            .getFilter())
                            .injectionPoint())
                    .isEqualTo(InjectionPoint.BEFORE_HEAD_END);
            String html = TestPages.render(context, TestPages.anonymous("/"));
            assertThat(html.indexOf("window.__lc")).isBetween(0, html.indexOf("</head>"));
        });
    }

    @Test
    void bodyInjectionPointPutsTheSnippetAndItsNoscriptLinkBeforeTheBodyEndTag() {
        runner.withPropertyValues(LICENSE, SECRET, "livechat.filter.injection-point=before-body-end")
                .run(context -> {
                    String html = TestPages.render(context, TestPages.anonymous("/"));
                    assertThat(html.indexOf("window.__lc"))
                            .isGreaterThan(html.indexOf("<p>content</p>"))
                            .isLessThan(html.indexOf("</body>"));
                    assertThat(html.indexOf("<noscript>"))
                            .isBetween(html.indexOf("window.__lc"), html.indexOf("</body>"));
                });
    }

    @Test
    void pathRulesDecideWhichPagesGetTheSnippet() {
        runner.withPropertyValues(
                        LICENSE,
                        SECRET,
                        WEBHOOK_SECRET,
                        "livechat.filter.include-paths=/shop/*,/home",
                        "livechat.filter.exclude-paths=/shop/admin/*")
                .run(context -> {
                    assertThat(TestPages.render(context, TestPages.anonymous("/shop/cart")))
                            .contains("window.__lc");
                    assertThat(TestPages.render(context, TestPages.anonymous("/home")))
                            .contains("window.__lc");
                    assertThat(TestPages.render(context, TestPages.anonymous("/blog/post")))
                            .isEqualTo(TestPages.PAGE);
                    assertThat(TestPages.render(context, TestPages.anonymous("/shop/admin/users")))
                            .isEqualTo(TestPages.PAGE);
                });
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> assertThat(TestPages.render(context, TestPages.anonymous("/webhooks/livechat")))
                        .isEqualTo(TestPages.PAGE));
    }

    @Test
    void anonymousVisitorsGetNothingWhenSwitchedOff() {
        runner.withPropertyValues(LICENSE, SECRET, "livechat.widget.anonymous-visitors=nothing")
                .run(context -> {
                    assertThat(TestPages.render(context, TestPages.anonymous("/")))
                            .isEqualTo(TestPages.PAGE);
                    assertThat(TestPages.render(context, TestPages.signedIn("dan")))
                            .contains("lc_identity");
                });
        runner.withPropertyValues(LICENSE, SECRET)
                .run(context -> assertThat(TestPages.render(context, TestPages.anonymous("/")))
                        .contains("window.__lc")
                        .doesNotContain("lc_identity"));
    }

    @Test
    void cspNonceIsReadFromTheConfiguredRequestAttribute() {
        runner.withPropertyValues(LICENSE, SECRET, "livechat.widget.nonce-attribute=_csp_nonce")
                .run(context -> {
                    var request = TestPages.anonymous("/");
                    request.setAttribute("_csp_nonce", "r4nd0mN0nce+/=");
                    request.setAttribute("cspNonce", "other");
                    assertThat(TestPages.render(context, request))
                            .contains("<script nonce=\"r4nd0mN0nce+/=\">")
                            .doesNotContain("other");
                });
    }

    @Test
    void switchingOffAutomaticInjectionKeepsManualPlacement() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.filter.enabled=false")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasBean(LiveChatAutoConfiguration.FILTER_NAME)
                            .hasSingleBean(LiveChatViewConfigurer.class)
                            .hasSingleBean(WidgetOptions.class)
                            .hasSingleBean(LiveChatWebhooks.class);
                    assertThat(TestPages.render(context, TestPages.anonymous("/")))
                            .as("nothing injected automatically")
                            .isEqualTo(TestPages.PAGE);
                    var request = TestPages.anonymous("/manual");
                    Filter filter = context.getBean(LiveChatAutoConfiguration.FILTER_NAME, FilterRegistrationBean.class)
                            .getFilter();
                    var response = new org.springframework.mock.web.MockHttpServletResponse();
                    filter.doFilter(
                            request,
                            response,
                            (req, res) -> res.getWriter()
                                    .write("<html><body><div>" + req.getAttribute(LiveChatSnippets.ATTRIBUTE)
                                            + "</div></body></html>"));
                    String html = response.getContentAsString();
                    assertThat(html).startsWith("<html><body><div><!-- Start of LiveChat");
                    assertThat(html.split("Start of LiveChat", -1))
                            .as("placed once")
                            .hasSize(2);
                });
    }

    @Test
    void qualifySubjectWithIssuerPropertyMakesTheResolverSignIssuerBarSub() {
        org.springframework.security.oauth2.jwt.Jwt jwt = org.springframework.security.oauth2.jwt.Jwt.withTokenValue(
                        "a.b.c")
                .header("alg", "RS256")
                .issuer("https://idp.example")
                .subject("u-1")
                .build();
        org.springframework.security.core.context.SecurityContextHolder.getContext()
                .setAuthentication(
                        new org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken(
                                jwt, List.of()));
        try {
            MockHttpServletRequest page = new MockHttpServletRequest("GET", "/");
            runner.withPropertyValues(LICENSE, SECRET)
                    .run(context -> assertThat(context.getBean(SpringSecurityIdentityResolver.class)
                                    .resolve(page)
                                    .map(CustomerIdentity::subject))
                            .hasValue("u-1"));
            runner.withPropertyValues(LICENSE, SECRET, "livechat.identity.qualify-subject-with-issuer=true")
                    .run(context -> assertThat(context.getBean(SpringSecurityIdentityResolver.class)
                                    .resolve(page)
                                    .map(CustomerIdentity::subject))
                            .hasValue("https://idp.example|u-1"));
        } finally {
            org.springframework.security.core.context.SecurityContextHolder.clearContext();
        }
    }

    @Test
    void applicationsIdentityResolverReplacesSpringSecurity() {
        runner.withUserConfiguration(FixedResolver.class)
                .withPropertyValues(LICENSE, SECRET)
                .run(context -> {
                    assertThat(context).doesNotHaveBean(SpringSecurityIdentityResolver.class);
                    String html = TestPages.render(context, TestPages.signedIn("carol"));
                    assertThat(TestPages.claims(TestPages.token(html))).contains("\"sub\":\"fixed-7\"");
                });
    }

    // ---- failure analysis -----------------------------------------------------------------------------------

    @Test
    void missingLicenseFailsNamingTheProperty() {
        runner.withPropertyValues(SECRET)
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("livechat.license")
                        .contains("is not set"));
    }

    @Test
    void weakSecretFailsNamingThePropertyWithoutQuotingIt() {
        runner.withPropertyValues(LICENSE, "livechat.signing.secret=c2hvcnQtc2VjcmV0")
                .run(context -> {
                    FailureAnalysis analysis = analysis(context);
                    assertThat(analysis.getDescription())
                            .contains("livechat.signing.secret")
                            .contains("at least 32")
                            .doesNotContain("c2hvcnQtc2VjcmV0")
                            .doesNotContain("short-secret");
                    assertThat(analysis.getAction()).contains("openssl rand -base64 32");
                });
    }

    @Test
    void missingSecretFailsNamingThePropertyWhenTheAppDeclaresAnIdentityResolver() {
        runner.withPropertyValues(LICENSE)
                .withBean("appIdentityResolver", IdentityResolver.class, IdentityResolver::userPrincipal)
                .run(context -> assertThat(analysis(context).getDescription()).contains("livechat.signing.secret"));
    }

    @Test
    void invalidKeySetFailsNamingTheProperty() {
        runner.withPropertyValues(
                        LICENSE,
                        "livechat.signing.jwk-set={\"keys\":[{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"AAAA\"}]}")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("livechat.signing.jwk-set")
                        .contains("k1"));
        runner.withPropertyValues(LICENSE, "livechat.signing.jwk-set=classpath:no-such-keys.json")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("livechat.signing.jwk-set")
                        .contains("does not exist"));
    }

    @Test
    void tooShortTokenLifetimeFailsNamingTheProperty() {
        runner.withPropertyValues(LICENSE, SECRET, "livechat.signing.token-lifetime=10s")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("livechat.signing.token-lifetime")
                        .contains("at least 1 minute"));
    }

    @Test
    void publicOnlyKeySetFailsNamingTheProperty() {
        String publicOnly = TestKeys.EC_JWK_SET.replaceAll(",\"d\":\"[^\"]+\"", "");
        runner.withPropertyValues(LICENSE, "livechat.signing.jwk-set=" + publicOnly)
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("livechat.signing.jwk-set")
                        .contains("public keys only"));
    }

    @Test
    void licenseAndOrganizationTogetherFailNamingBoth() {
        runner.withPropertyValues(LICENSE, SECRET, "livechat.organization-id=org-1")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("livechat.license")
                        .contains("livechat.organization-id"));
    }

    @Test
    void bodyReadTimeoutDefaultsTo10SecondsAndIsConfigurable() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context ->
                        assertThat(webhookServlet(context).bodyReadTimeout()).isEqualTo(Duration.ofSeconds(10)));
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.body-read-timeout=3s")
                .run(context ->
                        assertThat(webhookServlet(context).bodyReadTimeout()).isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void zeroBodyReadTimeoutFailsNamingTheProperty() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.body-read-timeout=0s")
                .run(context ->
                        assertThat(analysis(context).getDescription()).contains("livechat.webhook.body-read-timeout"));
    }

    private static LiveChatWebhookServlet webhookServlet(AssertableWebApplicationContext context) {
        return (LiveChatWebhookServlet)
                context.getBean(LiveChatWebhookAutoConfiguration.SERVLET_NAME, ServletRegistrationBean.class)
                        .getServlet();
    }

    @Test
    void zeroBodyLimitFailsNamingTheProperty() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.max-body-size=0B")
                .run(context ->
                        assertThat(analysis(context).getDescription()).contains("livechat.webhook.max-body-size"));
    }

    @Test
    void jdbcStoreWithoutDataSourceFailsNamingTheProperty() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.store=jdbc")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("livechat.webhook.store")
                        .contains("DataSource"));
    }

    @Test
    void zeroOrNegativeClaimLeaseFailsNamingThePropertyWithoutQuotingSecrets() {
        for (String lease : List.of("0s", "-1s")) {
            runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.claim-lease=" + lease)
                    .run(context -> {
                        FailureAnalysis analysis = analysis(context);
                        assertThat(analysis.getDescription())
                                .as("lease %s", lease)
                                .contains("property 'livechat.webhook.claim-lease' must be a positive duration")
                                .doesNotContain(TestWebhooks.SECRET_KEY)
                                .doesNotContain(TestWebhooks.SIGNING_SECRET);
                        assertThat(analysis.getAction())
                                .contains("livechat.webhook.claim-lease")
                                .doesNotContain(TestWebhooks.SECRET_KEY)
                                .doesNotContain(TestWebhooks.SIGNING_SECRET);
                    });
        }
    }

    @Test
    void zeroClaimLeaseFailsWithTheJdbcStoreToo() {
        runner.withUserConfiguration(DataSourceConfiguration.class)
                .withPropertyValues(
                        LICENSE,
                        SECRET,
                        WEBHOOK_SECRET,
                        "livechat.webhook.store=jdbc",
                        "livechat.webhook.claim-lease=0s")
                .run(context ->
                        assertThat(analysis(context).getDescription()).contains("livechat.webhook.claim-lease"));
    }

    @Test
    void storeTtlUnderAMinuteFailsNamingThePropertyForEitherStore() {
        runner.withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET, "livechat.webhook.store-ttl=30s")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("property 'livechat.webhook.store-ttl' is invalid: ttl must be at least 1 minute"));
        runner.withUserConfiguration(DataSourceConfiguration.class)
                .withPropertyValues(
                        LICENSE,
                        SECRET,
                        WEBHOOK_SECRET,
                        "livechat.webhook.store=jdbc",
                        "livechat.webhook.store-ttl=30s")
                .run(context -> assertThat(analysis(context).getDescription())
                        .contains("property 'livechat.webhook.store-ttl' is invalid: ttl must be at least 1 minute"));
    }

    @Test
    void jdbcTableThatIsNotAnIdentifierFailsNamingTheProperty() {
        runner.withUserConfiguration(DataSourceConfiguration.class)
                .withPropertyValues(
                        LICENSE,
                        SECRET,
                        WEBHOOK_SECRET,
                        "livechat.webhook.store=jdbc",
                        "livechat.webhook.jdbc-table=state; drop table users")
                .run(
                        context -> assertThat(analysis(context).getDescription())
                                .contains(
                                        "property 'livechat.webhook.jdbc-table' is invalid: table must be a plain SQL identifier"));
    }

    @Test
    void failureAnalyzerIsRegisteredInSpringFactories() {
        List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(
                        getClass().getClassLoader())
                .load(
                        FailureAnalyzer.class,
                        SpringFactoriesLoader.ArgumentResolver.none(),
                        (type, name, failure) -> {}); // Boot's own analyzers need constructor arguments
        assertThat(analyzers).anyMatch(LiveChatPropertyFailureAnalyzer.class::isInstance);
    }

    // ---- back-off -------------------------------------------------------------------------------------------

    @Test
    void everyBeanBacksOffForTheApplicationsOwn() {
        runner.withUserConfiguration(UserBeans.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(IdentityKeySet.class)).isSameAs(UserBeans.KEYS);
                    assertThat(context.getBean(WidgetOptions.class).license()).hasValue(999L);
                    assertThat(context)
                            .getBean(LiveChatAutoConfiguration.FILTER_NAME)
                            .isSameAs(UserBeans.FILTER);
                    assertThat(context)
                            .doesNotHaveBean(SpringSecurityIdentityResolver.class)
                            .getBean(IdentityResolver.class)
                            .isSameAs(UserBeans.RESOLVER);
                    assertThat(context).getBeans(LiveChatViewConfigurer.class).containsOnlyKeys("userViewConfigurer");
                    assertThat(context.getBean(WebhookAuthenticator.class).mode())
                            .isEqualTo(WebhookAuthenticator.Mode.SIGNATURE);
                    assertThat(context).getBeans(ChatContextStore.class).containsOnlyKeys("userStore");
                    assertThat(context.getBean(LiveChatWebhooks.class).maxBodyBytes())
                            .isEqualTo(4096);
                    assertThat(context.getBean(LiveChatWebhookAutoConfiguration.SERVLET_NAME))
                            .isSameAs(context.getBean("liveChatWebhookServlet"));
                    assertThat(servletMappings(context)).containsExactly("/mine");
                });
    }

    // ---- missing classes ------------------------------------------------------------------------------------

    @Test
    void withoutJdbcOnTheClassPathTheJdbcStoreIsNotConfigured() {
        runner.withClassLoader(new FilteredClassLoader(DataSource.class, JdbcDataSource.class))
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(JdbcChatContextStore.class)
                        .hasSingleBean(InMemoryChatContextStore.class));
    }

    @Test
    void withoutSpringSecurityThePrincipalNameIsTheSubject() {
        runner.withConfiguration(AutoConfigurations.of(LiveChatWebhookSecurityAutoConfiguration.class))
                .withClassLoader(new FilteredClassLoader("org.springframework.security"))
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .doesNotHaveBean(SpringSecurityIdentityResolver.class)
                            .doesNotHaveBean(LiveChatWebhookSecurityAutoConfiguration.CHAIN_NAME)
                            .hasBean(LiveChatWebhookAutoConfiguration.SERVLET_NAME)
                            .hasBean(LiveChatAutoConfiguration.FILTER_NAME);
                    var request = TestPages.anonymous("/");
                    request.setUserPrincipal(() -> "container-user");
                    String html = TestPages.render(context, request);
                    assertThat(TestPages.claims(TestPages.token(html))).contains("\"sub\":\"container-user\"");
                    assertThat(html).doesNotContain("set_customer_name");
                });
    }

    @Test
    void withoutSpringMvcThereIsNoModelAttribute() {
        runner.withClassLoader(new FilteredClassLoader(
                        org.springframework.web.servlet.config.annotation.WebMvcConfigurer.class))
                .withPropertyValues(LICENSE, SECRET)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(LiveChatViewConfigurer.class)
                        .hasBean(LiveChatAutoConfiguration.FILTER_NAME));
    }

    @Test
    void micrometerCountsSnippetsAndWebhooks() {
        metricsRunner
                .withUserConfiguration(Registry.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(MicrometerWidgetFilterMetrics.class)
                            .hasSingleBean(MicrometerWebhookMetrics.class)
                            .hasBean("liveChatWebhookMetrics");
                    TestPages.render(context, TestPages.signedIn("erin"));
                    TestPages.render(context, TestPages.anonymous("/"));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.counter("lcbridge.widget.snippets", "placement", "filter", "identity", "true")
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.counter("lcbridge.widget.snippets", "placement", "filter", "identity", "false")
                                    .count())
                            .isEqualTo(1);
                    context.getBean(LiveChatWebhooks.class)
                            .process(
                                    TestWebhooks.incomingChat("bad", null, null), WebhookHeaders.none(), Instant.now());
                    assertThat(registry.counter(
                                            "lcbridge.webhook.events",
                                            "action",
                                            "incoming_chat",
                                            "verification",
                                            "MALFORMED")
                                    .count())
                            .isEqualTo(1);
                    ServletRegistrationBean<?> servlet = context.getBean(
                            LiveChatWebhookAutoConfiguration.SERVLET_NAME, ServletRegistrationBean.class);
                    MockHttpServletRequest get = new MockHttpServletRequest("GET", "/webhooks/livechat");
                    servlet.getServlet().service(get, new MockHttpServletResponse());
                    assertThat(registry.find("lcbridge.webhook.requests").timer())
                            .as("answers are timed by the observation lcbridge.webhook.deliveries, not a second timer")
                            .isNull();
                });
    }

    @Test
    void skippedResponsesAreCountedByReason() {
        metricsRunner
                .withUserConfiguration(Registry.class)
                .withPropertyValues(LICENSE, SECRET)
                .run(context -> {
                    FilterRegistrationBean<?> registration =
                            context.getBean(LiveChatAutoConfiguration.FILTER_NAME, FilterRegistrationBean.class);
                    MockHttpServletRequest json = TestPages.anonymous("/api/me");
                    MockHttpServletResponse response = new MockHttpServletResponse();
                    registration.getFilter().doFilter(json, response, (req, res) -> {
                        res.setContentType("application/json");
                        res.getWriter().write("{}");
                    });
                    MockHttpServletRequest head = TestPages.anonymous("/");
                    head.setMethod("HEAD");
                    registration
                            .getFilter()
                            .doFilter(
                                    head, new MockHttpServletResponse(), (req, res) -> res.setContentType("text/html"));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(response.getContentAsString()).isEqualTo("{}");
                    assertThat(registry.counter("lcbridge.widget.skipped", "reason", "not_html")
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.counter("lcbridge.widget.skipped", "reason", "head_request")
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.counter("lcbridge.widget.skipped", "reason", "status")
                                    .count())
                            .isZero();
                });
    }

    @Test
    void signingFailuresAreCountedByStageAndCause() {
        metricsRunner
                .withUserConfiguration(Registry.class)
                .withPropertyValues(LICENSE, SECRET, "livechat.signing.max-token-length=100")
                .run(context -> {
                    String html = TestPages.render(
                            context, TestPages.signedIn("a-user-with-a-rather-long-name-" + "x".repeat(80)));
                    assertThat(html).contains("window.__lc").doesNotContain("lc_identity");
                    assertThat(context.getBean(MeterRegistry.class)
                                    .get("lcbridge.widget.failures")
                                    .tag("cause", "TOKEN_TOO_LARGE")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                });
    }

    @Test
    void withoutMicrometerThereAreNoMeters() {
        metricsRunner
                .withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(MicrometerWidgetFilterMetrics.class)
                        .doesNotHaveBean(MicrometerWebhookMetrics.class)
                        .hasBean(LiveChatAutoConfiguration.FILTER_NAME));
    }

    // ---- webhook events ---------------------------------------------------------------------------------------

    @Test
    void signedIncomingChatIsPublishedAsAVerifiedEventAndHandedToHandlerBeans() {
        runner.withUserConfiguration(EventRecorder.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> {
                    CustomerIdentity alice = CustomerIdentity.builder("alice")
                            .name("Alice")
                            .email("alice@example.com")
                            .build();
                    String token = sign(context, alice);
                    WebhookOutcome outcome = context.getBean(LiveChatWebhooks.class)
                            .process(
                                    TestWebhooks.incomingChat(token, "Alice", "alice@example.com"),
                                    WebhookHeaders.none(),
                                    Instant.now());
                    assertThat(outcome.httpStatus()).isEqualTo(200);
                    EventRecorder recorder = context.getBean(EventRecorder.class);
                    assertThat(recorder.events)
                            .singleElement()
                            .isInstanceOfSatisfying(LiveChatWebhookEvent.IncomingChat.class, chat -> {
                                assertThat(chat.status()).isEqualTo(TokenStatus.VERIFIED);
                                assertThat(chat.verifiedIdentity()).hasValue(alice);
                                assertThat(chat.payload().chatId()).isEqualTo("PJ0MRSHTDG");
                            });
                    assertThat(recorder.handled)
                            .extracting(WebhookEvent::action)
                            .containsExactly("incoming_chat");
                });
    }

    @Test
    void chatDeactivatedIsPublishedWithTheStoredCustomer() {
        runner.withUserConfiguration(EventRecorder.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> {
                    String token = sign(context, CustomerIdentity.builder("bob").build());
                    LiveChatWebhooks webhooks = context.getBean(LiveChatWebhooks.class);
                    webhooks.process(
                            TestWebhooks.incomingChat(token, null, null), WebhookHeaders.none(), Instant.now());
                    WebhookOutcome outcome = webhooks.process(
                            TestWebhooks.raw("chat_deactivated.v3.6.json")
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            WebhookHeaders.none(),
                            Instant.now());
                    assertThat(outcome.httpStatus()).isEqualTo(200);
                    assertThat(context.getBean(EventRecorder.class).events)
                            .hasSize(2)
                            .last()
                            .isInstanceOfSatisfying(LiveChatWebhookEvent.ChatDeactivated.class, closed -> {
                                assertThat(closed.status()).isEqualTo(TokenStatus.VERIFIED);
                                assertThat(closed.verifiedIdentity().map(CustomerIdentity::subject))
                                        .hasValue("bob");
                            });
                });
    }

    @Test
    void listenerFailureAnswers500SoLiveChatRetries() {
        runner.withUserConfiguration(FailingListener.class)
                .withPropertyValues(LICENSE, SECRET, WEBHOOK_SECRET)
                .run(context -> {
                    WebhookOutcome outcome = context.getBean(LiveChatWebhooks.class)
                            .process(
                                    TestWebhooks.incomingChat("not-a-token", null, null),
                                    WebhookHeaders.none(),
                                    Instant.now());
                    assertThat(outcome.httpStatus()).isEqualTo(500);
                });
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private static java.util.Collection<String> servletMappings(AssertableWebApplicationContext context) {
        ServletRegistrationBean<?> servlet =
                context.getBean(LiveChatWebhookAutoConfiguration.SERVLET_NAME, ServletRegistrationBean.class);
        return servlet.getUrlMappings();
    }

    private static String sign(AssertableWebApplicationContext context, CustomerIdentity identity) {
        return IdentitySigner.builder(context.getBean(IdentityKeySet.class), "12345678")
                .build()
                .sign(identity)
                .token();
    }

    /**
     * A claim on a delivery answers its retries "in progress" until {@code lease} has passed, then lets a retry take it
     * over: observed through the store's claims at chosen instants (the store takes the time from its caller).
     */
    private static void assertClaimBlocksRetriesFor(ChatContextStore store, Duration lease) {
        Instant claimed = Instant.parse("2026-01-01T00:00:00Z");
        String delivery = "incoming_chat|lease-test";
        assertThat(store.claim(delivery, claimed)).isEqualTo(DeliveryClaim.CLAIMED);
        assertThat(store.claim(delivery, claimed.plus(lease).minusSeconds(1)))
                .as("retry 1 s before the lease ends")
                .isEqualTo(DeliveryClaim.IN_PROGRESS);
        assertThat(store.claim(delivery, claimed.plus(lease).plusSeconds(1)))
                .as("retry 1 s after the lease ended")
                .isEqualTo(DeliveryClaim.CLAIMED);
    }

    /** The failure analysis of a context that failed to start, which must exist. */
    static FailureAnalysis analysis(AssertableWebApplicationContext context) {
        assertThat(context).hasFailed();
        FailureAnalysis analysis = new LiveChatPropertyFailureAnalyzer().analyze(context.getStartupFailure());
        assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
        return analysis;
    }

    @Configuration(proxyBeanMethods = false)
    static class DataSourceConfiguration {
        @Bean
        DataSource dataSource() {
            JdbcDataSource dataSource = new JdbcDataSource();
            dataSource.setURL("jdbc:h2:mem:lcbridge-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
            return dataSource;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class UserBeans {
        static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(TestKeys.OTHER_HS256_SECRET);

        @Bean
        IdentityKeySet userKeys() {
            return KEYS;
        }

        @Bean
        WidgetOptions userOptions() {
            return WidgetOptions.forLicense(999);
        }

        static final FilterRegistrationBean<LiveChatWidgetFilter> FILTER = new FilterRegistrationBean<>(
                LiveChatWidgetFilter.builder(WidgetOptions.forLicense(999)).build());
        static final IdentityResolver RESOLVER = request -> java.util.Optional.empty();

        @Bean(LiveChatAutoConfiguration.FILTER_NAME)
        FilterRegistrationBean<LiveChatWidgetFilter> userFilter() {
            return FILTER;
        }

        @Bean
        IdentityResolver userResolver() {
            return RESOLVER;
        }

        @Bean
        LiveChatViewConfigurer userViewConfigurer() {
            return new LiveChatViewConfigurer("mine");
        }

        @Bean
        WebhookAuthenticator userAuthenticator() {
            return WebhookAuthenticator.builder()
                    .signatureSecrets("relay-secret-0123456789")
                    .build();
        }

        @Bean
        ChatContextStore userStore() {
            return InMemoryChatContextStore.builder().build();
        }

        @Bean
        LiveChatWebhooks userWebhooks(WebhookAuthenticator authenticator, ChatContextStore store) {
            return LiveChatWebhooks.builder()
                    .authenticator(authenticator)
                    .identityKeys(KEYS)
                    .audience("999")
                    .store(store)
                    .maxBodyBytes(4096)
                    .build();
        }

        @Bean(LiveChatWebhookAutoConfiguration.SERVLET_NAME)
        ServletRegistrationBean<LiveChatWebhookServlet> userServlet(LiveChatWebhooks webhooks) {
            return new ServletRegistrationBean<>(new LiveChatWebhookServlet(webhooks), "/mine");
        }
    }

    /** The customizer, and the deprecated Spring customizer and contributor, all applied in bean order. */
    @Configuration(proxyBeanMethods = false)
    @SuppressWarnings("removal")
    static class IdentityAdditions {
        @Bean
        @org.springframework.core.annotation.Order(2)
        LiveChatIdentityCustomizer later() {
            return (identity, request) -> identity.variable("tier", "2");
        }

        @Bean
        @org.springframework.core.annotation.Order(1)
        io.lcbridge.servlet.LiveChatIdentityCustomizer first() {
            return (request, identity) ->
                    identity.name("Carol").variable("plan", "pro").variable("tier", "1");
        }

        @Bean
        io.lcbridge.servlet.SessionVariablesContributor region() {
            return (request, identity) -> Map.of("region", "eu");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FixedResolver {
        @Bean
        IdentityResolver fixed() {
            return request ->
                    java.util.Optional.of(CustomerIdentity.builder("fixed-7").build());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EventRecorder {
        final List<LiveChatWebhookEvent> events = new ArrayList<>();
        final List<WebhookEvent> handled = new ArrayList<>();

        @EventListener
        void on(LiveChatWebhookEvent event) {
            events.add(event);
        }

        @Bean
        LiveChatWebhookHandler recordingHandler() {
            return handled::add;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingListener {
        @EventListener
        void on(LiveChatWebhookEvent.IncomingChat event) {
            throw new IllegalStateException("listener down");
        }
    }
}
