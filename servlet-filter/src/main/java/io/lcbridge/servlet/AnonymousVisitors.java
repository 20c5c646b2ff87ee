package io.lcbridge.servlet;

/** What pages served to visitors without an identity get. */
public enum AnonymousVisitors {
    /** The widget loader without identity calls (the default): anonymous visitors can chat too. */
    LOADER_ONLY,
    /** Nothing: the widget is only offered to logged-in users. */
    NOTHING
}
