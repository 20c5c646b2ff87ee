package io.lcbridge.servlet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The injected markup must be pure ASCII, so that its bytes are the same in every ASCII-compatible charset the page may
 * declare: any char above 0x7F is refused, wherever it is, and the message names its index.
 */
final class SnippetAsciiTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u0080", "\u00e9", "\u0142", "\u2013", "\ud83d\ude00", "\ud800", "\uffff"})
    void everyCharAboveAsciiIsRefusedWithItsIndex(String nonAscii) {
        for (int at : new int[] {0, 1, 37, 63}) {
            String html = "<script>" + "x".repeat(at) + nonAscii + "</script>";
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> new Snippet(html, false))
                    .withMessageContaining("char " + (8 + at) + " is not");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 4096})
    void asciiMarkupIsKeptAndEncodedAsIs(int length) {
        StringBuilder html = new StringBuilder();
        for (int i = 0; i < length; i++) {
            html.append((char) (i % 128));
        }
        Snippet snippet = new Snippet(html.toString(), false);
        assertThat(snippet.ascii()).isEqualTo(html.toString().getBytes(StandardCharsets.UTF_8));
    }
}
