package io.lcbridge.widget;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.SignedIdentity;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every string becomes a pure-ASCII, script-safe literal that parses back to itself. */
class ScriptSafeJsonPropertiesTest {

    private static final WidgetSnippetRenderer RENDERER = WidgetSnippetRenderer.builder(
                    WidgetOptions.forLicense(12345678))
            .signer(TestFixtures.signer())
            .build();

    @Property(tries = 2000)
    void anyStringRoundTripsThroughAnAsciiLiteral(@ForAll @CharRange(from = '\u0000', to = '\uffff') String value) {
        String literal = ScriptSafeJson.string(value);

        assertScriptSafe(literal);
        assertThat(RenderedCalls.JSON.readValue(literal, String.class)).isEqualTo(value);
    }

    @Property(tries = 1000)
    void anySessionVariableValueRoundTripsThroughTheObjectLiteral(
            @ForAll @StringLength(min = 1, max = 40) @CharRange(from = ' ', to = '~') String key,
            @ForAll @CharRange(from = '\u0000', to = '\uffff') String value) {
        Assume.that(!key.equals("__proto__") && !key.equals("lc_identity")); // covered by an example below
        String literal = ScriptSafeJson.object(java.util.Map.of(key, value), "lc_identity", "a.b.c");

        assertScriptSafe(literal);
        var node = RenderedCalls.JSON.readTree(literal);
        assertThat(node.get(key).stringValue()).isEqualTo(value);
        assertThat(node.get("lc_identity").stringValue()).isEqualTo("a.b.c");
    }

    @Property(tries = 500)
    void anyValidIdentityRendersAScriptThatNeverEndsEarly(
            @ForAll("identityText") String name,
            @ForAll("identityText") String email,
            @ForAll("identityText") String value) {
        CustomerIdentity identity = CustomerIdentity.builder("user")
                .name(name)
                .email(email)
                .variable("v", value)
                .build();
        SnippetResult result = RENDERER.render(identity, null);
        LiveChatSnippet snippet = result.snippet().orElseThrow();
        assertThat(result.problem()).isEmpty();

        assertThat(snippet.html().chars()).allMatch(c -> c < 0x7f);
        assertThat(snippet.scriptBody()).doesNotContain("</").doesNotContain("<!--");
        List<RenderedCalls.Call> calls = RenderedCalls.of(snippet.html());
        int next = 0;
        if (!name.isEmpty()) {
            assertThat(calls.get(next++).argument().stringValue()).isEqualTo(name);
        }
        if (!email.isEmpty()) {
            assertThat(calls.get(next++).argument().stringValue()).isEqualTo(email);
        }
        assertThat(calls.get(next).argument().get("v").stringValue()).isEqualTo(value);
    }

    @Property(tries = 300)
    void thePreRenderedPlanReproducesMustacheForEveryShape(
            @ForAll("identityText") String name,
            @ForAll("identityText") String email,
            @ForAll("identityText") String value,
            @ForAll boolean withNonce,
            @ForAll boolean anonymous) {
        assertThat(RENDERER.precompiled()).isTrue();
        SignedIdentity signed = anonymous
                ? null
                : TestFixtures.signer()
                        .sign(CustomerIdentity.builder("user")
                                .name(name)
                                .email(email)
                                .variable("v", value)
                                .build());
        String nonce = withNonce ? "bm9uY2U=" : null;

        assertThat(RENDERER.renderSigned(signed, nonce).html())
                .isEqualTo(RENDERER.renderThroughMustache(signed, nonce).html());
    }

    /**
     * Text core accepts in an identity (no control characters but tab and line breaks, no lone
     * surrogates), biased towards the characters that break naive script embedding.
     */
    @Provide
    Arbitrary<String> identityText() {
        Arbitrary<String> piece = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(8),
                Arbitraries.of(
                        "</script>",
                        "</SCRIPT >",
                        "<!--",
                        "-->",
                        "<script>",
                        "\u2028",
                        "\u2029",
                        "\uD83D\uDE00",
                        "\uD834\uDD1E",
                        "\u200F",
                        "\u202E",
                        "\\",
                        "\"",
                        "'",
                        "`",
                        "${x}",
                        "\t",
                        "\r\n",
                        "&lt;",
                        "]]>"),
                Arbitraries.integers().between(0x10000, 0x10FFFF).map(Character::toString));
        return piece.list().ofMaxSize(12).map(parts -> acceptedByCore(String.join("", parts)));
    }

    private static String acceptedByCore(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (!Character.isSurrogate(c)
                    && !(c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                    && !(c >= 0x7f && c <= 0x9f)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Example
    void escapesTheCharactersThatMatterInsideAScriptAsUnicodeEscapes() {
        assertThat(ScriptSafeJson.string("<>&'\"\\/\u2028\u2029\u007f\t\u00e9\uD83D\uDE00"))
                .isEqualTo(
                        "\"\\u003C\\u003E\\u0026\\u0027\\u0022\\u005C\\u002F\\u2028\\u2029\\u007F\\u0009\\u00E9\\uD83D\\uDE00\"");
    }

    @Example
    void writesAProtoKeyAsAComputedKeySoItStaysAnOrdinaryVariable() {
        assertThat(ScriptSafeJson.object(java.util.Map.of("__proto__", "\"__proto__\":"), "lc_identity", "t"))
                .isEqualTo("{[\"__proto__\"]:\"\\u0022__proto__\\u0022:\",\"lc_identity\":\"t\"}");
    }

    private static void assertScriptSafe(String literal) {
        assertThat(literal.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
        assertThat(literal)
                .doesNotContain("</")
                .doesNotContain("<!--")
                .doesNotContain("<")
                .doesNotContain(">")
                .doesNotContain("&")
                .doesNotContain("'");
        // inside the quotes, no raw quote or backslash other than the start of an escape
        String inner = literal.startsWith("\"") ? literal.substring(1, literal.length() - 1) : literal;
        if (literal.startsWith("\"")) {
            assertThat(inner.replace("\\u", "")).doesNotContain("\"").doesNotContain("\\");
        }
    }
}
