package io.lcbridge.servlet;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The markup to inject into one response. It is pure ASCII (the renderer escapes everything else), so its bytes are
 * the same in every ASCII-compatible charset.
 *
 * @param html            the markup
 * @param carriesIdentity whether it holds the visitor's identity (the response must then not be shared by caches)
 */
record Snippet(String html, boolean carriesIdentity) {

    Snippet {
        Objects.requireNonNull(html, "html");
        for (int i = 0; i < html.length(); i++) {
            if (html.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("snippet markup must be pure ASCII (char " + i + " is not)");
            }
        }
    }

    byte[] ascii() {
        return html.getBytes(StandardCharsets.US_ASCII);
    }
}
