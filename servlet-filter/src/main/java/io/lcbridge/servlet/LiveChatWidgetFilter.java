package io.lcbridge.servlet;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Puts the LiveChat widget snippet, with the logged-in visitor's signed identity, into every HTML page, while the
 * page streams through: no buffering of the body, about the cost of one copy of the page, at most one snippet per
 * response, and a page is never broken (any failure serves it unchanged).
 *
 * <p>Where: right before the first real {@code </body>} (default) or {@code </head>} end tag ({@link InjectionPoint}),
 * ignoring ones inside comments, {@code <script>}/{@code <style>} raw text, CDATA and attribute values, and only
 * once the page opened the matching start tag, so HTML fragments (htmx, Turbo) are left alone.
 *
 * <p>Left untouched: non-{@code text/html} responses, responses with a {@code Content-Encoding}, {@code HEAD}
 * requests, statuses other than 2xx (and 204/205/206; error statuses only when enabled), charsets that are not
 * ASCII-compatible, excluded paths, forwarded/included/error dispatches of a request already filtered, pages whose
 * template placed the snippet by hand ({@link LiveChatSnippets}), and non-blocking output ({@code setWriteListener}).
 *
 * <p>Map it to {@code REQUEST} (and {@code ERROR} if error pages should get the widget); an {@code ASYNC} mapping
 * is harmless. Responses carrying identity get {@code Cache-Control: private}, lose a strong {@code ETag}, and get
 * {@code Vary: Cookie}.
 */
public final class LiveChatWidgetFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    /** Request attribute set while a request is inside this filter (guards against a second wrap). */
    static final String APPLIED_ATTRIBUTE = LiveChatWidgetFilter.class.getName() + ".applied";

    private transient SnippetSource source;
    private transient FilterSettings settings;
    private transient FailureLog failures;

    LiveChatWidgetFilter(SnippetSource source, FilterSettings settings) {
        this.source = source;
        this.settings = settings;
        this.failures = new FailureLog(settings.metrics());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!shouldWrap(request)) {
            chain.doFilter(request, response);
            return;
        }
        RequestSnippet snippet = new RequestSnippet(request, source, failures);
        InjectingResponse wrapped = new InjectingResponse(response, snippet, settings, failures);
        request.setAttribute(APPLIED_ATTRIBUTE, Boolean.TRUE);
        request.setAttribute(LiveChatSnippets.ATTRIBUTE,
                new LiveChatSnippets.BoundSnippet(request, snippet, wrapped, settings.metrics()));
        boolean completed = false;
        try {
            chain.doFilter(new DrainingRequest(request, wrapped), wrapped);
            completed = true;
        } finally {
            if (!request.isAsyncStarted()) {
                drain(wrapped, completed);
            }
            // async: DrainingRequest's AsyncContext drains on complete()/dispatch()
        }
    }

    private static void drain(InjectingResponse wrapped, boolean rethrow) throws IOException {
        try {
            wrapped.finish(); // the application may never close its stream
        } catch (IOException e) {
            if (rethrow) {
                throw e;
            }
            // the chain already failed; its exception is the one that matters
        }
    }

    private boolean shouldWrap(HttpServletRequest request) {
        if (request.getAttribute(APPLIED_ATTRIBUTE) != null || request.getAttribute(LiveChatSnippets.PLACED_ATTRIBUTE) != null) {
            return false; // forward, include, error or async dispatch of a request we already handle
        }
        if ("HEAD".equalsIgnoreCase(request.getMethod())) {
            return false;
        }
        if (request.getDispatcherType() == DispatcherType.ERROR && !settings.errorPages()) {
            return false;
        }
        return settings.paths().applies(pathInApplication(request));
    }

    private static String pathInApplication(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        if (uri == null) {
            return "/";
        }
        String path = context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
        return path.isEmpty() ? "/" : path;
    }

    @Override
    public String toString() {
        return "LiveChatWidgetFilter[" + settings.injectionPoint() + ", " + settings.paths() + "]";
    }
}
