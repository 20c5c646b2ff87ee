package io.lcbridge.testsupport.tools;

import org.jspecify.annotations.Nullable;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Finds the external programs the tests drive, so they run on any machine that has them, not only on Debian's paths.
 * Each lookup tries, in order: a system property, an environment variable, the {@code PATH}, and (for PostgreSQL)
 * {@code pg_config --bindir} and Debian's {@code /usr/lib/postgresql/<version>/bin}. An explicit setting wins and is
 * never silently replaced: when it names no executable the lookup fails and says so.
 *
 * <table>
 *   <caption>Where each tool is looked for</caption>
 *   <tr><th>tool</th><th>property</th><th>environment</th><th>then</th></tr>
 *   <tr><td>Chromium</td><td>{@code lcbridge.chromium}</td><td>{@code CHROME_BIN}</td>
 *       <td>{@code chromium}, {@code chromium-browser}, {@code google-chrome}, {@code google-chrome-stable} on PATH</td></tr>
 *   <tr><td>chromedriver</td><td>{@code webdriver.chrome.driver} (or {@code lcbridge.chromedriver})</td>
 *       <td>{@code CHROMEDRIVER}</td><td>{@code chromedriver} on PATH</td></tr>
 *   <tr><td>PostgreSQL server binaries (a directory with {@code initdb} and {@code pg_ctl})</td>
 *       <td>{@code lcbridge.pg.bin}</td><td>{@code PG_BIN}</td>
 *       <td>{@code pg_config --bindir}; the PATH directory holding {@code pg_ctl}; the newest
 *       {@code /usr/lib/postgresql/*}{@code /bin}</td></tr>
 * </table>
 */
public final class ToolLocator {

    /** What a lookup found, and where it looked (for the skip or failure message). */
    public record Lookup(Optional<Path> path, String searched) {}

    static final List<String> CHROMIUM_NAMES =
            List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable");

    private final Properties properties;
    private final Map<String, String> env;
    private final Path debianPostgresRoot;
    private final Function<Path, Optional<String>> pgConfigBindir;

    ToolLocator(
            Properties properties,
            Map<String, String> env,
            Path debianPostgresRoot,
            Function<Path, Optional<String>> pgConfigBindir) {
        this.properties = properties;
        this.env = Map.copyOf(env);
        this.debianPostgresRoot = debianPostgresRoot;
        this.pgConfigBindir = pgConfigBindir;
    }

    /** The locator of this JVM: its system properties, environment and PATH. */
    public static ToolLocator system() {
        return new ToolLocator(
                System.getProperties(), System.getenv(), Path.of("/usr/lib/postgresql"), ToolLocator::runPgConfig);
    }

    /** The Chromium (or Chrome) executable. */
    public Lookup chromium() {
        return executable(List.of("lcbridge.chromium"), "CHROME_BIN", CHROMIUM_NAMES);
    }

    /** The chromedriver executable matching the browser. */
    public Lookup chromedriver() {
        return executable(
                List.of("webdriver.chrome.driver", "lcbridge.chromedriver"), "CHROMEDRIVER", List.of("chromedriver"));
    }

    /** The directory holding PostgreSQL's server programs {@code initdb} and {@code pg_ctl}. */
    public Lookup postgresBin() {
        String explicit = firstSetting(List.of("lcbridge.pg.bin"), "PG_BIN");
        if (explicit != null) {
            Path dir = pathOrNull(explicit);
            String searched = "lcbridge.pg.bin / PG_BIN = " + explicit;
            return new Lookup(Optional.ofNullable(dir).filter(ToolLocator::isPostgresBin), searched);
        }
        List<String> searched = new ArrayList<>();
        Optional<Path> pgConfig = onPath("pg_config");
        if (pgConfig.isPresent()) {
            Optional<Path> bindir = pgConfigBindir
                    .apply(pgConfig.get())
                    .map(ToolLocator::pathOrNull)
                    .filter(ToolLocator::isPostgresBin);
            searched.add(pgConfig.get() + " --bindir");
            if (bindir.isPresent()) {
                return new Lookup(bindir, String.join(", ", searched));
            }
        } else {
            searched.add("pg_config (not on PATH)");
        }
        searched.add("PATH");
        Optional<Path> onPath = onPath("pg_ctl").map(Path::getParent).filter(ToolLocator::isPostgresBin);
        if (onPath.isPresent()) {
            return new Lookup(onPath, String.join(", ", searched));
        }
        searched.add(debianPostgresRoot + "/*/bin");
        return new Lookup(newestDebianBin(), String.join(", ", searched));
    }

    private Lookup executable(List<String> properties, String variable, List<String> names) {
        String settings = String.join(" / ", properties) + " / " + variable;
        String explicit = firstSetting(properties, variable);
        if (explicit != null) {
            Path file = pathOrNull(explicit);
            return new Lookup(
                    Optional.ofNullable(file).filter(ToolLocator::isExecutableFile), settings + " = " + explicit);
        }
        for (String name : names) {
            Optional<Path> found = onPath(name);
            if (found.isPresent()) {
                return new Lookup(found, name + " on PATH");
            }
        }
        return new Lookup(Optional.empty(), String.join(", ", names) + " on PATH (" + settings + " unset)");
    }

    /** The first non-blank of the properties, then the environment variable. */
    private @Nullable String firstSetting(List<String> names, String variable) {
        for (String name : names) {
            String value = properties.getProperty(name);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** The first executable {@code name} in the PATH's directories, in order. */
    Optional<Path> onPath(String name) {
        String path = env.getOrDefault("PATH", "");
        for (String entry : path.split(File.pathSeparator, -1)) {
            Path dir = pathOrNull(entry.isEmpty() ? "." : entry);
            if (dir == null) {
                continue;
            }
            Path candidate = dir.resolve(name);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    private Optional<Path> newestDebianBin() {
        if (!Files.isDirectory(debianPostgresRoot)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(debianPostgresRoot)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(ToolLocator::isPostgresBin)
                    .max(Comparator.comparingInt(
                            b -> versionOf(b.getParent().getFileName().toString())));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static boolean isPostgresBin(Path dir) {
        return isExecutableFile(dir.resolve("initdb")) && isExecutableFile(dir.resolve("pg_ctl"));
    }

    private static boolean isExecutableFile(Path file) {
        return Files.isRegularFile(file) && Files.isExecutable(file);
    }

    private static @Nullable Path pathOrNull(String value) {
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** Runs {@code pg_config --bindir}; empty when it fails or takes more than 10 s. */
    static Optional<String> runPgConfig(Path pgConfig) {
        try {
            Process process = new ProcessBuilder(pgConfig.toString(), "--bindir")
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(out.strip()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
