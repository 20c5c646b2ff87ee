/**
 * Finding the external programs the tests drive (Chromium, chromedriver, PostgreSQL) and the one rule for a missing
 * one: {@link io.lcbridge.testsupport.tools.ToolLocator} and {@link io.lcbridge.testsupport.tools.MissingTool}.
 */
@NullMarked
package io.lcbridge.testsupport.tools;

import org.jspecify.annotations.NullMarked;
