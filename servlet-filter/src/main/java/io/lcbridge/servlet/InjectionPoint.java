package io.lcbridge.servlet;

/** Where the filter puts the widget snippet in a page. */
public enum InjectionPoint {
    /**
     * Right before the first real {@code </body>} end tag (the default, as LiveChat's installation guide says).
     * The page's content renders before the widget loads.
     */
    BEFORE_BODY_END,
    /**
     * Right before the first real {@code </head>} end tag, so the identity is queued before any of the body is parsed;
     * the rest of the page streams through untouched. A page that omits {@code </head>} gets the snippet before
     * {@code </body>} instead.
     */
    BEFORE_HEAD_END,
    /**
     * Nowhere: the filter injects nothing by itself. It still binds the snippet to the request, so templates place it
     * by hand ({@link LiveChatSnippets}) and get the same identity handling and cache headers.
     */
    MANUAL_ONLY
}
