package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.TestContainer.Env;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Run in a forked JVM with a small heap by {@link HugePageMemoryTest}: streams a page of N MB through Jetty with and
 * without the filter and prints the bytes the request thread allocated per response (from
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). Exit code 0 when every page arrived whole with
 * exactly one snippet; the figures are printed as {@code RESULT key=value} lines.
 */
public final class HugePageMain {

    static final AtomicLong LAST_ALLOCATED = new AtomicLong();
    private static final byte[] CHUNK = chunk();

    private HugePageMain() {}

    /** Outermost filter: bytes allocated by this thread while the rest of the chain handled the request. */
    static final class AllocationProbe extends HttpFilter {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = Thread.currentThread().getId();
            long before = mx.getThreadAllocatedBytes(id);
            try {
                chain.doFilter(request, response);
                response.flushBuffer();
            } finally {
                LAST_ALLOCATED.set(mx.getThreadAllocatedBytes(id) - before);
            }
        }
    }

    /** Streams {@code <html><body>}, N MB of markup (tags, comments, scripts), {@code </body></html>}. */
    static final class HugePage extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            long megabytes = Long.parseLong(req.getParameter("mb"));
            resp.setContentType("text/html;charset=UTF-8");
            ServletOutputStream out = resp.getOutputStream();
            out.write(HEAD);
            long chunks = megabytes * 1024 * 1024 / CHUNK.length;
            for (long i = 0; i < chunks; i++) {
                out.write(CHUNK);
            }
            out.write(TAIL);
        }
    }

    static final byte[] HEAD =
            "<!DOCTYPE html><html><head><title>huge</title></head><body>\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TAIL = "</body></html>\n".getBytes(StandardCharsets.US_ASCII);

    private static byte[] chunk() {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 8192 - 200) {
            sb.append("<div class=\"row\"><a href=\"/x?a=1&b=2\" title='t'>link</a> text &amp; more</div>\n")
                    .append("<!-- </body> not here --><script>var s='</body>';</script>\n");
        }
        while (sb.length() < 8192) {
            sb.append(' ');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    public static void main(String[] args) throws Exception {
        Env env = Env.valueOf(args[0]);
        int bigMb = Integer.parseInt(args[1]);
        String secret = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("0123456789abcdef0123456789abcdef-memory".getBytes(StandardCharsets.US_ASCII));
        try (TestContainer c = env.create()) {
            c.filter(new AllocationProbe(), "/*");
            c.filter(new TestPages.LoginFilter(), "/*");
            c.filter(
                    LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                            .signingKeys(IdentityKeySet.fromHs256Secret(secret))
                            .build(),
                    "/lc/*");
            c.servlet(new HugePage(), "/*");
            URI base = c.start();
            HttpClient client =
                    HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            boolean ok = true;
            for (int warm = 0; warm < 20; warm++) {
                ok &= fetch(client, base, "/plain/p?mb=1", 0) >= 0;
                ok &= fetch(client, base, "/lc/p?mb=1", 1) >= 0;
                ok &= fetch(client, base, "/lc/p?mb=1&user=alice", 1) >= 0;
            }
            for (int mb : new int[] {1, bigMb}) {
                long plain = Long.MAX_VALUE;
                long anonymous = Long.MAX_VALUE;
                long identity = Long.MAX_VALUE;
                int runs =
                        mb == 1 ? 10 : 6; // the first round at each size warms up (pool growth, JIT) and is not counted
                StringBuilder samples = new StringBuilder();
                for (int run = 0; run < runs; run++) {
                    long p = fetch(client, base, "/plain/p?mb=" + mb, 0);
                    long a = fetch(client, base, "/lc/p?mb=" + mb, 1);
                    long i = fetch(client, base, "/lc/p?mb=" + mb + "&user=alice", 1);
                    samples.append(' ')
                            .append(p)
                            .append('/')
                            .append(a)
                            .append('/')
                            .append(i);
                    ok &= p >= 0 && a >= 0 && i >= 0;
                    if (run == 0) {
                        continue;
                    }
                    plain = Math.min(plain, p);
                    anonymous = Math.min(anonymous, a);
                    identity = Math.min(identity, i);
                }
                System.out.println("SAMPLES " + mb + "mb plain/anonymous/identity:" + samples);
                ok &= plain >= 0 && anonymous >= 0 && identity >= 0;
                System.out.println("RESULT " + mb + "mb.plain=" + plain);
                System.out.println("RESULT " + mb + "mb.extraAnonymous=" + (anonymous - plain));
                System.out.println("RESULT " + mb + "mb.extraIdentity=" + (identity - plain));
            }
            System.out.println("RESULT maxHeap=" + Runtime.getRuntime().maxMemory());
            System.out.println("RESULT ok=" + ok);
            System.exit(ok ? 0 : 1);
        }
    }

    /**
     * Reads the whole page, checks its length and the number of snippets, and returns what the request thread
     * allocated (or -1 when the page was wrong).
     */
    private static long fetch(HttpClient client, URI base, String path, int snippets) throws Exception {
        HttpResponse<InputStream> r = client.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long total = 0;
        int found = 0;
        byte[] marker = "<!-- Start of LiveChat".getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(buf)) > 0; ) {
                total += n;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == marker[matched]) {
                        if (++matched == marker.length) {
                            found++;
                            matched = 0;
                        }
                    } else {
                        matched = buf[i] == marker[0] ? 1 : 0;
                    }
                }
            }
        }
        Thread.sleep(20); // let the server thread record its figure after the last byte went out
        long mb = Long.parseLong(path.substring(path.indexOf("mb=") + 3).split("&")[0]);
        long pageBytes = HEAD.length + TAIL.length + mb * 1024 * 1024 / CHUNK.length * CHUNK.length;
        boolean whole = snippets == 0 ? total == pageBytes : total > pageBytes;
        if (r.statusCode() != 200 || found != snippets || !whole) {
            System.out.println("BAD " + path + " status=" + r.statusCode() + " bytes=" + total + " snippets=" + found);
            return -1;
        }
        return LAST_ALLOCATED.get();
    }
}
