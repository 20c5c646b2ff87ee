package io.lcbridge.widget;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One rendered widget snippet: a single {@code <script>} element (and optionally the
 * {@code <noscript>} link), pure ASCII.
 *
 * <ul>
 *   <li>{@link #html()} for manual placement in server-rendered templates: insert it unescaped
 *       ({@code {{{lcSnippet}}}} in Mustache, {@code th:utext} in Thymeleaf, {@code <%= %>} in JSP);</li>
 *   <li>{@link #scriptBody()}: the text between {@code <script ...>} and {@code </script>};</li>
 *   <li>{@link #cspHash()}: {@code sha256-<base64>} of the script body, for a
 *       {@code script-src 'sha256-…'} policy instead of nonces.</li>
 * </ul>
 * The script body and hash are computed on first use. {@link #toString()} never prints the HTML,
 * which may hold personal data.
 */
public final class LiveChatSnippet {

    private final String html;
    private final boolean hasIdentity;
    private final boolean clearsCustomerData;
    private volatile String scriptBody;
    private volatile String cspHash;

    LiveChatSnippet(String html, boolean hasIdentity) {
        this(html, hasIdentity, false);
    }

    LiveChatSnippet(String html, boolean hasIdentity, boolean clearsCustomerData) {
        this.html = html;
        this.hasIdentity = hasIdentity;
        this.clearsCustomerData = clearsCustomerData;
    }

    /** The whole snippet HTML. */
    public String html() {
        return html;
    }

    /** The inline script's text, exactly as the browser hashes it for CSP. */
    public String scriptBody() {
        String body = scriptBody;
        if (body == null) {
            body = extractScriptBody(html);
            scriptBody = body;
        }
        return body;
    }

    /** {@code sha256-} followed by the base64 SHA-256 of {@link #scriptBody()} (as UTF-8, which here is ASCII). */
    public String cspHash() {
        String hash = cspHash;
        if (hash == null) {
            hash = "sha256-" + Base64.getEncoder().encodeToString(sha256(scriptBody()));
            cspHash = hash;
        }
        return hash;
    }

    /** Whether the snippet carries the identity calls (false for an anonymous visitor or a dropped identity). */
    public boolean hasIdentity() {
        return hasIdentity;
    }

    /**
     * Whether the snippet carries the calls that overwrite the customer data a signed-in page left in the widget
     * ({@link WidgetSnippetRenderer#renderForget(String)}).
     */
    public boolean clearsCustomerData() {
        return clearsCustomerData;
    }

    @Override
    public String toString() {
        return "LiveChatSnippet[" + html.length() + " chars"
                + (hasIdentity ? ", with identity" : clearsCustomerData ? ", clearing customer data" : ", anonymous")
                + "]";
    }

    /**
     * Finds the first script element. Values inside it can never contain {@code </} (every
     * {@code /} and {@code <} is escaped), so the first {@code </script} closes it.
     */
    static String extractScriptBody(String html) {
        int open = indexOfIgnoreCase(html, "<script", 0);
        if (open < 0) {
            throw new IllegalStateException("the snippet has no <script> element");
        }
        int start = html.indexOf('>', open);
        int end = start < 0 ? -1 : indexOfIgnoreCase(html, "</script", start);
        if (end < 0) {
            throw new IllegalStateException("the snippet's <script> element is not closed");
        }
        return html.substring(start + 1, end);
    }

    static int indexOfIgnoreCase(String text, String needle, int from) {
        int last = text.length() - needle.length();
        for (int i = from; i <= last; i++) {
            if (text.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
