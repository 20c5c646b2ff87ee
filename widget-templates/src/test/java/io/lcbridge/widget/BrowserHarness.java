package io.lcbridge.widget;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lcbridge.testsupport.browser.Chromium;
import io.lcbridge.testsupport.tools.MissingTool;
import org.jspecify.annotations.Nullable;
import org.openqa.selenium.chrome.ChromeDriver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared headless {@link Chromium} (test-support) plus a loopback HTTP server that serves test pages and a
 * stand-in for {@code tracking.js}. Without Chromium the tests skip with a visible reason, unless {@code CI=true},
 * where a missing browser fails them.
 */
final class BrowserHarness implements AutoCloseable {

    /** A page to serve: body, content type and optional CSP header. */
    record Page(String html, String contentType, String csp) {}

    private final HttpServer server;
    private final ExecutorService serverThreads;
    private final Chromium chromium;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();
    private final AtomicInteger trackingRequests = new AtomicInteger();
    private final String trackingScript;

    private BrowserHarness() throws IOException {
        trackingScript = resource("browser/tracking-stand-in.js");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        serverThreads = Executors.newFixedThreadPool(8);
        server.setExecutor(serverThreads);
        server.createContext("/", this::serve);
        server.start();
        try {
            chromium = Chromium.startOrSkip();
        } catch (IOException | RuntimeException e) {
            server.stop(0);
            serverThreads.shutdownNow();
            throw e;
        }
    }

    /**
     * Why the browser tests cannot run here, if they cannot: empty when Chromium and chromedriver are found. Under
     * {@code CI=true} a missing browser throws instead ({@link MissingTool}), so a caller that only skips on the
     * returned reason still fails in CI.
     */
    static Optional<String> unavailableReason() {
        Optional<String> reason = Chromium.unavailableReason();
        if (reason.isPresent() && MissingTool.requiredHere()) {
            throw MissingTool.skipOrFail(reason.get());
        }
        return reason;
    }

    /** Starts the browser and the page server. */
    static BrowserHarness start() throws IOException {
        return new BrowserHarness();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Serves {@code page} at {@code path} (which starts with '/'). */
    void put(String path, Page page) {
        pages.put(path, page);
    }

    ChromeDriver driver() {
        return chromium.driver();
    }

    @Nullable
    Object script(String js, Object... args) {
        return chromium.script(js, args);
    }

    int trackingRequests() {
        return trackingRequests.get();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/tracking.js")) {
                trackingRequests.incrementAndGet();
                send(exchange, 200, "application/javascript; charset=utf-8", trackingScript, null);
                return;
            }
            Page page = pages.get(path);
            if (page == null) {
                send(exchange, 404, "text/plain; charset=utf-8", "not found", null);
                return;
            }
            send(exchange, 200, page.contentType(), page.html(), page.csp());
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body, String csp)
            throws IOException {
        String charset = type.toLowerCase().contains("iso-8859-1") ? "ISO-8859-1" : "UTF-8";
        byte[] bytes = body.getBytes(charset.equals("UTF-8") ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if (csp != null) {
            exchange.getResponseHeaders().set("Content-Security-Policy", csp);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static String resource(String name) {
        try (InputStream in = BrowserHarness.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            chromium.close();
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }
}
