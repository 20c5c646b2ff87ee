package io.lcbridge.benchmarks;

import io.lcbridge.servlet.InjectionPoint;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.WriteListener;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The filter's per-response work on a page, against copying the page: {@link LiveChatWidgetFilter} (public API only),
 * its page written by the "application" in the 8 KB pieces a template engine or container makes, through the
 * writer or the stream of a response whose output is a preallocated sink, versus the same writes into the same sink
 * with no filter; plus the naive ways (lower-case the whole page and search it; buffer it, {@code String.replace},
 * re-encode) and two floors ({@link PageReadingFloor}). The filter renders the loader without identity (the page path's
 * cost of signing and rendering is in {@code RenderBenchmark}); {@code inject*} put it before {@code </body>} (the
 * whole page is scanned), {@code injectCharsHead} before {@code </head>} (the default: the rest streams through).
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar InjectionBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InjectionBenchmark {

    private static final int CHUNK = 8192;
    private static final String SNIPPET = "<script>window.__lc={license:12345678};/* loader */</script>";

    /** Page size in bytes of text before UTF-8 encoding: 10 KB, 50 KB, 1 MB. */
    @Param({"10240", "51200", "1048576"})
    int pageChars;

    private byte[] page;
    private String pageText;
    private ByteSink bytes;
    private CharSink chars;
    private final char[] scratch = new char[1024];
    private MockHttpServletRequest request;
    private LiveChatWidgetFilter bodyFilter;
    private LiveChatWidgetFilter headFilter;

    @Setup
    public void setUp() {
        pageText = BenchmarkPages.page(pageChars);
        page = pageText.getBytes(StandardCharsets.UTF_8);
        bytes = new ByteSink(
                2 * page.length + 4096); // the naive replace inserts at every "</body>", also the fake ones
        chars = new CharSink(pageText.length() + 4096);
        request = new MockHttpServletRequest("GET", "/orders");
        WidgetOptions options = WidgetOptions.forLicense(12345678);
        bodyFilter = LiveChatWidgetFilter.builder(options)
                .injectionPoint(InjectionPoint.BEFORE_BODY_END)
                .build();
        headFilter = LiveChatWidgetFilter.builder(options)
                .injectionPoint(InjectionPoint.BEFORE_HEAD_END)
                .build();
        check("</body>", this::injectChars);
        check("</head>", this::injectCharsHead);
        check("</body>", this::injectBytes);
    }

    /** Runs {@code benchmark} once and fails the run unless the loader went right before the page's {@code marker}. */
    private void check(String marker, Run benchmark) {
        try {
            benchmark.run();
        } catch (IOException | ServletException e) {
            throw new IllegalStateException(e);
        }
        String out = bytes.size > 0
                ? new String(bytes.buf, 0, bytes.size, StandardCharsets.UTF_8)
                : new String(chars.buf, 0, chars.size);
        int loader = out.indexOf("window.__lc");
        int end = out.indexOf("<!-- End of LiveChat code -->");
        if (loader < 0 || !out.startsWith(marker, out.indexOf('\n', end) + 1)) {
            throw new IllegalStateException("the filter did not put the loader before " + marker);
        }
    }

    @FunctionalInterface
    private interface Run {
        int run() throws IOException, ServletException;
    }

    @Benchmark
    public int copyBytes() throws IOException, ServletException {
        SinkResponse response = response();
        writeBytes(request, response);
        return bytes.size;
    }

    @Benchmark
    public int injectBytes() throws IOException, ServletException {
        SinkResponse response = response();
        bodyFilter.doFilter(request(), response, this::writeBytes);
        return bytes.size;
    }

    @Benchmark
    public int copyChars() throws IOException, ServletException {
        SinkResponse response = response();
        writeChars(request, response);
        return chars.size;
    }

    @Benchmark
    public int injectChars() throws IOException, ServletException {
        SinkResponse response = response();
        bodyFilter.doFilter(request(), response, this::writeChars);
        return chars.size;
    }

    /** The default placement: the snippet before {@code </head>}, the rest of the page passes through unscanned. */
    @Benchmark
    public int injectCharsHead() throws IOException, ServletException {
        SinkResponse response = response();
        headFilter.doFilter(request(), response, this::writeChars);
        return chars.size;
    }

    /**
     * Floor: the writer path's copy plus reading every char once with one comparison (see {@link PageReadingFloor}).
     * No scanner that looks at the page can cost less than this minus {@link #copyChars}.
     */
    @Benchmark
    public int floorReadEveryChar() throws IOException {
        PrintWriter writer = response().getWriter();
        int n = 0;
        for (int off = 0; off < pageText.length(); off += CHUNK) {
            int len = Math.min(CHUNK, pageText.length() - off);
            n += PageReadingFloor.countLt(pageText, off, len, scratch);
            writer.write(pageText, off, len);
        }
        return chars.size + n;
    }

    /** Floor: the writer path's copy plus stopping at every {@code '<'} with the JDK's vectorized {@code indexOf}. */
    @Benchmark
    public int floorVisitEveryLt() throws IOException {
        PrintWriter writer = response().getWriter();
        int n = 0;
        for (int off = 0; off < pageText.length(); off += CHUNK) {
            int len = Math.min(CHUNK, pageText.length() - off);
            n += PageReadingFloor.visitEveryLt(pageText, off, len);
            writer.write(pageText, off, len);
        }
        return chars.size + n;
    }

    /** Reference: what the issue measured as ~40-55 µs. */
    @Benchmark
    public int naiveLowerCaseLastIndexOf() throws IOException {
        bytes.reset();
        String s = new String(page, StandardCharsets.UTF_8);
        int at = s.toLowerCase(Locale.ROOT).lastIndexOf("</body>");
        byte[] out = (s.substring(0, at) + SNIPPET + s.substring(at)).getBytes(StandardCharsets.UTF_8);
        bytes.write(out, 0, out.length);
        return bytes.size;
    }

    /** Reference: the buffering filter of the load benchmark's variant (e). */
    @Benchmark
    public int naiveBufferAndReplace() throws IOException {
        bytes.reset();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(1024);
        for (int off = 0; off < page.length; off += CHUNK) {
            buffer.write(page, off, Math.min(CHUNK, page.length - off));
        }
        byte[] out = buffer.toString(StandardCharsets.UTF_8)
                .replace("</body>", SNIPPET + "</body>")
                .getBytes(StandardCharsets.UTF_8);
        bytes.write(out, 0, out.length);
        return bytes.size;
    }

    /** The application: the page through {@code getOutputStream()} in 8 KB pieces. */
    private void writeBytes(ServletRequest req, ServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        OutputStream out = resp.getOutputStream();
        for (int off = 0; off < page.length; off += CHUNK) {
            out.write(page, off, Math.min(CHUNK, page.length - off));
        }
    }

    /** The application: the page through {@code getWriter()} in 8 KB pieces. */
    private void writeChars(ServletRequest req, ServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        for (int off = 0; off < pageText.length(); off += CHUNK) {
            out.write(pageText, off, Math.min(CHUNK, pageText.length() - off));
        }
    }

    /** The request, without what the filter left on it last time (a fresh request in a real container). */
    private MockHttpServletRequest request() {
        request.clearAttributes();
        return request;
    }

    private SinkResponse response() {
        bytes.reset();
        chars.reset();
        return new SinkResponse(bytes, chars);
    }

    /** A response whose body goes to the preallocated sinks instead of a growing buffer. */
    static final class SinkResponse extends MockHttpServletResponse {
        private final ServletOutputStream stream;
        private final PrintWriter writer;

        SinkResponse(ByteSink bytes, CharSink chars) {
            this.stream = bytes.servletStream();
            this.writer = new PrintWriter(chars, false);
        }

        @Override
        public ServletOutputStream getOutputStream() {
            return stream;
        }

        @Override
        public PrintWriter getWriter() {
            return writer;
        }
    }

    /** Stands in for the container's output buffer: copies into a preallocated array. */
    static final class ByteSink extends OutputStream {
        final byte[] buf;
        int size;

        ByteSink(int capacity) {
            buf = new byte[capacity];
        }

        void reset() {
            size = 0;
        }

        /** A blocking servlet stream whose bytes land here, as the container's output buffer. */
        ServletOutputStream servletStream() {
            return new ServletOutputStream() {
                @Override
                public void write(int b) {
                    ByteSink.this.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    ByteSink.this.write(b, off, len);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                    throw new UnsupportedOperationException("blocking output only");
                }
            };
        }

        @Override
        public void write(int b) {
            buf[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            System.arraycopy(b, off, buf, size, len);
            size += len;
        }
    }

    /** Char twin of {@link ByteSink}. */
    static final class CharSink extends Writer {
        final char[] buf;
        int size;

        CharSink(int capacity) {
            buf = new char[capacity];
        }

        void reset() {
            size = 0;
        }

        @Override
        public void write(char[] c, int off, int len) {
            System.arraycopy(c, off, buf, size, len);
            size += len;
        }

        @Override
        public void write(String s, int off, int len) {
            s.getChars(off, off + len, buf, size);
            size += len;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
