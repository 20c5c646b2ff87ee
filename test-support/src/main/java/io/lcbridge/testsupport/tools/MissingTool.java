package io.lcbridge.testsupport.tools;

import org.opentest4j.TestAbortedException;

import java.util.Map;

/**
 * The project's one rule for a test whose tool (a browser, a database server, a built jar) is missing: locally the
 * test is skipped with a visible reason (JUnit reports it, and the reason is printed to the build log too); with
 * {@code CI=true} in the environment it fails, so CI can never pass by skipping.
 *
 * <p>Use as {@code throw MissingTool.skipOrFail("...")}: the method always throws, and the {@code throw} tells the
 * compiler so.
 */
public final class MissingTool {

    private MissingTool() {}

    /**
     * Skips the calling test ({@link TestAbortedException}), or under {@code CI=true} fails it ({@link
     * IllegalStateException}). Never returns normally.
     *
     * @param reason what is missing and how to get it, e.g. "headless Chromium not found (...); install chromium"
     */
    public static RuntimeException skipOrFail(String reason) {
        throw outcome(reason, System.getenv());
    }

    /** Whether this run must not skip for a missing tool: {@code CI=true}. */
    public static boolean requiredHere() {
        return requiredIn(System.getenv());
    }

    static boolean requiredIn(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", ""));
    }

    /** The exception {@link #skipOrFail} throws in {@code env}; the skip's reason is printed to stderr. */
    static RuntimeException outcome(String reason, Map<String, String> env) {
        if (requiredIn(env)) {
            return new IllegalStateException(reason + " (CI=true: a missing tool fails the build instead of skipping)");
        }
        System.err.println("[lcbridge] SKIPPED: " + reason);
        return new TestAbortedException(reason);
    }
}
