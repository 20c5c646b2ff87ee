package io.lcbridge.widget;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.SignedIdentity;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class WidgetSnippetRendererTest {

    private static final WidgetOptions OPTIONS = WidgetOptions.forLicense(12345678);
    private final WidgetSnippetRenderer renderer =
            WidgetSnippetRenderer.builder(OPTIONS).signer(TestFixtures.signer()).build();

    private static CustomerIdentity alice() {
        return CustomerIdentity.builder("user-1")
                .name("Alice")
                .email("alice@example.com")
                .variable("plan", "gold")
                .variable("tenant", "acme")
                .build();
    }

    @Test
    void anAnonymousVisitorGetsTheLoaderAlone() {
        SnippetResult result = renderer.render(null, null);

        assertThat(result.problem()).isEmpty();
        assertThat(result.identityRendered()).isFalse();
        String html = result.html();
        assertThat(html)
                .contains("window.__lc.license = 12345678;")
                .contains("window.__lc.integration_name = \"lcbridge-java\";")
                .contains("_v:\"2.0\"")
                .contains("n.src=\"https:\\u002F\\u002Fcdn.livechatinc.com\\u002Ftracking.js\"")
                .contains("<noscript><a href=\"https://www.livechat.com/chat-with/12345678/\"")
                .doesNotContain("LiveChatWidget.call");
        assertThat(html).startsWith("<!-- Start of LiveChat (www.livechat.com) code -->\n<script>\n");
    }

    @Test
    void queuesNameEmailAndSessionVariablesWithTheTokenLast() {
        SnippetResult result = renderer.render(alice(), null);

        assertThat(result.identityRendered()).isTrue();
        List<RenderedCalls.Call> calls = RenderedCalls.of(result.html());
        assertThat(calls)
                .extracting(RenderedCalls.Call::method)
                .containsExactly("set_customer_name", "set_customer_email", "set_session_variables");
        assertThat(calls.get(0).argument().stringValue()).isEqualTo("Alice");
        assertThat(calls.get(1).argument().stringValue()).isEqualTo("alice@example.com");
        JsonNode variables = calls.get(2).argument();
        assertThat(variables.propertyNames()).containsExactly("plan", "tenant", "lc_identity");
        assertThat(variables.get("plan").stringValue()).isEqualTo("gold");
        // the identity calls come after the loader, inside the same script element
        String script = result.snippet().orElseThrow().scriptBody();
        assertThat(script.indexOf("set_customer_name"))
                .isGreaterThan(script.indexOf("n.LiveChatWidget=n.LiveChatWidget||e"));
    }

    @Test
    void theRenderedTokenVerifiesForTheLicenseAndCarriesTheRenderedValues() {
        String html = renderer.render(alice(), null).html();
        String token =
                RenderedCalls.of(html).get(2).argument().get("lc_identity").stringValue();

        TokenVerification verification =
                IdentityTokenVerifier.create(TestFixtures.KEYS).verify(token, "12345678", Instant.now());
        assertThat(verification.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(verification.identity()).contains(alice());
        assertThat(IdentityTokenVerifier.create(TestFixtures.KEYS)
                        .verify(token, "87654321", Instant.now())
                        .status())
                .isEqualTo(TokenStatus.WRONG_AUDIENCE);
    }

    @Test
    void neverEmitsAnAbsentNameOrEmail() {
        CustomerIdentity bare = CustomerIdentity.builder("user-2").name("").build();
        List<RenderedCalls.Call> calls =
                RenderedCalls.of(renderer.render(bare, null).html());

        assertThat(calls).extracting(RenderedCalls.Call::method).containsExactly("set_session_variables");
        assertThat(calls.get(0).argument().propertyNames()).containsExactly("lc_identity");
    }

    @Test
    void writesEveryValueAsScriptSafeAscii() {
        CustomerIdentity hostile = CustomerIdentity.builder("u</script>")
                .name("</script><script>alert(1)</script>")
                .email("\"'\\&<>/\u2028\u2029")
                .variable("k", "<!-- \uD83D\uDE00 \u200F\t\n")
                .build();
        SnippetResult result = renderer.render(hostile, null);
        String script = result.snippet().orElseThrow().scriptBody();

        assertThat(script).doesNotContain("</").doesNotContain("<!--");
        assertThat(script.substring(script.indexOf("LiveChatWidget.call"))).doesNotContain("'");
        assertThat(result.html().chars()).allMatch(c -> c < 0x7f);
        assertThat(script)
                .contains("\"\\u003C\\u002Fscript\\u003E\\u003Cscript\\u003Ealert(1)\\u003C\\u002Fscript\\u003E\"")
                .contains("\\u0022\\u0027\\u005C\\u0026\\u003C\\u003E\\u002F\\u2028\\u2029")
                .contains("\\u003C!-- \\uD83D\\uDE00 \\u200F\\u0009\\u000A");
        List<RenderedCalls.Call> calls = RenderedCalls.of(result.html());
        assertThat(calls.get(0).argument().stringValue()).isEqualTo("</script><script>alert(1)</script>");
        assertThat(calls.get(1).argument().stringValue()).isEqualTo("\"'\\&<>/\u2028\u2029");
        assertThat(calls.get(2).argument().get("k").stringValue()).isEqualTo("<!-- \uD83D\uDE00 \u200F\t\n");
    }

    @Test
    void rendersATextComOrganizationWithoutTheNoscriptLink() {
        String html = WidgetSnippetRenderer.create(
                        WidgetOptions.forOrganization("7a8b9c0d-1111-2222-3333-444455556666"))
                .renderAnonymous(null)
                .html();

        assertThat(html)
                .contains("window.__lc.organizationId = \"7a8b9c0d-1111-2222-3333-444455556666\";")
                .contains("window.__lc.product_name = \"text\";")
                .doesNotContain("window.__lc.license")
                .doesNotContain("<noscript>");
    }

    @Test
    void rendersTheOptionalLoaderSettings() {
        WidgetOptions options = WidgetOptions.builder()
                .license("987")
                .group(0)
                .chatBetweenGroups(false)
                .asyncInit(true)
                .integrationName("my-shop")
                .scriptUrl("http://127.0.0.1:8080/tracking.js?v=1&x=2")
                .noscript(false)
                .build();
        String html =
                WidgetSnippetRenderer.create(options).renderAnonymous(null).html();

        assertThat(html)
                .contains("window.__lc.license = 987;")
                .contains("window.__lc.group = 0;")
                .contains("window.__lc.chat_between_groups = false;")
                .contains("window.__lc.asyncInit = true;")
                .contains("window.__lc.integration_name = \"my-shop\";")
                .contains("n.src=\"http:\\u002F\\u002F127.0.0.1:8080\\u002Ftracking.js?v=1\\u0026x=2\"")
                .doesNotContain("<noscript>");
        assertThat(WidgetSnippetRenderer.create(OPTIONS).renderAnonymous(null).html())
                .doesNotContain("__lc.group")
                .doesNotContain("chat_between_groups")
                .doesNotContain("asyncInit = true");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rAnd0m+/Nonce==", "abc", "base64url-_nonce", "YWJjZA="})
    void putsAValidNonceOnTheScriptTag(String nonce) {
        SnippetResult result = renderer.render(alice(), nonce);

        assertThat(result.problem()).isEmpty();
        assertThat(result.html()).contains("<script nonce=\"" + nonce + "\">");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "a b",
                "\"><script>alert(1)</script>",
                "abc'",
                "ab=c",
                "abc===",
                "=",
                "nonce;",
                "n\u00f6nce",
                "'unsafe-inline'"
            })
    void refusesANonceOutsideTheBase64Alphabet(String nonce) {
        for (SnippetResult result : List.of(renderer.render(alice(), nonce), renderer.renderAnonymous(nonce))) {
            assertThat(result.snippet()).isEmpty();
            assertThat(result.problem()).contains(SnippetProblem.INVALID_NONCE);
            assertThat(result.html()).isEmpty();
            assertThat(result.detail()).doesNotContain(nonce.isEmpty() ? "\u0000" : nonce);
        }
    }

    @Test
    void refusesAnOverlongNonce() {
        assertThat(renderer.renderAnonymous("a".repeat(257)).problem()).contains(SnippetProblem.INVALID_NONCE);
        assertThat(renderer.renderAnonymous("a".repeat(256)).problem()).isEmpty();
    }

    @Test
    void dropsTheIdentityButKeepsTheLoaderWhenTheTokenIsOverTheBudget() {
        CustomerIdentity big = CustomerIdentity.builder("user-1")
                .variable("notes", "x".repeat(3000))
                .build();
        SnippetResult result = renderer.render(big, "abc");

        assertThat(result.problem()).contains(SnippetProblem.TOKEN_TOO_LARGE);
        assertThat(result.identityRendered()).isFalse();
        assertThat(result.html())
                .contains("<script nonce=\"abc\">")
                .contains("window.__lc.license")
                .doesNotContain("LiveChatWidget.call")
                .doesNotContain("xxxx");
        assertThat(result.detail()).contains("over the budget of 2000").doesNotContain("xxxx");
    }

    @Test
    void appliesTheWidgetsOwnBudgetToPreSignedTokens() {
        WidgetSnippetRenderer tight = WidgetSnippetRenderer.create(
                OPTIONS.toBuilder().maxTokenLength(300).build());
        SignedIdentity signed = TestFixtures.signer()
                .sign(CustomerIdentity.builder("user-1")
                        .variable("notes", "x".repeat(400))
                        .build());

        SnippetResult result = tight.renderSigned(signed, null);
        assertThat(result.problem()).contains(SnippetProblem.TOKEN_TOO_LARGE);
        assertThat(result.detail())
                .isEqualTo("identity token is " + signed.token().length() + " characters, over the budget of 300");
        assertThat(result.snippet()).isPresent();
    }

    @Test
    void dropsAnIdentityWhoseVariablesClaimTheTokenVariable() {
        WidgetSnippetRenderer custom = WidgetSnippetRenderer.builder(
                        OPTIONS.toBuilder().tokenVariable("sig").build())
                .signer(TestFixtures.signer())
                .build();
        SnippetResult result = custom.render(
                CustomerIdentity.builder("user-1").variable("sig", "forged").build(), null);

        assertThat(result.problem()).contains(SnippetProblem.TOKEN_VARIABLE_CLASH);
        assertThat(result.html()).doesNotContain("forged").doesNotContain("LiveChatWidget.call");
    }

    @Test
    void usesTheConfiguredTokenVariable() {
        WidgetSnippetRenderer custom = WidgetSnippetRenderer.builder(
                        OPTIONS.toBuilder().tokenVariable("lcb token").build())
                .signer(TestFixtures.signer())
                .build();
        JsonNode variables =
                RenderedCalls.of(custom.render(alice(), null).html()).get(2).argument();
        assertThat(variables.propertyNames()).containsExactly("plan", "tenant", "lcb token");
    }

    @Test
    void refusesASignerMintingForAnotherAccount() {
        IdentitySigner other = IdentitySigner.builder(TestFixtures.KEYS, "999").build();
        assertThatThrownBy(() ->
                        WidgetSnippetRenderer.builder(OPTIONS).signer(other).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audience")
                .hasMessageContaining("12345678");
    }

    @Test
    void aRendererWithoutSignerRefusesUnsignedIdentitiesLoudly() {
        assertThatThrownBy(() -> WidgetSnippetRenderer.create(OPTIONS).render(alice(), null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("signer");
    }

    @Test
    void reportsSigningFailuresAsAReasonWithTheLoaderStillRendered() {
        // a signer whose key set cannot sign: an EC public key only would be refused at build, so use a
        // key set that signs but an identity the signer refuses (too many claims for a 100-char budget)
        IdentitySigner tiny = IdentitySigner.builder(TestFixtures.KEYS, "12345678")
                .maxTokenLength(100)
                .build();
        SnippetResult result =
                WidgetSnippetRenderer.builder(OPTIONS).signer(tiny).build().render(alice(), null);
        assertThat(result.problem()).contains(SnippetProblem.TOKEN_TOO_LARGE);
        assertThat(result.snippet()).isPresent();
    }

    @Test
    void theCspHashIsTheSha256OfTheScriptBody() throws Exception {
        LiveChatSnippet snippet = renderer.render(alice(), "abc").snippet().orElseThrow();
        String html = snippet.html();
        String body = html.substring(
                html.indexOf("<script nonce=\"abc\">") + "<script nonce=\"abc\">".length(), html.indexOf("</script>"));

        assertThat(snippet.scriptBody()).isEqualTo(body);
        String expected = "sha256-"
                + Base64.getEncoder()
                        .encodeToString(
                                MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.US_ASCII)));
        assertThat(snippet.cspHash()).isEqualTo(expected);
    }

    @Test
    void snippetsNeverPrintPersonalDataInToString() {
        SnippetResult result = renderer.render(alice(), null);
        assertThat(result.toString())
                .doesNotContain("Alice")
                .doesNotContain("alice@example.com")
                .doesNotContain("eyJ");
    }

    @Test
    void rendersTheSameFromManyThreads() throws Exception {
        SignedIdentity signed = TestFixtures.signer().sign(alice());
        String expected = renderer.renderSigned(signed, "abc").html();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!renderer.renderSigned(signed, "abc").html().equals(expected)) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> future : futures) {
                assertThat(future.get(60, TimeUnit.SECONDS)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withOptionsSharesTheTemplateAndSigner() {
        WidgetSnippetRenderer group7 =
                renderer.withOptions(OPTIONS.toBuilder().group(7).build());
        SnippetResult result = group7.render(alice(), null);
        assertThat(result.html()).contains("window.__lc.group = 7;");
        assertThat(result.identityRendered()).isTrue();
        assertThatThrownBy(() -> renderer.withOptions(WidgetOptions.forLicense(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theForgetVariantOverwritesNameEmailAndEveryVariableWithValuesTheWidgetAccepts() {
        SnippetResult result = renderer.renderForget(null);

        assertThat(result.problem()).isEmpty();
        assertThat(result.identityRendered()).isFalse();
        LiveChatSnippet snippet = result.snippet().orElseThrow();
        assertThat(snippet.clearsCustomerData()).isTrue();
        assertThat(snippet.hasIdentity()).isFalse();
        assertThat(snippet.html())
                .contains("window.__lc.license = 12345678;")
                .doesNotContain("destroy")
                .doesNotContain("update_session_variables");
        List<RenderedCalls.Call> calls = RenderedCalls.of(snippet.html());
        assertThat(calls)
                .extracting(RenderedCalls.Call::method)
                .containsExactly("set_session_variables", "set_customer_name", "set_customer_email");
        // set_session_variables replaces every variable set before; the token variable is blanked explicitly
        assertThat(calls.get(0).argument().toString()).isEqualTo("{\"lc_identity\":\"\"}");
        // LiveChat's widget refuses empty strings for name and email; one space is accepted and overwrites them
        assertThat(calls.get(1).argument().stringValue()).isEqualTo(" ");
        assertThat(calls.get(2).argument().stringValue()).isEqualTo(" ");
        assertThat(renderer.clearsCustomerDataAfterLogout()).isTrue();
        assertThat(renderer.renderAnonymous(null).snippet().orElseThrow().clearsCustomerData())
                .isFalse();
    }

    @Test
    void theForgetVariantCarriesTheNonceAndTheConfiguredTokenVariable() {
        WidgetSnippetRenderer custom = WidgetSnippetRenderer.create(
                OPTIONS.toBuilder().tokenVariable("shop_id_token").build());

        String html = custom.renderForget("bm9uY2U=").html();

        assertThat(html).contains("<script nonce=\"bm9uY2U=\">");
        assertThat(html).contains("LiveChatWidget.call(\"set_session_variables\", {\"shop_id_token\":\"\"});");
        assertThat(html.chars().allMatch(c -> c < 0x7f)).isTrue();
        assertThat(custom.renderForget("not a nonce").problem()).contains(SnippetProblem.INVALID_NONCE);
        assertThat(custom.renderForget("bm9uY2U=").snippet().orElseThrow().cspHash())
                .isNotEqualTo(custom.renderAnonymous("bm9uY2U=")
                        .snippet()
                        .orElseThrow()
                        .cspHash());
    }

    @Test
    void aTemplateWithoutAForgetSectionRendersThePlainLoaderAfterLogout(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("old.mustache"), "<script>window.__lc={license:{{{license}}}};</script>");
        WidgetSnippetRenderer custom = WidgetSnippetRenderer.builder(OPTIONS)
                .template(WidgetTemplate.file(folder, "old.mustache"))
                .build();

        SnippetResult result = custom.renderForget(null);

        assertThat(custom.clearsCustomerDataAfterLogout()).isFalse();
        assertThat(result.html()).isEqualTo("<script>window.__lc={license:12345678};</script>");
        assertThat(result.snippet().orElseThrow().clearsCustomerData()).isFalse();
    }

    @Test
    void rendersAUserTemplateFromAFolderWithPartials(@TempDir Path folder) throws Exception {
        Files.writeString(
                folder.resolve("mine.mustache"),
                "<script{{#nonce}} nonce=\"{{{nonce}}}\"{{/nonce}}>\n{{> setup}}\n{{#identity}}LiveChatWidget.call(\"set_session_variables\", {{{sessionVariables}}});{{/identity}}\n</script>\n");
        Files.writeString(folder.resolve("setup.mustache"), "window.__lc = {license: {{{license}}}};");
        WidgetSnippetRenderer custom = WidgetSnippetRenderer.builder(OPTIONS)
                .template(WidgetTemplate.file(folder, "mine.mustache"))
                .signer(TestFixtures.signer())
                .build();

        String html = custom.render(alice(), "n0nce").html();
        assertThat(html)
                .startsWith(
                        "<script nonce=\"n0nce\">\nwindow.__lc = {license: 12345678};\nLiveChatWidget.call(\"set_session_variables\", {\"plan\":\"gold\"");
    }

    @Test
    void aTemplateThatEscapesTheValuesItselfRendersThroughMustacheEveryTime(@TempDir Path folder) throws Exception {
        // {{customerName}} HTML-escapes the JS literal: wrong for a script, but it must render as written
        Files.writeString(
                folder.resolve("escaping.mustache"),
                "<script>{{#identity}}var n = {{customerName}};{{/identity}}</script>");
        WidgetSnippetRenderer custom = WidgetSnippetRenderer.builder(OPTIONS)
                .template(WidgetTemplate.file(folder, "escaping.mustache"))
                .signer(TestFixtures.signer())
                .build();

        assertThat(custom.precompiled()).isFalse();
        assertThat(custom.render(alice(), null).html()).isEqualTo("<script>var n = &quot;Alice&quot;;</script>");
        assertThat(renderer.precompiled()).isTrue();
    }

    @Test
    void aTemplateUsingAValueTwiceIsStillPreRendered(@TempDir Path folder) throws Exception {
        Files.writeString(
                folder.resolve("twice.mustache"),
                "<script{{#nonce}} nonce=\"{{{nonce}}}\"{{/nonce}}>"
                        + "{{#identity}}a={{{sessionVariables}}};b={{{sessionVariables}}};{{^customerEmail}}noEmail();{{/customerEmail}}{{/identity}}</script>");
        WidgetSnippetRenderer custom = WidgetSnippetRenderer.builder(OPTIONS)
                .template(WidgetTemplate.file(folder, "twice.mustache"))
                .signer(TestFixtures.signer())
                .build();
        SignedIdentity signed = TestFixtures.signer()
                .sign(CustomerIdentity.builder("u").variable("k", "v").build());

        assertThat(custom.precompiled()).isTrue();
        String html = custom.renderSigned(signed, "xyz").html();
        assertThat(html).isEqualTo(custom.renderThroughMustache(signed, "xyz").html());
        assertThat(html)
                .startsWith("<script nonce=\"xyz\">a={\"k\":\"v\",\"lc_identity\":")
                .contains(";noEmail();</script>");
    }

    @Test
    void rendersAUserTemplateFromTheClasspath() {
        WidgetSnippetRenderer custom = WidgetSnippetRenderer.builder(OPTIONS)
                .template(WidgetTemplate.classpath("templates/minimal-widget.mustache"))
                .build();
        assertThat(custom.renderAnonymous(null).html()).isEqualTo("<script>window.__lc={license:12345678};</script>\n");
    }

    @Test
    void refusesTemplatesThatBreakTheSnippetRules(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("two.mustache"), "<script></script><script></script>");
        Files.writeString(folder.resolve("none.mustache"), "<p>{{license}}</p>");
        Files.writeString(folder.resolve("utf.mustache"), "<script>/* caf\u00e9 */</script>");
        Files.writeString(folder.resolve("broken.mustache"), "<script>{{#identity}}</script>");

        for (String name : List.of("two.mustache", "none.mustache")) {
            assertThatThrownBy(() -> WidgetSnippetRenderer.builder(OPTIONS)
                            .template(WidgetTemplate.file(folder, name))
                            .build())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("exactly one <script>")
                    .hasMessageContaining(name);
        }
        assertThatThrownBy(() -> WidgetSnippetRenderer.builder(OPTIONS)
                        .template(WidgetTemplate.file(folder, "utf.mustache"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pure ASCII");
        assertThatThrownBy(() -> WidgetSnippetRenderer.builder(OPTIONS)
                        .template(WidgetTemplate.file(folder, "broken.mustache"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be compiled");
        assertThatThrownBy(() -> WidgetSnippetRenderer.builder(OPTIONS)
                        .template(WidgetTemplate.file(folder, "missing.mustache"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.mustache");
        assertThatThrownBy(() -> WidgetSnippetRenderer.builder(OPTIONS)
                        .template(WidgetTemplate.classpath("nope/missing.mustache"))
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void esSignedTokensRenderToo() {
        IdentityKeySet es = EcKeys.es256();
        IdentitySigner signer = IdentitySigner.builder(es, "12345678").build();
        SnippetResult result =
                WidgetSnippetRenderer.builder(OPTIONS).signer(signer).build().render(alice(), null);
        String token = RenderedCalls.of(result.html())
                .get(2)
                .argument()
                .get("lc_identity")
                .stringValue();
        assertThat(IdentityTokenVerifier.create(es)
                        .verify(token, "12345678", Instant.now())
                        .isVerified())
                .isTrue();
    }
}
