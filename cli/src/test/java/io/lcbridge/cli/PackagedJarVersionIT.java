package io.lcbridge.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged fat jar carries the build's version in its manifest, and {@code --version} prints it. */
final class PackagedJarVersionIT {

    /** Failsafe runs in the module directory, after the package phase built the jar. */
    private static final Path JAR = Path.of("target", "lcbridge-cli.jar").toAbsolutePath();

    @Test
    void manifestHasTheProjectVersion() throws Exception {
        String expected = System.getProperty("lcbridge.version");
        assertThat(expected).as("failsafe passes the project version").isNotBlank();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Implementation-Version"))
                    .isEqualTo(expected);
        }
    }

    @Test
    void versionOptionOfThePackagedJarPrintsTheProjectVersion() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", JAR.toString(), "--version")
                .redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(process.exitValue()).as(out).isZero();
        assertThat(out.strip()).isEqualTo("lcbridge " + System.getProperty("lcbridge.version"));
    }
}
