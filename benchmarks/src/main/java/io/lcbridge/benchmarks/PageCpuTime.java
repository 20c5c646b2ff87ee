package io.lcbridge.benchmarks;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.InjectionPoint;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetSnippetRenderer;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.mock.web.MockHttpServletRequest;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

/**
 * The page path of {@code benchmarks/page-load.sh} without the network, in <em>thread CPU time</em>: one logged-in
 * visitor's 50 KB page written through {@code getWriter()} in 8 KB pieces into a preallocated sink, as
 * <ul>
 *   <li>(b) the page with the loader pasted by hand, no filter;</li>
 *   <li>(g) {@link LiveChatWidgetFilter} with an HS256 identity and its default placement (before {@code </head>});</li>
 *   <li>(c) the same filter placed before {@code </body>} (the whole page is scanned);</li>
 *   <li>(f) the floor: the page read once char by char ({@link PageReadingFloor}), no filter;</li>
 *   <li>(h) the (g) filter for a visitor who is not signed in: the loader alone, no token, no private cache headers,
 *   no identity mark; (g) - (h) is what a signed-in identity costs a page.</li>
 * </ul>
 * Responses are {@link LeanSinkResponse}s: headers as cheap as a container's, the body into a preallocated sink.
 * The workloads take turns batch after batch in one JVM, so their ratios hold on a shared machine; prints the lowest
 * and the median CPU time per page over the batches, the medians' ratios to (b), (g) - (b): what the filter costs
 * a page besides what the page costs anyway, and (g) - (h): the part of it a signed-in identity costs. {@code g-only} / {@code b-only} run one workload alone (for a profiler).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.lcbridge.benchmarks.PageCpuTime [batches] [g-only|b-only]}
 */
public final class PageCpuTime {

    private static final int PER_BATCH = 200;
    private static final int CHUNK = 8192;
    private static final String PAGE = BenchmarkPages.page(50 * 1024);

    private final String pastedPage;
    private final LiveChatWidgetFilter head;
    private final LiveChatWidgetFilter body;
    private final MockHttpServletRequest request;
    private final MockHttpServletRequest anonymousRequest;
    private final InjectionBenchmark.ByteSink bytes = new InjectionBenchmark.ByteSink(16);
    private final InjectionBenchmark.CharSink chars = new InjectionBenchmark.CharSink(PAGE.length() + 8192);
    private final char[] scratch = new char[1024];

    private PageCpuTime() {
        WidgetOptions options = WidgetOptions.forLicense(12345678);
        IdentityKeySet hs256 = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("benchmark-only-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        pastedPage = PageLoadServer.insertBeforeBodyEnd(
                PAGE,
                WidgetSnippetRenderer.create(options).renderAnonymous(null).html());
        head = LiveChatWidgetFilter.builder(options).signingKeys(hs256).build();
        body = LiveChatWidgetFilter.builder(options)
                .signingKeys(hs256)
                .injectionPoint(InjectionPoint.BEFORE_BODY_END)
                .build();
        request = new MockHttpServletRequest("GET", "/g/page");
        request.setUserPrincipal(() -> "alice@example.com");
        anonymousRequest = new MockHttpServletRequest("GET", "/g/page");
    }

    /** A workload: one page. */
    @FunctionalInterface
    private interface Page {
        int run() throws IOException, ServletException;
    }

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        String only = args.length > 1 ? args[1] : "";
        PageCpuTime bench = new PageCpuTime();
        bench.check();
        String[] names = {"(b) pasted", "(g) filter head", "(c) filter body", "(f) read floor", "(h) head, anon"};
        Page[] pages = {bench::pasted, bench::filterHead, bench::filterBody, bench::readFloor, bench::anonymousHead};
        if (only.equals("g-only") || only.equals("b-only")) {
            Page page = only.equals("g-only") ? pages[1] : pages[0];
            long sink = 0;
            for (long i = 0; i < (long) batches * PER_BATCH * 10; i++) {
                sink += page.run();
            }
            System.out.println("(checksum " + sink + ")");
            return;
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (int warm = 0; warm < 4000; warm++) {
            for (Page page : pages) {
                sink += page.run();
            }
        }
        double[][] perPage = new double[pages.length][batches];
        for (int b = 0; b < batches; b++) {
            for (int w = 0; w < pages.length; w++) {
                long start = threads.getCurrentThreadCpuTime();
                for (int k = 0; k < PER_BATCH; k++) {
                    sink += pages[w].run();
                }
                perPage[w][b] = (threads.getCurrentThreadCpuTime() - start) / 1000.0 / PER_BATCH;
            }
        }
        double pasted = median(perPage[0]);
        for (int w = 0; w < pages.length; w++) {
            double median = median(perPage[w]);
            System.out.printf(
                    Locale.ROOT,
                    "%-16s min %7.2f us  median %7.2f us  (b)/this %.3f%n",
                    names[w],
                    Arrays.stream(perPage[w]).min().orElseThrow(),
                    median,
                    pasted / median);
        }
        System.out.printf(Locale.ROOT, "(g) - (b)        %7.2f us per page%n", median(perPage[1]) - pasted);
        System.out.printf(
                Locale.ROOT,
                "(g) - (h)        %7.2f us per page (the identity)%n",
                median(perPage[1]) - median(perPage[4]));
        System.out.println("(checksum " + sink + ")");
    }

    /** Fails the run unless (g) put an identity before {@code </head>} and (c) before {@code </body>}. */
    private void check() throws IOException, ServletException {
        filterHead();
        String out = new String(chars.buf, 0, chars.size);
        int end = out.indexOf("<!-- End of LiveChat code -->");
        if (!out.contains("set_session_variables") || !out.startsWith("</head>", out.indexOf('\n', end) + 1)) {
            throw new IllegalStateException("(g) did not put the identity before </head>");
        }
        filterBody();
        out = new String(chars.buf, 0, chars.size);
        end = out.indexOf("<!-- End of LiveChat code -->");
        if (!out.contains("set_session_variables") || !out.startsWith("</body>", out.indexOf('\n', end) + 1)) {
            throw new IllegalStateException("(c) did not put the identity before </body>");
        }
        anonymousHead();
        out = new String(chars.buf, 0, chars.size);
        if (out.contains("set_session_variables") || !out.contains("<!-- End of LiveChat code -->")) {
            throw new IllegalStateException("(h) did not put the loader alone in the page");
        }
    }

    private int pasted() throws IOException {
        HttpServletResponse response = response();
        write(pastedPage, request(), response);
        return chars.size;
    }

    private int filterHead() throws IOException, ServletException {
        HttpServletResponse response = response();
        head.doFilter(request(), response, (req, resp) -> write(PAGE, req, resp));
        return chars.size;
    }

    private int anonymousHead() throws IOException, ServletException {
        HttpServletResponse response = response();
        anonymousRequest.clearAttributes();
        head.doFilter(anonymousRequest, response, (req, resp) -> write(PAGE, req, resp));
        return chars.size;
    }

    private int filterBody() throws IOException, ServletException {
        HttpServletResponse response = response();
        body.doFilter(request(), response, (req, resp) -> write(PAGE, req, resp));
        return chars.size;
    }

    private int readFloor() throws IOException {
        HttpServletResponse response = response();
        response.setContentType("text/html;charset=UTF-8");
        PrintWriter writer = response.getWriter();
        int n = 0;
        for (int off = 0; off < PAGE.length(); off += CHUNK) {
            int len = Math.min(CHUNK, PAGE.length() - off);
            n += PageReadingFloor.countLt(PAGE, off, len, scratch);
            writer.write(PAGE, off, len);
        }
        return chars.size + n;
    }

    /** The template: the page through the writer in 8 KB pieces. */
    private static void write(String page, ServletRequest req, ServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        for (int off = 0; off < page.length(); off += CHUNK) {
            out.write(page, off, Math.min(CHUNK, page.length() - off));
        }
    }

    /** The request, without what the filter left on it last time (a fresh request in a real container). */
    private MockHttpServletRequest request() {
        request.clearAttributes();
        return request;
    }

    private HttpServletResponse response() {
        bytes.reset();
        chars.reset();
        return new LeanSinkResponse(bytes, chars);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
