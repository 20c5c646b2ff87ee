package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServletResponse;

/**
 * What {@link InjectingResponse} does with the headers the application sets: its {@code Content-Length} is held in a
 * {@link HeldContentLength} while the page may still change length, a {@code Content-Type} set as a header goes
 * through {@code setContentType}, a {@code Content-Encoding} stops the injectors, and once the response shows an
 * identity every cache header the application sets afterwards is made private again. Kept apart from the wrapper so
 * the header rules read in one place, next to the few facts of a {@code Content-Type} value they need.
 */
final class HeaderPolicy {

    static final String CONTENT_LENGTH = "Content-Length";
    static final String CONTENT_TYPE = "Content-Type";
    static final String CONTENT_ENCODING = "Content-Encoding";

    private final InjectingResponse response;
    private final RequestSnippet snippet;
    private final HeldContentLength contentLength;
    private boolean identityHeaders;

    HeaderPolicy(InjectingResponse response, RequestSnippet snippet) {
        this.response = response;
        this.snippet = snippet;
        this.contentLength = new HeldContentLength(len -> container().setContentLengthLong(len), response::isCommitted);
    }

    /** The response the wrapper delegates to (what {@code super} calls reach). */
    private HttpServletResponse container() {
        return (HttpServletResponse) response.getResponse();
    }

    // ---------------------------------------------------------------- Content-Length

    /** The application set its length ({@code setContentLength}, {@code setContentLengthLong}, or a header). */
    void contentLength(long len) {
        contentLength.set(len, response.passing(), response.injectedSnippet());
    }

    /** The response passes through untouched before any byte was written: the held length is right. */
    void forwardContentLength() {
        contentLength.forwardUnchanged();
    }

    /** {@code snippetLength} characters went into the page: a held length grows by them. */
    void snippetWritten(int snippetLength) {
        contentLength.snippetWritten(snippetLength);
    }

    /** {@code reset()}: no length held, no identity headers. */
    void reset() {
        contentLength.clear();
        identityHeaders = false;
    }

    // ---------------------------------------------------------------- identity (cache) headers

    /** A snippet with the identity goes into the page: the response is made private, and marked. */
    void identityShown() {
        identityHeaders = true;
        CacheHeaders.makePrivate(container());
        snippet.identityShown(container());
    }

    /** A snippet that clears LiveChat's customer data goes into the page. */
    void customerDataCleared() {
        snippet.customerDataCleared(container());
    }

    /** Whether the headers were made private for an identity. */
    boolean identityHeaders() {
        return identityHeaders;
    }

    // ---------------------------------------------------------------- setHeader, addHeader and their int variants

    /** {@code setIntHeader}/{@code addIntHeader}: {@code true} when the header is a length, held here. */
    boolean holdsIntHeader(String name, int value) {
        if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
            contentLength(value);
            return true;
        }
        return false;
    }

    /** {@code setHeader}/{@code addHeader}: {@code true} when the header was handled here and must not go on. */
    boolean intercept(String name, String value, boolean add) {
        if (name == null) {
            return false;
        }
        if (CONTENT_LENGTH.equalsIgnoreCase(name)) {
            if (value == null) {
                contentLength.clear();
                container().setHeader(name, null);
            } else {
                try {
                    contentLength(Long.parseLong(value.trim()));
                } catch (NumberFormatException e) {
                    container().setHeader(name, value); // not ours to judge; the container will
                }
            }
            return true;
        }
        if (CONTENT_TYPE.equalsIgnoreCase(name) && !add) {
            response.setContentType(value);
            return true;
        }
        return false;
    }

    /** After a header went on: a {@code Content-Encoding} stops the injectors; a cache header is made private again. */
    void afterHeader(String name, String value) {
        if (CONTENT_ENCODING.equalsIgnoreCase(name) && value != null && !response.passing()) {
            response.stopInjectors();
        } else if (identityHeaders && !response.isCommitted() && CacheHeaders.concerns(name)) {
            CacheHeaders.makePrivate(container());
        }
    }

    /** {@code getHeader}: a held length reads as set. */
    String header(String name) {
        if (CONTENT_LENGTH.equalsIgnoreCase(name)
                && contentLength.isHeld()
                && container().getHeader(name) == null) {
            return contentLength.headerValue();
        }
        return container().getHeader(name);
    }

    /** {@code containsHeader}: a held length counts as set. */
    boolean containsHeader(String name) {
        if (CONTENT_LENGTH.equalsIgnoreCase(name) && contentLength.isHeld()) {
            return true;
        }
        return container().containsHeader(name);
    }

    // ---------------------------------------------------------------- Content-Type values

    static boolean isHtml(String contentType) {
        String t = contentType.trim();
        if (!t.regionMatches(true, 0, "text/html", 0, 9)) {
            return false;
        }
        return t.length() == 9 || t.charAt(9) == ';' || t.charAt(9) == ' ' || t.charAt(9) == '\t';
    }

    /** UTF-8, US-ASCII, ISO-8859-x and windows-125x: see {@link MetaCharsetPrescan#asciiCompatible}. */
    static boolean asciiCompatible(String encoding) {
        return MetaCharsetPrescan.asciiCompatible(encoding);
    }

    /** The {@code charset} parameter of a {@code Content-Type} value, or {@code null} when it has none. */
    static String headerCharset(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        while (semicolon >= 0) {
            int next = contentType.indexOf(';', semicolon + 1);
            String parameter = contentType.substring(semicolon + 1, next < 0 ? contentType.length() : next);
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
                String value = parameter.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).trim();
                }
                return value.isEmpty() ? null : value;
            }
            semicolon = next;
        }
        return null;
    }
}
