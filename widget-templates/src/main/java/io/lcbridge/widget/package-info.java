/**
 * Renders the LiveChat widget loader plus the identity calls ({@code set_customer_name},
 * {@code set_customer_email}, {@code set_session_variables} with the signed identity token) as one
 * script-safe, pure-ASCII {@code <script>} element.
 *
 * <p>Entry points: {@link io.lcbridge.widget.WidgetOptions} (what the loader is configured with),
 * {@link io.lcbridge.widget.WidgetSnippetRenderer} (thread-safe, templates compiled once),
 * {@link io.lcbridge.widget.CachingIdentitySigner} (reuses a token for an identical identity until
 * half its lifetime has passed) and the results {@link io.lcbridge.widget.SnippetResult} /
 * {@link io.lcbridge.widget.LiveChatSnippet}. Rendering never throws: every failure comes back as a
 * {@link io.lcbridge.widget.SnippetProblem} the caller can log and count.
 */
@NullMarked
package io.lcbridge.widget;

import org.jspecify.annotations.NullMarked;
