package io.lcbridge.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

final class CliVersionTest {

    @Test
    void versionLineIsTheManifestsImplementationVersion() {
        assertThat(ManifestVersion.line("1.2.3")).isEqualTo("lcbridge 1.2.3");
    }

    @Test
    void withoutAManifestVersionItSaysSoInsteadOfGuessing() {
        assertThat(ManifestVersion.line(null)).isEqualTo(ManifestVersion.UNKNOWN);
        assertThat(ManifestVersion.line(" ")).isEqualTo(ManifestVersion.UNKNOWN);
    }

    @Test
    void versionOptionPrintsTheProvidersLine() {
        CliRun run = CliRun.of("--version");

        assertThat(run.exitCode()).isZero();
        // the tests run from target/classes, which has no manifest
        assertThat(run.out().strip()).isEqualTo(ManifestVersion.UNKNOWN);
    }
}
