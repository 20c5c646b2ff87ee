/**
 * Capturing what a {@code java.util.logging} logger writes during a test, so tests can assert on log lines:
 * {@link io.lcbridge.testsupport.logging.LogCapture}.
 */
@NullMarked
package io.lcbridge.testsupport.logging;

import org.jspecify.annotations.NullMarked;
