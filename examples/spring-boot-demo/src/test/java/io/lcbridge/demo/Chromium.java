package io.lcbridge.demo;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Headless Debian Chromium driven by the system chromedriver (Selenium Manager never downloads
 * anything). Without Chromium the test skips with a visible reason, unless {@code CI=true}, where a
 * missing browser fails it.
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
    private final ChromeDriver driver;

    private Chromium() throws IOException {
        profile = Files.createTempDirectory("lcbridge-demo-chromium-");
        ChromeDriverService service = new ChromeDriverService.Builder()
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
                "--hide-scrollbars",
                "--user-data-dir=" + profile);
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60)).scriptTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(1100, 780));
    }

    /** Starts the browser, or skips (locally) / fails (CI=true) when Chromium is not installed. */
    static Chromium startOrSkip() throws IOException {
        if (!Files.isExecutable(BINARY) || !Files.isExecutable(DRIVER)) {
            String reason = "headless Chromium not found (" + BINARY + ", " + DRIVER
                    + "): the demo's end-to-end test is skipped; install chromium and chromium-driver to run it";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(
                        reason.replace("is skipped", "cannot run") + " (CI=true requires them)");
            }
            System.err.println("[lcbridge] " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        return new Chromium();
    }

    ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
