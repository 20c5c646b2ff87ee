/**
 * Broken webhook bodies for robustness tests and the reliability load: {@link
 * io.lcbridge.testsupport.webhooks.MutatedPayloads} mutates a valid delivery (dropped, retyped and duplicated members,
 * truncated strings and bodies, flipped bytes).
 */
@NullMarked
package io.lcbridge.testsupport.webhooks;

import org.jspecify.annotations.NullMarked;
