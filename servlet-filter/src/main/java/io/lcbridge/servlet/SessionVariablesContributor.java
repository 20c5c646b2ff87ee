package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;

/**
 * Adds session variables (plan, account id, ...) to a logged-in visitor's identity: the special case of a
 * {@link LiveChatIdentityCustomizer} that only adds variables. They are shown to the agent and signed with the rest of
 * the identity, so the webhook side can tell them from values the browser changed.
 *
 * <p>Called only when an {@link IdentityResolver} found a visitor, in order with the other customizers; a later
 * key replaces an earlier one. Keys are ASCII and validated by {@link CustomerIdentity}; an exception here serves the
 * page without identity (fail open).
 *
 * @deprecated a {@link LiveChatIdentityCustomizer} says the same with the same parameter order:
 *     {@code (request, identity) -> identity.variable("plan", plan)}.
 */
@Deprecated(since = "0.1.0", forRemoval = true)
@FunctionalInterface
public interface SessionVariablesContributor extends LiveChatIdentityCustomizer {

    /**
     * Variables to add for {@code identity} (as resolved and customized so far), read from the server's own state
     * (never from request parameters).
     */
    Map<String, String> variables(HttpServletRequest request, CustomerIdentity identity);

    /** Adds {@link #variables} to {@code identity}. */
    @Override
    default void customize(HttpServletRequest request, CustomerIdentity.Builder identity) {
        Map<String, String> variables = variables(request, identity.build());
        if (variables != null) {
            variables.forEach(identity::variable);
        }
    }
}
