package io.lcbridge.servlet;

/** What a streaming injector asks the response about, at the two moments that matter. */
interface InjectionHooks {

    /**
     * The page's {@code <body>} (or {@code <head>}) start tag went by: decide whether this response gets a snippet
     * (headers such as {@code Cache-Control} are set here, before the bytes that follow are written).
     *
     * @return {@code false} to stop scanning and pass the rest through untouched
     */
    boolean armed();

    /**
     * The marker was found: the snippet to write right before it, or {@code null} to write nothing (for example the
     * template placed the snippet by hand in the meantime). Called at most once.
     */
    Snippet snippetAtMarker();

    /** The scan itself failed; the injector has given up and passes everything through. */
    void scanFailed(RuntimeException e);
}
