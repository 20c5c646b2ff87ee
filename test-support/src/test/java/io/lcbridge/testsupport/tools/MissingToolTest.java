package io.lcbridge.testsupport.tools;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

final class MissingToolTest {

    @Test
    void locallyAMissingToolSkipsWithTheReason() {
        RuntimeException outcome = MissingTool.outcome("no chromium here", Map.of());

        assertThat(outcome).isInstanceOf(TestAbortedException.class).hasMessage("no chromium here");
    }

    @Test
    void underCiAMissingToolFailsWithTheReason() {
        RuntimeException outcome = MissingTool.outcome("no chromium here", Map.of("CI", "true"));

        assertThat(outcome).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("no chromium here");
        assertThat(MissingTool.requiredIn(Map.of("CI", "true"))).isTrue();
    }

    @Test
    void onlyCiTrueMakesToolsRequired() {
        assertThat(MissingTool.requiredIn(Map.of("CI", "false"))).isFalse();
        assertThat(MissingTool.requiredIn(Map.of("CI", ""))).isFalse();
        assertThat(MissingTool.outcome("x", Map.of("CI", "1"))).isInstanceOf(TestAbortedException.class);
    }
}
