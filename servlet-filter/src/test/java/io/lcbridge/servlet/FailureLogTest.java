package io.lcbridge.servlet;

import io.lcbridge.testsupport.logging.LogCapture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** Fail-open bookkeeping: every failure counted, each cause logged once, never with the exception's message. */
final class FailureLogTest {

    @Test
    void countsEveryFailureButLogsEachCauseOnceWithoutItsMessage() {
        List<String> counted = new ArrayList<>();
        FailureLog log = new FailureLog(new WidgetFilterMetrics() {
            @Override
            public void failed(Stage stage, String cause) {
                counted.add(stage + ":" + cause);
            }
        });
        List<LogRecord> records;
        try (LogCapture logs =
                LogCapture.of("io.lcbridge.servlet.LiveChatWidgetFilter").start()) {
            for (int i = 0; i < 3; i++) {
                log.failed(
                        WidgetFilterMetrics.Stage.RESOLVE_IDENTITY,
                        new IllegalStateException("user alice@example.com"));
            }
            log.failed(WidgetFilterMetrics.Stage.SIGN, new IllegalStateException("x"));
            log.problem(WidgetFilterMetrics.Stage.SIGN, "TOKEN_TOO_LARGE", "token is 2400 chars, budget 2000");
            records = logs.records();
        }
        assertThat(counted)
                .containsExactly(
                        "RESOLVE_IDENTITY:IllegalStateException",
                        "RESOLVE_IDENTITY:IllegalStateException",
                        "RESOLVE_IDENTITY:IllegalStateException",
                        "SIGN:IllegalStateException",
                        "SIGN:TOKEN_TOO_LARGE");
        assertThat(records).hasSize(3);
        assertThat(records).allSatisfy(r -> {
            String text = java.text.MessageFormat.format(r.getMessage(), r.getParameters());
            assertThat(text).doesNotContain("alice").contains("served");
        });
        assertThat(log.hasLogged(WidgetFilterMetrics.Stage.SIGN, "TOKEN_TOO_LARGE"))
                .isTrue();
    }

    @Test
    void aThrowingMetricsBindingDoesNotEscape() {
        FailureLog log = new FailureLog(new WidgetFilterMetrics() {
            @Override
            public void failed(Stage stage, String cause) {
                throw new IllegalStateException("registry closed");
            }
        });
        log.failed(WidgetFilterMetrics.Stage.RENDER, new RuntimeException());
        assertThat(log.hasLogged(WidgetFilterMetrics.Stage.RENDER, "RuntimeException"))
                .isTrue();
    }
}
