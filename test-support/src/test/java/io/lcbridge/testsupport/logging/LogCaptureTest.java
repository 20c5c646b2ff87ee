package io.lcbridge.testsupport.logging;

import org.junit.jupiter.api.Test;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The capture sees what the logger publishes while attached, and leaves the logger as it found it. */
final class LogCaptureTest {

    private static final Logger LOGGER = Logger.getLogger("io.lcbridge.testsupport.logging.LogCaptureTest");

    @Test
    void recordsWhatIsPublishedWhileAttachedAndRestoresTheLevel() {
        LOGGER.setLevel(Level.WARNING);
        LogCapture logs = LogCapture.of(LOGGER.getName()).atLevel(Level.ALL).start();
        try {
            LOGGER.fine("fine while attached");
            LOGGER.warning("warning while attached");
            logs.close();
            LOGGER.warning("after close");

            assertThat(logs.records())
                    .extracting(LogRecord::getMessage)
                    .containsExactly("fine while attached", "warning while attached");
            assertThat(LOGGER.getLevel()).isEqualTo(Level.WARNING);
        } finally {
            LOGGER.setLevel(null);
        }
    }

    @Test
    void withoutALevelTheLoggersOwnLevelStillFilters() {
        LOGGER.setLevel(Level.INFO);
        try (LogCapture logs = LogCapture.of(LOGGER.getName()).start()) {
            LOGGER.fine("filtered out");
            LOGGER.info("kept");

            assertThat(logs.records()).extracting(LogRecord::getMessage).containsExactly("kept");
        } finally {
            LOGGER.setLevel(null);
        }
    }
}
