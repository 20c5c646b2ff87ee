package io.lcbridge.servlet;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The filter's per-response work on a 50 KB page, against copying the page: the streaming injector (bytes and chars,
 * fed in the 8 KB writes a template engine or container makes, a fresh injector per response as in the filter)
 * versus a plain copy of the same writes into the same sink, plus the naive ways (lower-case the whole page and
 * search it; buffer it, {@code String.replace}, re-encode). Lives in the filter's package to reach the injectors.
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
    private final Snippet snippet = new Snippet(SNIPPET, false);

    @Setup
    public void setUp() {
        pageText = BenchmarkPages.page(pageChars);
        page = pageText.getBytes(StandardCharsets.UTF_8);
        bytes = new ByteSink(
                2 * page.length + 1024); // the naive replace inserts at every "</body>", also the fake ones
        chars = new CharSink(pageText.length() + 1024);
    }

    @Benchmark
    public int copyBytes() throws IOException {
        bytes.reset();
        for (int off = 0; off < page.length; off += CHUNK) {
            bytes.write(page, off, Math.min(CHUNK, page.length - off));
        }
        return bytes.size;
    }

    @Benchmark
    public int injectBytes() throws IOException {
        bytes.reset();
        ByteInjector injector = new ByteInjector(false, hooks());
        for (int off = 0; off < page.length; off += CHUNK) {
            injector.write(page, off, Math.min(CHUNK, page.length - off), bytes);
        }
        injector.finish(bytes);
        return bytes.size;
    }

    @Benchmark
    public int copyChars() throws IOException {
        chars.reset();
        for (int off = 0; off < pageText.length(); off += CHUNK) {
            chars.write(pageText, off, Math.min(CHUNK, pageText.length() - off));
        }
        return chars.size;
    }

    @Benchmark
    public int injectChars() throws IOException {
        chars.reset();
        CharInjector injector = new CharInjector(false, hooks());
        for (int off = 0; off < pageText.length(); off += CHUNK) {
            injector.write(pageText, off, Math.min(CHUNK, pageText.length() - off), chars);
        }
        injector.finish(chars);
        return chars.size;
    }

    /**
     * Floor: the writer path's copy plus reading every char once with one comparison (see {@link PageReadingFloor}).
     * No scanner that looks at the page can cost less than this minus {@link #copyChars}.
     */
    @Benchmark
    public int floorReadEveryChar() throws IOException {
        chars.reset();
        int n = 0;
        for (int off = 0; off < pageText.length(); off += CHUNK) {
            int len = Math.min(CHUNK, pageText.length() - off);
            n += PageReadingFloor.countLt(pageText, off, len, scratch);
            chars.write(pageText, off, len);
        }
        return chars.size + n;
    }

    /** Floor: the writer path's copy plus stopping at every {@code '<'} with the JDK's vectorized {@code indexOf}. */
    @Benchmark
    public int floorVisitEveryLt() throws IOException {
        chars.reset();
        int n = 0;
        for (int off = 0; off < pageText.length(); off += CHUNK) {
            int len = Math.min(CHUNK, pageText.length() - off);
            n += PageReadingFloor.visitEveryLt(pageText, off, len);
            chars.write(pageText, off, len);
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

    private InjectionHooks hooks() {
        return new InjectionHooks() {
            @Override
            public boolean armed() {
                return true;
            }

            @Override
            public Snippet snippetAtMarker() {
                return snippet;
            }

            @Override
            public void scanFailed(RuntimeException e) {
                throw e;
            }
        };
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
