package io.lcbridge.testsupport.logging;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what one {@code java.util.logging} logger publishes while it is attached, so a test can assert on the log
 * lines the library writes (and on those it must not write). The project's modules log through JUL, so no logging
 * framework is needed.
 *
 * <p>Either a JUnit extension around each test, {@code @RegisterExtension final LogCapture logs =
 * LogCapture.of(Some.class).atLevel(Level.ALL);}, or a block, {@code try (LogCapture logs =
 * LogCapture.of(name).start()) { … }}. Closing detaches the handler and gives the logger back its level.
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

    /** Held here as well: JUL keeps loggers weakly, and a collected logger would lose the handler and level. */
    private final Logger logger;

    private final @Nullable Level level;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private @Nullable Level previous;

    private LogCapture(Logger logger, @Nullable Level level) {
        this.logger = logger;
        this.level = level;
    }

    /** Captures the logger named after {@code owner} (the usual {@code Logger.getLogger(Owner.class.getName())}). */
    public static LogCapture of(Class<?> owner) {
        return of(owner.getName());
    }

    /** Captures the logger {@code name}, at whatever level it has. */
    public static LogCapture of(String name) {
        return new LogCapture(Logger.getLogger(name), null);
    }

    /** A capture that also sets the logger's level to {@code level} while attached (and restores it after). */
    public LogCapture atLevel(Level level) {
        return new LogCapture(logger, level);
    }

    /** Attaches the capture; returns this, for try-with-resources. */
    public LogCapture start() {
        previous = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        logger.addHandler(handler);
        return this;
    }

    /** What the logger published since {@link #start()}, in order (a live, read-only view). */
    public List<LogRecord> records() {
        return Collections.unmodifiableList(records);
    }

    /** Detaches the capture and restores the logger's level; the records stay readable. */
    @Override
    public void close() {
        logger.removeHandler(handler);
        if (level != null) {
            logger.setLevel(previous);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }
}
