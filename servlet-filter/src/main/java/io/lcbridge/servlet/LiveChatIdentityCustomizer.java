package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Adds or changes what the widget is told about a signed-in visitor, without replacing how the visitor is found: the
 * one extension point for session variables (a plan, an account id: {@code identity.variable("plan", plan)}), a
 * display name or an email. Everything a customizer sets is signed with the rest of the identity, so the webhook side
 * can tell it from values the browser changed.
 *
 * <p>Called only when the {@link IdentityResolver} found a visitor, on the request thread for every such page, in
 * registration order ({@link LiveChatWidgetFilter.Builder#identityCustomizer}; in Spring, bean order): a later
 * customizer sees and may replace what an earlier one set. Read the server's own state, never request parameters.
 * It should be quick and must not throw: an exception serves the page without identity (fail open), logged once per
 * exception type and counted as {@link WidgetFilterMetrics.Stage#CONTRIBUTE_VARIABLES}.
 *
 * <p>Naming: the extension points an application registers several of and the bridge calls in order are named
 * {@code LiveChat<Subject><Role>} ({@code LiveChatIdentityCustomizer}, {@code LiveChatWebhookHandler}) and take the
 * request or event first; a strategy the application replaces as a whole is named for its role
 * ({@link IdentityResolver}, {@link WidgetFilterMetrics}, {@link WebhookMetrics}, {@code ChatContextStore}).
 */
@FunctionalInterface
public interface LiveChatIdentityCustomizer {

    /**
     * Adjusts {@code identity} for the page being rendered.
     *
     * @param request  the page's request (the signed-in principal is {@code request.getUserPrincipal()})
     * @param identity the identity resolved so far; its subject is fixed, everything else may change
     */
    void customize(HttpServletRequest request, CustomerIdentity.Builder identity);
}
