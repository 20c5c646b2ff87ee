package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import jakarta.servlet.http.HttpServletRequest;

import java.security.Principal;
import java.util.Optional;

/**
 * Tells the filter who the visitor is. The identity must come from the server's own authentication (the
 * authenticated principal, a server-side session), never from request parameters, headers, cookies the app does not
 * verify, or model objects a template can influence: whatever is returned here is signed as the truth.
 *
 * <p>Return {@link Optional#empty()} for anonymous visitors. Exceptions are caught by the filter: the page is served
 * without identity (fail open), the failure is logged once per cause and counted.
 */
@FunctionalInterface
public interface IdentityResolver {

    /** The identity of the visitor making {@code request}, or empty when nobody is logged in. */
    Optional<CustomerIdentity> resolve(HttpServletRequest request);

    /**
     * The default: {@code request.getUserPrincipal()}, with the principal's name as the subject and no name, email or
     * variables (add those with a {@link LiveChatIdentityCustomizer} or your own resolver).
     */
    static IdentityResolver userPrincipal() {
        return UserPrincipalResolver.INSTANCE;
    }
}

/** {@link IdentityResolver#userPrincipal()}. */
enum UserPrincipalResolver implements IdentityResolver {
    INSTANCE;

    @Override
    public Optional<CustomerIdentity> resolve(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        String name = principal == null ? null : principal.getName(); // asked once: some principals work it out
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(CustomerIdentity.builder(name).build());
    }

    @Override
    public String toString() {
        return "IdentityResolver.userPrincipal()";
    }
}
