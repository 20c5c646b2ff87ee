package io.lcbridge.servlet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A head snippet's body variant is used only when it says the same about the visitor: headers (private, the browser
 * mark) were already decided on the head snippet, so a variant that would change them, or that fails, is not used.
 */
final class SnippetBodyVariantTest {

    private static final Snippet HEAD = new Snippet("<script>head</script>", true);
    private static final Snippet BODY = new Snippet("<script>head</script><noscript>link</noscript>", true);

    @Test
    void aSnippetWithoutVariantIsItsOwnBodyVariant() {
        assertThat(HEAD.inBody()).isSameAs(HEAD);
    }

    @Test
    void theBodyVariantReplacesTheHeadSnippetInTheBody() {
        assertThat(HEAD.withBodyVariant(() -> BODY).inBody()).isSameAs(BODY);
    }

    @Test
    void aVariantThatFailsOrIsMissingLeavesTheHeadSnippet() {
        Snippet failing = HEAD.withBodyVariant(() -> {
            throw new IllegalStateException("render failed");
        });
        assertThat(failing.inBody()).isSameAs(failing);
        Snippet missing = HEAD.withBodyVariant(() -> null);
        assertThat(missing.inBody()).isSameAs(missing);
    }

    @Test
    void aVariantThatWouldChangeWhatTheResponseCarriesIsNotUsed() {
        Snippet withoutIdentity = new Snippet("<script>loader</script><noscript>link</noscript>", false);
        Snippet head = HEAD.withBodyVariant(() -> withoutIdentity);
        assertThat(head.inBody()).isSameAs(head);
    }
}
