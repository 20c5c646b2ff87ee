package io.lcbridge.testsupport.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** The lookup order of {@link ToolLocator}, with temporary directories as PATH and install folders. */
final class ToolLocatorTest {

    @TempDir
    Path tmp;

    private final Properties properties = new Properties();
    private final Map<String, String> env = new HashMap<>();
    private Function<Path, Optional<String>> pgConfig = ToolLocator::runPgConfig;

    private ToolLocator locator() {
        return new ToolLocator(properties, env, tmp.resolve("usr-lib-postgresql"), pgConfig);
    }

    private Path executable(String dir, String name) throws IOException {
        Path file = tmp.resolve(dir).resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private void path(String... dirs) {
        StringBuilder path = new StringBuilder();
        for (String dir : dirs) {
            if (path.length() > 0) {
                path.append(File.pathSeparator);
            }
            path.append(tmp.resolve(dir));
        }
        env.put("PATH", path.toString());
    }

    @Test
    void chromiumIsTheFirstKnownNameInPathOrder() throws IOException {
        executable("b", "chromium");
        Path chrome = executable("a", "google-chrome");
        path("a", "b");

        // names are tried in order (chromium first), each across the whole PATH
        assertThat(locator().chromium().path()).contains(tmp.resolve("b/chromium"));
        Files.delete(tmp.resolve("b/chromium"));
        assertThat(locator().chromium().path()).contains(chrome);
    }

    @Test
    void chromiumBrowserIsFoundUnderUbuntusName() throws IOException {
        Path browser = executable("bin", "chromium-browser");
        path("empty", "bin");

        assertThat(locator().chromium().path()).contains(browser);
    }

    @Test
    void systemPropertyWinsOverEnvironmentAndPath() throws IOException {
        Path fromProperty = executable("custom", "my-chrome");
        Path fromEnv = executable("other", "env-chrome");
        executable("bin", "chromium");
        path("bin");
        env.put("CHROME_BIN", fromEnv.toString());
        properties.setProperty("lcbridge.chromium", fromProperty.toString());

        assertThat(locator().chromium().path()).contains(fromProperty);
        properties.clear();
        assertThat(locator().chromium().path()).contains(fromEnv);
    }

    @Test
    void anExplicitSettingThatNamesNoExecutableIsNotReplacedByThePath() throws IOException {
        executable("bin", "chromium");
        path("bin");
        env.put("CHROME_BIN", tmp.resolve("missing/chrome").toString());

        ToolLocator.Lookup lookup = locator().chromium();

        assertThat(lookup.path()).isEmpty();
        assertThat(lookup.searched()).contains("CHROME_BIN").contains("missing/chrome");
    }

    @Test
    void aFileWithoutTheExecuteBitIsNotATool() throws IOException {
        Path plain = tmp.resolve("bin/chromedriver");
        Files.createDirectories(plain.getParent());
        Files.writeString(plain, "not a program");
        path("bin");

        assertThat(locator().chromedriver().path()).isEmpty();
    }

    @Test
    void chromedriverComesFromSeleniumsPropertyThenTheOldOneThenPath() throws IOException {
        Path selenium = executable("s", "chromedriver");
        Path old = executable("o", "chromedriver");
        Path onPath = executable("bin", "chromedriver");
        path("bin");

        assertThat(locator().chromedriver().path()).contains(onPath);
        properties.setProperty("lcbridge.chromedriver", old.toString());
        assertThat(locator().chromedriver().path()).contains(old);
        properties.setProperty("webdriver.chrome.driver", selenium.toString());
        assertThat(locator().chromedriver().path()).contains(selenium);
    }

    @Test
    void nothingFoundSaysWhereItLooked() {
        path("empty");

        ToolLocator.Lookup lookup = locator().chromium();

        assertThat(lookup.path()).isEmpty();
        assertThat(lookup.searched())
                .contains("chromium-browser")
                .contains("google-chrome")
                .contains("CHROME_BIN");
    }

    @Test
    void postgresBinFromPropertyThenEnvironment() throws IOException {
        executable("pg-a", "initdb");
        executable("pg-a", "pg_ctl");
        executable("pg-b", "initdb");
        executable("pg-b", "pg_ctl");
        path("empty");
        env.put("PG_BIN", tmp.resolve("pg-b").toString());

        assertThat(locator().postgresBin().path()).contains(tmp.resolve("pg-b"));
        properties.setProperty("lcbridge.pg.bin", tmp.resolve("pg-a").toString());
        assertThat(locator().postgresBin().path()).contains(tmp.resolve("pg-a"));
    }

    @Test
    void postgresBinWithoutInitdbIsRefused() throws IOException {
        executable("client-only", "pg_ctl");
        path("client-only");
        properties.setProperty("lcbridge.pg.bin", tmp.resolve("client-only").toString());

        assertThat(locator().postgresBin().path()).isEmpty();
        properties.clear();
        assertThat(locator().postgresBin().path()).isEmpty();
    }

    @Test
    void postgresBinFromPgConfigOnThePath() throws IOException {
        executable("server", "initdb");
        executable("server", "pg_ctl");
        Path pgConfigScript = tmp.resolve("tools/pg_config");
        Files.createDirectories(pgConfigScript.getParent());
        Files.writeString(pgConfigScript, "#!/bin/sh\n[ \"$1\" = --bindir ] && echo '" + tmp.resolve("server") + "'\n");
        Files.setPosixFilePermissions(pgConfigScript, PosixFilePermissions.fromString("rwxr-xr-x"));
        path("tools");

        // the real runner executes the fake pg_config
        assertThat(locator().postgresBin().path()).contains(tmp.resolve("server"));
    }

    @Test
    void postgresBinFromThePathWhenPgConfigPointsNowhereUseful() throws IOException {
        executable("tools", "pg_config");
        executable("server", "initdb");
        executable("server", "pg_ctl");
        path("tools", "server");
        pgConfig = p -> Optional.of(tmp.resolve("nowhere").toString());

        assertThat(locator().postgresBin().path()).contains(tmp.resolve("server"));
    }

    @Test
    void postgresBinFallsBackToTheNewestDebianVersion() throws IOException {
        for (String version : new String[] {"9", "15", "13"}) {
            executable("usr-lib-postgresql/" + version + "/bin", "initdb");
            executable("usr-lib-postgresql/" + version + "/bin", "pg_ctl");
        }
        executable("usr-lib-postgresql/16/bin", "pg_ctl"); // an incomplete install is skipped
        path("empty");

        ToolLocator.Lookup lookup = locator().postgresBin();

        assertThat(lookup.path()).contains(tmp.resolve("usr-lib-postgresql/15/bin"));
        assertThat(lookup.searched()).contains("pg_config (not on PATH)").contains("usr-lib-postgresql/*/bin");
    }
}
