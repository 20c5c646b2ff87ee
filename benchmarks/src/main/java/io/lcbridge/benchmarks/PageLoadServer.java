package io.lcbridge.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.servlet.InjectionPoint;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import io.lcbridge.widget.CachingIdentitySigner;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetSnippetRenderer;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import org.eclipse.jetty.ee11.servlet.FilterHolder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server side of {@code benchmarks/page-load.sh}: one Jetty 12.1 (ee11) server, the same 50 KB page under seven
 * paths, every request logged in as the same user:
 * <ul>
 *   <li>{@code /a/page} no widget;</li>
 *   <li>{@code /b/page} the widget loader pasted by hand into the template;</li>
 *   <li>{@code /c/page} {@link LiveChatWidgetFilter} with an HS256 identity, placed before {@code </body>}
 *   ({@link InjectionPoint#BEFORE_BODY_END}, set explicitly: the whole page is scanned);</li>
 *   <li>{@code /d/page} the filter with an ES256 identity, before {@code </body>} too;</li>
 *   <li>{@code /e/page} a naive buffering filter: Spring's {@code ContentCachingResponseWrapper} and
 *   {@code String.replace("</body>", snippet + "</body>")}, same renderer and caching signer as (c).</li>
 *   <li>{@code /f/page} the floor: a filter that wraps the writer and reads every char of the page once with one
 *   comparison ({@link PageReadingFloor#countLt}), injecting nothing. No scanner can cost less than this, so
 *   (f)/(b) bounds what (c)/(b) can reach on this machine.</li>
 *   <li>{@code /g/page} the filter with an HS256 identity and its default placement, before {@code </head>}: the
 *   rest of the page streams through unscanned.</li>
 *   <li>{@code /h/page} the (g) filter without signing keys: every visitor gets the loader alone (no token, no
 *   private cache headers, no identity mark), so (g) - (h) over loopback is what the identity costs (not in the
 *   default {@code VARIANTS} of {@code page-load.sh}).</li>
 * </ul>
 * {@code /stats?v=c} answers {@code requests allocatedBytesPerRequest cpuNanosPerRequest} for a variant (bytes
 * allocated and CPU time used by the request thread inside the filter chain, from {@code com.sun.management.ThreadMXBean};
 * the CPU time counts only that thread, so it holds on a busy machine); {@code /stats/reset} clears them.
 */
public final class PageLoadServer {

    private static final String PAGE = BenchmarkPages.page(50 * 1024);
    private static final Map<String, LongAdder[]> STATS = new ConcurrentHashMap<>();

    private PageLoadServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 18080;
        WidgetOptions options = WidgetOptions.forLicense(12345678);
        IdentityKeySet hs256 = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("benchmark-only-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        IdentityKeySet es256 = IdentityKeySet.fromJwks(List.of(new ECKeyGenerator(Curve.P_256)
                .keyID("es256-bench")
                .algorithm(JWSAlgorithm.ES256)
                .keyUse(KeyUse.SIGNATURE)
                .generate()));
        WidgetSnippetRenderer handPasted = WidgetSnippetRenderer.create(options);
        String pastedPage =
                insertBeforeBodyEnd(PAGE, handPasted.renderAnonymous(null).html());
        WidgetSnippetRenderer naiveRenderer = WidgetSnippetRenderer.builder(options)
                .signer(CachingIdentitySigner.wrap(
                        IdentitySigner.builder(hs256, options.audience()).build()))
                .build();

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        variant(context, "a", null, new PageServlet(PAGE));
        variant(context, "b", null, new PageServlet(pastedPage));
        variant(
                context,
                "c",
                LiveChatWidgetFilter.builder(options)
                        .signingKeys(hs256)
                        .injectionPoint(InjectionPoint.BEFORE_BODY_END)
                        .build(),
                new PageServlet(PAGE));
        variant(
                context,
                "d",
                LiveChatWidgetFilter.builder(options)
                        .signingKeys(es256)
                        .injectionPoint(InjectionPoint.BEFORE_BODY_END)
                        .build(),
                new PageServlet(PAGE));
        variant(context, "e", new NaiveBufferingFilter(naiveRenderer), new PageServlet(PAGE));
        variant(context, "f", new ReadEveryCharFilter(), new PageServlet(PAGE));
        variant(
                context,
                "g",
                LiveChatWidgetFilter.builder(options).signingKeys(hs256).build(),
                new PageServlet(PAGE));
        variant(context, "h", LiveChatWidgetFilter.builder(options).build(), new PageServlet(PAGE));
        context.addServlet(new ServletHolder(new StatsServlet()), "/stats/*");
        server.setHandler(context);
        server.start();
        System.out.println("page-load server on http://127.0.0.1:" + connector.getLocalPort() + " (page "
                + PAGE.length() + " chars)");
        server.join();
    }

    private static void variant(ServletContextHandler context, String name, Filter widget, HttpServlet servlet) {
        STATS.put(name, new LongAdder[] {new LongAdder(), new LongAdder(), new LongAdder()});
        String path = "/" + name + "/*";
        context.addFilter(new FilterHolder(new AllocationProbe(name)), path, EnumSet.of(DispatcherType.REQUEST));
        context.addFilter(new FilterHolder(new LoggedIn()), path, EnumSet.of(DispatcherType.REQUEST));
        if (widget != null) {
            context.addFilter(new FilterHolder(widget), path, EnumSet.of(DispatcherType.REQUEST));
        }
        context.addServlet(new ServletHolder(servlet), path);
    }

    static String insertBeforeBodyEnd(String page, String snippet) {
        int at = page.lastIndexOf("</body>");
        return page.substring(0, at) + snippet + page.substring(at);
    }

    /** The template: writes the page through the writer, as template engines do, in 8 KB pieces. */
    static final class PageServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String page;

        PageServlet(String page) {
            this.page = page;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            var writer = resp.getWriter();
            for (int off = 0; off < page.length(); off += 8192) {
                writer.write(page, off, Math.min(8192, page.length() - off));
            }
        }
    }

    /** Every request is the same signed-in user (the app's authentication). */
    static final class LoggedIn extends HttpFilter {
        private static final long serialVersionUID = 1L;
        private static final Principal ALICE = () -> "alice@example.com";

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(
                    new HttpServletRequestWrapper(request) {
                        @Override
                        public Principal getUserPrincipal() {
                            return ALICE;
                        }
                    },
                    response);
        }
    }

    /** Variant (e): buffer the whole body, String.replace, write it out with a Content-Length. */
    static final class NaiveBufferingFilter extends HttpFilter {
        private static final long serialVersionUID = 1L;
        private final transient WidgetSnippetRenderer renderer;

        NaiveBufferingFilter(WidgetSnippetRenderer renderer) {
            this.renderer = renderer;
        }

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            ContentCachingResponseWrapper wrapper = new ContentCachingResponseWrapper(response);
            chain.doFilter(request, wrapper);
            String snippet = renderer.render(
                            CustomerIdentity.builder(request.getUserPrincipal().getName())
                                    .build(),
                            null)
                    .html();
            String body = new String(wrapper.getContentAsByteArray(), StandardCharsets.UTF_8)
                    .replace("</body>", snippet + "</body>");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    /** Variant (f): wraps the writer, reads every char written once, passes the writes through unchanged. */
    static final class ReadEveryCharFilter extends HttpFilter {
        private static final long serialVersionUID = 1L;
        static final LongAdder LT_SEEN = new LongAdder();

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(request, new HttpServletResponseWrapper(response) {
                private PrintWriter writer;

                @Override
                public PrintWriter getWriter() throws IOException {
                    if (writer == null) {
                        writer = new PrintWriter(new ReadingWriter(super.getWriter()), false);
                    }
                    return writer;
                }
            });
        }
    }

    static final class ReadingWriter extends Writer {
        private final Writer out;
        private final char[] scratch = new char[1024];

        ReadingWriter(Writer out) {
            this.out = out;
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            ReadEveryCharFilter.LT_SEEN.add(PageReadingFloor.countLt(s, off, len, scratch));
            out.write(s, off, len);
        }

        @Override
        public void write(char[] c, int off, int len) throws IOException {
            ReadEveryCharFilter.LT_SEEN.add(PageReadingFloor.countLt(c, off, len));
            out.write(c, off, len);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Bytes the request thread allocates in the rest of the chain. */
    static final class AllocationProbe extends HttpFilter {
        private static final long serialVersionUID = 1L;
        private final String variant;

        AllocationProbe(String variant) {
            this.variant = variant;
        }

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(id);
            long cpuBefore = mx.getCurrentThreadCpuTime();
            try {
                chain.doFilter(request, response);
            } finally {
                LongAdder[] s = STATS.get(variant);
                s[0].increment();
                s[1].add(mx.getThreadAllocatedBytes(id) - before);
                s[2].add(mx.getCurrentThreadCpuTime() - cpuBefore);
            }
        }
    }

    static final class StatsServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/plain");
            if ("/reset".equals(req.getPathInfo())) {
                STATS.values().forEach(s -> {
                    for (LongAdder adder : s) {
                        adder.reset();
                    }
                });
                resp.getWriter().println("reset");
                return;
            }
            LongAdder[] s = STATS.get(req.getParameter("v"));
            long n = s[0].sum();
            resp.getWriter().println(n + " " + (n == 0 ? 0 : s[1].sum() / n) + " " + (n == 0 ? 0 : s[2].sum() / n));
        }
    }
}
