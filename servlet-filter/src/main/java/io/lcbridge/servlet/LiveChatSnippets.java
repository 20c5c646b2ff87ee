package io.lcbridge.servlet;

import io.lcbridge.widget.LiveChatSnippet;
import jakarta.servlet.ServletRequest;

import java.util.Locale;
import java.util.Optional;

/**
 * Manual placement: for templates that want to put the widget snippet somewhere specific instead of letting
 * {@link LiveChatWidgetFilter} inject it. Asking for the snippet marks the request, so the filter does not add a
 * second one. The filter must be in the request's chain (it binds the snippet to the request).
 *
 * <p>Ways to ask:
 * <ul>
 *   <li>from Java: {@link #forRequest(ServletRequest)} (the {@link LiveChatSnippet}, with its CSP hash) or
 *   {@link #html(ServletRequest)};</li>
 *   <li>from a template, without Java: the request attribute {@value #ATTRIBUTE}. Its {@code toString()} is the
 *   snippet markup (JSP: {@code ${lcbridgeSnippet}}; Thymeleaf: {@code [(${lcbridgeSnippet})]}; Mustache:
 *   {@code {{{lcbridgeSnippet}}}}). Rendering it marks the request.</li>
 * </ul>
 * The markup is pure ASCII and already escaped for its script context: emit it unescaped.
 *
 * <p>Ask before the filter reaches its place: with the default {@link InjectionPoint#BEFORE_HEAD_END}, a template that
 * asks only after the page's {@code </head>} went out gets nothing, because the filter already put the snippet into the
 * head (at most one per response). To place it in the body yourself, use {@link InjectionPoint#BEFORE_BODY_END} (the
 * filter then waits for {@code </body>}) or {@link InjectionPoint#MANUAL_ONLY}.
 *
 * <p>Ask before the response is committed. The identity is only handed out while the response can still be marked
 * {@code Cache-Control: private} (or was committed private or {@code no-store} already); a template that asks later,
 * after the application flushed a page it declared {@code public}, gets the loader without identity, as the filter
 * would, and the withheld identity is counted as {@link WidgetFilterMetrics.SkipReason#NO_INJECTION_POINT}.
 */
public final class LiveChatSnippets {

    /** Request attribute holding the snippet; its {@code toString()} renders it and marks the request. */
    public static final String ATTRIBUTE = "lcbridgeSnippet";

    /** Request attribute set (to {@code Boolean.TRUE}) once the snippet was placed, by hand or by the filter. */
    public static final String PLACED_ATTRIBUTE = "io.lcbridge.servlet.snippetPlaced";

    private LiveChatSnippets() {}

    /**
     * The rendered snippet for this request, empty when the filter is not in the chain, the visitor gets nothing
     * (anonymous with {@link AnonymousVisitors#NOTHING}), or producing it failed (logged once, counted; the page still
     * renders). Marks the request so the filter does not inject again.
     */
    public static Optional<LiveChatSnippet> forRequest(ServletRequest request) {
        Snippet snippet = snippet(request);
        return snippet == null ? Optional.empty() : Optional.ofNullable(snippet.widget());
    }

    /**
     * The snippet markup for this request, or {@code ""} when the filter is not in the chain, the visitor gets nothing
     * (anonymous with {@link AnonymousVisitors#NOTHING}), or producing it failed (logged once, counted; the page still
     * renders). Marks the request so the filter does not inject again.
     */
    public static String html(ServletRequest request) {
        Snippet snippet = snippet(request);
        return snippet == null ? "" : snippet.html();
    }

    /** The bound snippet of a request that went through the filter, marking the request as placed by hand. */
    static Snippet snippet(ServletRequest request) {
        Object bound = request.getAttribute(ATTRIBUTE);
        if (!(bound instanceof BoundSnippet b)) {
            return null;
        }
        return b.place();
    }

    /** What the filter binds to {@link #ATTRIBUTE}. */
    static final class BoundSnippet {
        private final ServletRequest request;
        private final RequestSnippet snippet;
        private final InjectingResponse response;
        private final WidgetFilterMetrics metrics;

        BoundSnippet(
                ServletRequest request,
                RequestSnippet snippet,
                InjectingResponse response,
                WidgetFilterMetrics metrics) {
            this.request = request;
            this.snippet = snippet;
            this.response = response;
            this.metrics = metrics;
        }

        Snippet place() {
            if (response.injected()) {
                return null; // the filter already put it into this page (before </head>): at most one per response
            }
            boolean first = !snippet.placedByHand();
            snippet.markPlacedByHand();
            request.setAttribute(PLACED_ATTRIBUTE, Boolean.TRUE);
            Snippet s = snippet.get();
            if (s != null && s.carriesIdentity() && !response.identityCanBePrivate() && !committedPrivate(response)) {
                // too late to keep shared caches from storing this page: no identity in it
                s = snippet.anonymous();
                if (first) {
                    metrics.skipped(WidgetFilterMetrics.SkipReason.NO_INJECTION_POINT);
                }
            }
            if (s != null) {
                s = s.inBody(); // the template chooses the place: the whole snippet, <noscript> link included
            }
            if (s != null && first) {
                response.placedByHand(s);
                metrics.placedByTemplate(s.carriesIdentity());
            }
            return s;
        }

        /** Whether the committed response already keeps shared caches out ({@code private} or {@code no-store}). */
        private static boolean committedPrivate(InjectingResponse response) {
            for (String value : response.getHeaders("Cache-Control")) {
                for (String directive : value.split(",")) {
                    String d = directive.trim().toLowerCase(Locale.ROOT);
                    if (d.equals("private") || d.equals("no-store")) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public String toString() {
            Snippet s = place();
            return s == null ? "" : s.html();
        }
    }
}
