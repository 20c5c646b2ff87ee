/**
 * The {@code lcbridge} command line, one runnable jar ({@link io.lcbridge.cli.LcBridgeCli}): generate a key set
 * ({@code keys}), mint an identity token ({@code token}), print the widget snippet ({@code snippet}) for a site
 * without Java, and check a token ({@code verify-token}) or a captured webhook payload ({@code verify-webhook}) the
 * way the library does at run time.
 *
 * <p>Output is for scripts: results on stdout (JSON where structured), one-line errors on stderr, exit code 2 for a
 * usage error. Only {@link io.lcbridge.cli.LcBridgeCli} is public; the commands are package-private.
 */
@NullMarked
package io.lcbridge.cli;

import org.jspecify.annotations.NullMarked;
