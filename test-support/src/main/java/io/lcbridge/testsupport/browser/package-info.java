/**
 * The one headless Chromium harness of the project's browser tests: {@link io.lcbridge.testsupport.browser.Chromium}.
 */
@NullMarked
package io.lcbridge.testsupport.browser;

import org.jspecify.annotations.NullMarked;
