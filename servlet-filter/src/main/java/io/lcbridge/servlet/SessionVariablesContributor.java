package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Map;

/**
 * Adds session variables (plan, account id, ...) to a logged-in visitor's identity. They are shown to the agent and
 * signed with the rest of the identity, so the webhook side can tell them from values the browser changed.
 *
 * <p>Called only when an {@link IdentityResolver} found a visitor. Contributors run in registration order; a later
 * contributor's key replaces an earlier one. Keys are ASCII and validated by {@link CustomerIdentity}; an exception
 * here serves the page without identity (fail open).
 */
@FunctionalInterface
public interface SessionVariablesContributor {

    /** Variables to add for {@code identity}, read from the server's own state (never from request parameters). */
    Map<String, String> variables(HttpServletRequest request, CustomerIdentity identity);
}
