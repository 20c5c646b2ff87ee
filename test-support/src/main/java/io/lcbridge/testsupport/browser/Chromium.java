package io.lcbridge.testsupport.browser;

import io.lcbridge.testsupport.tools.MissingTool;
import io.lcbridge.testsupport.tools.ToolLocator;
import org.jspecify.annotations.Nullable;
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
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Headless Chromium driven by a local chromedriver through Selenium, with a fresh profile per instance. Both programs
 * are found by {@link ToolLocator} (system property, environment variable, then PATH); Selenium Manager is never asked
 * to download anything. Without them {@link #startOrSkip()} skips the test with a visible reason, or fails it under
 * {@code CI=true} ({@link MissingTool}).
 *
 * <p>One instance per test class is the usual shape: start it in {@code @BeforeAll}, close it in {@code @AfterAll}.
 */
public final class Chromium implements AutoCloseable {

    /**
     * Selenium warns at every start that this Chromium's CDP version is newer than the devtools it bundles; these
     * tests use WebDriver only, no CDP. Held in a field: JUL keeps loggers weakly.
     */
    private static final Logger CDP_VERSION_FINDER = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_VERSION_FINDER.setLevel(Level.SEVERE);
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(Path binary, Path chromedriver, String... extraArguments) throws IOException {
        profile = Files.createTempDirectory("lcbridge-chromium-");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.toFile());
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
                "--hide-scrollbars",
                "--user-data-dir=" + profile);
        options.addArguments(extraArguments);
        ChromeDriver started;
        try {
            started = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteProfile();
            throw e;
        }
        driver = started;
        driver.manage().timeouts().pageLoadTimeout(TIMEOUT).scriptTimeout(TIMEOUT);
    }

    /**
     * Why a browser cannot start here: empty when Chromium and chromedriver are both found. Informational only; {@link
     * #startOrSkip()} applies the skip-or-fail rule itself.
     */
    public static Optional<String> unavailableReason() {
        ToolLocator tools = ToolLocator.system();
        ToolLocator.Lookup browser = tools.chromium();
        ToolLocator.Lookup driver = tools.chromedriver();
        if (browser.path().isPresent() && driver.path().isPresent()) {
            return Optional.empty();
        }
        return Optional.of("headless Chromium not found (browser: "
                + browser.path().map(Path::toString).orElse("none in " + browser.searched())
                + "; chromedriver: " + driver.path().map(Path::toString).orElse("none in " + driver.searched())
                + "): install chromium and chromium-driver, or set lcbridge.chromium / CHROME_BIN and"
                + " webdriver.chrome.driver (see CONTRIBUTING.md)");
    }

    /**
     * Starts a browser, or skips the calling test with the reason (fails it under {@code CI=true}) when Chromium or
     * chromedriver is not found.
     */
    public static Chromium startOrSkip() throws IOException {
        return startOrSkip(new String[0]);
    }

    /**
     * {@link #startOrSkip()} with more command-line switches, e.g. {@code --blink-settings=scriptEnabled=false} for a
     * browser that runs no page scripts (WebDriver's own scripts still run).
     */
    public static Chromium startOrSkip(String... extraArguments) throws IOException {
        Optional<String> unavailable = unavailableReason();
        if (unavailable.isPresent()) {
            throw MissingTool.skipOrFail(unavailable.get());
        }
        ToolLocator tools = ToolLocator.system();
        return new Chromium(
                tools.chromium().path().orElseThrow(),
                tools.chromedriver().path().orElseThrow(),
                extraArguments);
    }

    /** The WebDriver of this browser. */
    public ChromeDriver driver() {
        return driver;
    }

    /** Runs {@code js} in the current page and returns its value (WebDriver's conversions). */
    public @Nullable Object script(String js, @Nullable Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Polls {@code js} until it returns non-null (60 s at most) and returns that value. */
    public Object waitFor(String js) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Object value = script(js);
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + js, e);
            }
        }
        throw new AssertionError("timed out waiting for: " + js);
    }

    /** Quits the browser, stops chromedriver and deletes the profile. */
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
