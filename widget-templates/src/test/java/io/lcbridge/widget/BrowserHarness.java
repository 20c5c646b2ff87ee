package io.lcbridge.widget;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Debian Chromium driven by the system chromedriver (Selenium Manager is never asked to
 * download anything), plus a loopback HTTP server that serves test pages and a stand-in for
 * {@code tracking.js}. Without Chromium the tests skip with a visible reason, unless {@code CI=true},
 * where a missing browser fails them.
 */
final class BrowserHarness implements AutoCloseable {

    /**
     * Selenium warns at every start that this Chromium's CDP version is newer than the devtools it
     * bundles; these tests use WebDriver only, no CDP. Held in a field: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger CDP_VERSION_FINDER =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(java.util.logging.Level.SEVERE);
    }

    static final Path CHROMIUM = Path.of(System.getProperty("lcbridge.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("lcbridge.chromedriver", "/usr/bin/chromedriver"));

    /** A page to serve: body, content type and optional CSP header. */
    record Page(String html, String contentType, String csp) {}

    private final HttpServer server;
    private final ExecutorService serverThreads;
    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;
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
        profile = Files.createTempDirectory("lcbridge-chromium-");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
                "--disable-extensions",
                "--user-data-dir=" + profile);
        ChromeDriver started;
        try {
            started = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            close(null, e);
            throw e;
        }
        driver = started;
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(60));
    }

    /**
     * Why the browser tests cannot run here, if they cannot: empty when Chromium and chromedriver are
     * installed. With {@code CI=true} a missing browser is an error instead (CI must run these tests).
     */
    static Optional<String> unavailableReason() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return Optional.empty();
        }
        String reason = "headless Chromium not found (" + CHROMIUM + ", " + CHROMEDRIVER
                + "): browser tests skipped; install chromium and chromium-driver to run them";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(reason.replace("skipped", "cannot run") + " (CI=true requires them)");
        }
        System.err.println("[lcbridge] " + reason);
        return Optional.of(reason);
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
        return driver;
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
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
        close(driver, null);
    }

    private void close(ChromeDriver toQuit, RuntimeException failure) {
        try {
            if (toQuit != null) {
                toQuit.quit();
            }
        } catch (RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        } finally {
            service.stop();
            server.stop(0);
            serverThreads.shutdownNow();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[lcbridge] could not delete browser profile " + dir + ": " + e.getMessage());
        }
    }
}
