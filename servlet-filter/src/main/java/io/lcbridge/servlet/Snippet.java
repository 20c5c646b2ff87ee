package io.lcbridge.servlet;

import io.lcbridge.widget.LiveChatSnippet;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The markup to inject into one response. It is pure ASCII (the renderer escapes everything else), so its bytes are
 * the same in every ASCII-compatible charset.
 *
 * @param html            the markup
 * @param carriesIdentity whether it holds the visitor's identity (the response must then not be shared by caches)
 * @param widget          the renderer's snippet it came from ({@code null} for fixed markup in tests)
 */
record Snippet(String html, boolean carriesIdentity, LiveChatSnippet widget) {

    Snippet {
        Objects.requireNonNull(html, "html");
        for (int i = 0; i < html.length(); i++) {
            if (html.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("snippet markup must be pure ASCII (char " + i + " is not)");
            }
        }
    }

    Snippet(String html, boolean carriesIdentity) {
        this(html, carriesIdentity, null);
    }

    static Snippet of(LiveChatSnippet widget) {
        return new Snippet(widget.html(), widget.hasIdentity(), widget);
    }

    /** Whether the markup overwrites the customer data a signed-in page left in the widget (first page after logout). */
    boolean clearsCustomerData() {
        return widget != null && widget.clearsCustomerData();
    }

    byte[] ascii() {
        return html.getBytes(StandardCharsets.US_ASCII);
    }
}
