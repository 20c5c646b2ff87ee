/**
 * The bridge in a plain servlet container (Jakarta Servlet 6): a filter that puts the LiveChat widget, with the
 * visitor's signed identity, into every HTML page, and a servlet that receives LiveChat's webhooks.
 *
 * <p>{@link io.lcbridge.servlet.LiveChatWidgetFilter} streams each HTML response and writes the snippet before
 * {@code </body>} (or into {@code <head>}, see {@link io.lcbridge.servlet.InjectionPoint}) without buffering the
 * page; who the visitor is comes from the app's {@link io.lcbridge.servlet.IdentityResolver}, extra signed values
 * from {@link io.lcbridge.servlet.LiveChatIdentityCustomizer}s, and pages for anonymous visitors follow
 * {@link io.lcbridge.servlet.AnonymousVisitors}. A template can place the snippet itself through
 * {@link io.lcbridge.servlet.LiveChatSnippets}. The filter fails open: a broken resolver or key serves the page
 * without identity and shows up in {@link io.lcbridge.servlet.WidgetFilterMetrics}.
 *
 * <p>{@link io.lcbridge.servlet.LiveChatWebhookServlet} adapts {@link io.lcbridge.verifier.LiveChatWebhooks} to
 * HTTP: body limits, content type, and the status codes LiveChat retries on.
 */
@NullMarked
package io.lcbridge.servlet;

import org.jspecify.annotations.NullMarked;
