package io.lcbridge.servlet;

/** Where the filter puts the widget snippet in a page. */
public enum InjectionPoint {
    /**
     * Right before the first real {@code </body>} end tag, as LiveChat's installation guide says: the page's content
     * is parsed before the widget loads, and the whole page is scanned to find the place.
     */
    BEFORE_BODY_END,
    /**
     * Right before the first real {@code </head>} end tag (the default): the identity is queued before any of the body
     * is parsed or runs, the widget starts loading as soon as the head arrives, and the rest of the page streams through
     * untouched. The snippet has no {@code <noscript>} link there (an {@code <a>} in {@code <head>} ends the head early
     * when scripting is off). A page that omits {@code </head>} gets the whole snippet before {@code </body>} instead.
     * Why LiveChat's loader works in the head: {@code docs/placement.md}.
     */
    BEFORE_HEAD_END,
    /**
     * Nowhere: the filter injects nothing by itself. It still binds the snippet to the request, so templates place it
     * by hand ({@link LiveChatSnippets}) and get the same identity handling and cache headers.
     */
    MANUAL_ONLY
}
