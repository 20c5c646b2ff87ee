package io.lcbridge.servlet;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;

/**
 * Headless Debian Chromium driven by the system chromedriver (Selenium Manager never downloads anything), with a
 * fresh profile. Without Chromium the test skips with a visible reason, unless {@code CI=true}, where a missing browser
 * fails it (the same rule as widget-templates' browser harness).
 */
final class Chromium implements AutoCloseable {

    /**
     * Selenium warns at every start that this Chromium's CDP version is newer than the devtools it
     * bundles; these tests use WebDriver only, no CDP. Held in a field: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger CDP_VERSION_FINDER =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(java.util.logging.Level.SEVERE);
    }

    static final Path BINARY = Path.of(System.getProperty("lcbridge.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("lcbridge.chromedriver", "/usr/bin/chromedriver"));

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(String... extraArguments) throws IOException {
        profile = Files.createTempDirectory("lcbridge-servlet-chromium-");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
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
        options.addArguments(extraArguments);
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
    }

    /** Starts the browser, or skips (locally) / fails (CI=true) when Chromium is not installed. */
    static Chromium startOrSkip() throws IOException {
        return startOrSkip(new String[0]);
    }

    /**
     * {@link #startOrSkip()} with more command-line switches, e.g. {@code --blink-settings=scriptEnabled=false} for a
     * browser that runs no page scripts (WebDriver's own scripts still run).
     */
    static Chromium startOrSkip(String... extraArguments) throws IOException {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            String reason = "headless Chromium not found (" + BINARY + ", " + DRIVER
                    + "): browser test skipped; install chromium and chromium-driver to run it";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(reason.replace("skipped", "cannot run") + " (CI=true requires them)");
            }
            System.err.println("[lcbridge] " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        return new Chromium(extraArguments);
    }

    ChromeDriver driver() {
        return driver;
    }

    Object script(String js) {
        return ((JavascriptExecutor) driver).executeScript(js);
    }

    /** Polls {@code js} until it returns non-null (30 s at most). */
    Object waitFor(String js) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Object value = script(js);
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted");
            }
        }
        throw new AssertionError("timed out waiting for: " + js);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteProfile();
        }
    }

    private void deleteProfile() {
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException | UncheckedIOException e) {
            System.err.println("[lcbridge] could not delete browser profile " + profile + ": " + e.getMessage());
        }
    }
}
