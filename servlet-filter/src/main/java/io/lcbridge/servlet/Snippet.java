package io.lcbridge.servlet;

import io.lcbridge.widget.LiveChatSnippet;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The markup to inject into one response. It is pure ASCII (the renderer escapes everything else), so its bytes are
 * the same in every ASCII-compatible charset.
 *
 * <p>A snippet made for the head ({@link InjectionPoint#BEFORE_HEAD_END}) leaves out the {@code <noscript>} link: with
 * scripting off, an {@code <a>} inside {@code <noscript>} in {@code <head>} ends the head early. It carries the way to
 * the body variant (link included), for a page that falls back to {@code </body>} and for a template placing it by hand.
 *
 * @param html            the markup
 * @param carriesIdentity whether it holds the visitor's identity (the response must then not be shared by caches)
 * @param widget          the renderer's snippet it came from ({@code null} for fixed markup in tests)
 * @param bodyVariant     the same snippet for the body, or {@code null} when it is this one
 */
record Snippet(
        String html,
        boolean carriesIdentity,
        @Nullable LiveChatSnippet widget,
        @Nullable Supplier<@Nullable Snippet> bodyVariant) {

    Snippet {
        Objects.requireNonNull(html, "html");
        for (int i = 0; i < html.length(); i++) {
            if (html.charAt(i) > 0x7F) {
                throw new IllegalArgumentException("snippet markup must be pure ASCII (char " + i + " is not)");
            }
        }
    }

    Snippet(String html, boolean carriesIdentity, @Nullable LiveChatSnippet widget) {
        this(html, carriesIdentity, widget, null);
    }

    Snippet(String html, boolean carriesIdentity) {
        this(html, carriesIdentity, null, null);
    }

    static Snippet of(LiveChatSnippet widget) {
        return new Snippet(widget.html(), widget.hasIdentity(), widget, null);
    }

    /** This snippet, for the head, with {@code body} as its variant for the body. */
    Snippet withBodyVariant(Supplier<@Nullable Snippet> body) {
        return new Snippet(html, carriesIdentity, widget, Objects.requireNonNull(body, "body"));
    }

    /**
     * The variant to put in the body (or anywhere a template places it): the one with the {@code <noscript>} link when
     * this one was made for the head. Falls back to this snippet when the variant cannot be had or would say something
     * else about the visitor (identity, clearing), so headers already decided on this snippet stay right.
     */
    Snippet inBody() {
        Supplier<@Nullable Snippet> variant = bodyVariant;
        if (variant == null) {
            return this;
        }
        Snippet body;
        try {
            body = variant.get();
        } catch (RuntimeException e) {
            return this;
        }
        return body != null
                        && body.carriesIdentity == carriesIdentity
                        && body.clearsCustomerData() == clearsCustomerData()
                ? body
                : this;
    }

    /** Whether the markup overwrites the customer data a signed-in page left in the widget (first page after logout). */
    boolean clearsCustomerData() {
        return widget != null && widget.clearsCustomerData();
    }

    byte[] ascii() {
        return html.getBytes(StandardCharsets.US_ASCII);
    }
}
