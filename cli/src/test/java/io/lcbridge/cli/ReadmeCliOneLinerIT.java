package io.lcbridge.cli;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the README's CLI one-liner against the jar this build just packaged (the leading
 * {@code mvn … package} step is what the build itself has done).
 */
final class ReadmeCliOneLinerIT {

    @Test
    void cliOneLinerPrintsAVerifiedIdentity() throws Exception {
        String command = ReadmeBlocks.block("## The CLI in one line", "sh").strip();
        String build = "mvn -B -q package -DskipTests && ";
        assertThat(command).startsWith(build);
        Path root = ReadmeBlocks.root();
        assertThat(root.resolve("cli/target/lcbridge-cli.jar")).exists();
        Path keys = root.resolve("demo-keys.json");
        boolean hadKeys = Files.exists(keys);
        Process process = new ProcessBuilder("bash", "-c", command.substring(build.length()))
                .directory(root.toFile())
                .redirectErrorStream(false)
                .start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(err).isZero();
            JsonNode json = Json.MAPPER.readTree(out);
            assertThat(json.get("status").asString()).isEqualTo("VERIFIED");
            assertThat(json.get("name").asString()).isEqualTo("Ada Lovelace");
            assertThat(json.get("vars").get("plan").asString()).isEqualTo("enterprise");
        } finally {
            process.destroyForcibly();
            if (!hadKeys) {
                Files.deleteIfExists(keys);
            }
        }
    }
}
