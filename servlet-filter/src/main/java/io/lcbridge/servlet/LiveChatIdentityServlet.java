package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.SignedIdentity;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * The signed-in user's identity as JSON for single-page apps, in the prop shape of LiveChat's official widget
 * adapters ({@code @livechat/widget-react}, {@code -vue}, {@code -angular}): a React app passes the answer straight to
 * {@code <LiveChatWidget license="…" {...identity} />}.
 *
 * <pre>{@code
 * {"customerName":"Alice Liddell","customerEmail":"alice@example.com",
 *  "sessionVariables":{"plan":"gold","lc_identity":"eyJ0eXAiOi…"}}
 * }</pre>
 *
 * <p>The values are exactly what a server-rendered page of the same request would carry: the same
 * {@link IdentityResolver}, session variable contributors, token variable, token budget and signing keys, and the
 * token is bound to the request's HTTP session ({@code sid}) as on pages. {@code customerName} and
 * {@code customerEmail} are left out when the user has none.
 *
 * <p>Answers: 200 with the JSON for a signed-in user; 204 (no body) for an anonymous visitor, when the filter has no
 * signing keys, or when the identity cannot be signed (token over budget, a contributor failed: logged once per cause
 * and counted, as for pages); 405 for anything but {@code GET} and {@code HEAD}. Every answer carries
 * {@code Cache-Control: no-store}, {@code Vary: Cookie} and {@code X-Content-Type-Options: nosniff}: it depends on the
 * caller's cookies and must never be stored by any cache. The JSON is pure ASCII (non-ASCII and {@code < > &} as
 * {@code \\uXXXX}). No CORS headers: only the app's own origin reads it. A request the browser marks as another
 * site's or another origin's ({@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or a foreign
 * {@code Origin}: a {@code <script src>} include, a cross-origin {@code fetch}) gets 403 and no identity at all.
 *
 * <p>In code, share a filter's configuration (and its token cache):
 * {@code context.addServlet(new ServletHolder(LiveChatIdentityServlet.forFilter(filter)), "/livechat/identity")}.
 * From {@code web.xml} (no-argument constructor) it takes the same init parameters as {@link LiveChatWidgetFilter}
 * ({@code license}, {@code identitySecret}, {@code identityResolver}, ...), and then has a token cache of its own.
 */
public final class LiveChatIdentityServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The path the servlet is registered at by convention (and by the Spring Boot starter). */
    public static final String DEFAULT_PATH = "/livechat/identity";

    private transient LiveChatWidgetFilter filter;
    private transient RendererSnippetSource source;

    /**
     * For containers that instantiate servlets themselves ({@code web.xml}): configured with the init parameters of
     * {@link LiveChatWidgetFilter}.
     */
    public LiveChatIdentityServlet() {}

    private LiveChatIdentityServlet(LiveChatWidgetFilter filter) {
        this.filter = filter;
    }

    /**
     * A servlet answering with {@code filter}'s identity resolver, contributors, keys and token cache. The filter must
     * be built in code, or initialised by its container before the first request reaches this servlet.
     */
    public static LiveChatIdentityServlet forFilter(LiveChatWidgetFilter filter) {
        return new LiveChatIdentityServlet(Objects.requireNonNull(filter, "filter"));
    }

    @Override
    public void init() throws ServletException {
        if (filter != null) {
            return;
        }
        try {
            LiveChatWidgetFilter built =
                    FilterInitParameters.read(this::getInitParameter).build();
            this.source = (RendererSnippetSource) built.source();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServletException("LiveChatIdentityServlet '" + getServletName() + "': " + e.getMessage(), e);
        }
    }

    private RendererSnippetSource source() {
        RendererSnippetSource known = source;
        if (known != null) {
            return known;
        }
        if (filter != null && filter.source() instanceof RendererSnippetSource renderer) {
            source = renderer;
            return renderer;
        }
        return null;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.addHeader("Vary", "Cookie");
        response.setHeader("X-Content-Type-Options", "nosniff");
        String method = request.getMethod();
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            response.setHeader("Allow", "GET, HEAD");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        if (RequestSite.isForeign(request, true)) {
            // another site's <script src>, fetch or form: never the signed identity, not even to a browser that
            // would keep the page from reading it (security review, issue 15)
            byte[] refusal = "cross-site request refused\n".getBytes(StandardCharsets.US_ASCII);
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=US-ASCII");
            response.setContentLength(refusal.length);
            if ("GET".equals(method)) {
                response.getOutputStream().write(refusal);
            }
            return;
        }
        RendererSnippetSource current = source();
        SignedIdentity signed = current == null ? null : current.signedIdentity(request);
        if (signed == null) {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            return;
        }
        byte[] body = props(signed, current.tokenVariable()).getBytes(StandardCharsets.US_ASCII);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        if ("GET".equals(method)) {
            response.getOutputStream().write(body);
        }
    }

    /** The adapter props: customerName, customerEmail (each when present) and sessionVariables with the token. */
    static String props(SignedIdentity signed, String tokenVariable) {
        CustomerIdentity identity = signed.identity();
        StringBuilder json = new StringBuilder(256 + signed.token().length());
        json.append('{');
        identity.name()
                .ifPresent(
                        name -> string(json.append("\"customerName\":"), name).append(','));
        identity.email()
                .ifPresent(email ->
                        string(json.append("\"customerEmail\":"), email).append(','));
        json.append("\"sessionVariables\":{");
        for (Map.Entry<String, String> variable : identity.sessionVariables().entrySet()) {
            string(json, variable.getKey()).append(':');
            string(json, variable.getValue()).append(',');
        }
        string(json, tokenVariable).append(':');
        string(json, signed.token());
        return json.append("}}").toString();
    }

    /** A JSON string in pure ASCII: quotes, backslash, controls, {@code < > &} and everything non-ASCII escaped. */
    private static StringBuilder string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e || c == '<' || c == '>' || c == '&') {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }

    @Override
    public String toString() {
        return "LiveChatIdentityServlet[" + (filter != null ? filter : "init parameters") + "]";
    }
}
