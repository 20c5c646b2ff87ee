package io.lcbridge.examples.jetty;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The library logs through {@link System.Logger}; with {@code slf4j-jdk-platform-logging} on the
 * classpath those lines go to the app's SLF4J backend (here slf4j-simple) instead of JUL.
 */
final class PlatformLoggingBridgeTest {

    @Test
    void theLibrarysSystemLoggersAreBackedBySlf4j() {
        assertThat(System.LoggerFinder.getLoggerFinder().getClass().getName())
                .isEqualTo("org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder");
        assertThat(System.getLogger("io.lcbridge.servlet.LiveChatWidgetFilter")
                        .getClass()
                        .getName())
                .startsWith("org.slf4j.");
    }
}
