package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.servlet.IdentityResolver;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import java.security.Principal;
import java.util.Optional;

/**
 * The identity of the Spring Security user signed in for a request: OIDC users ({@code sub},
 * {@code name}, {@code email} claims), other OAuth2 users, JWT-authenticated requests
 * ({@code JwtAuthenticationToken}: {@code sub}, {@code name}, {@code email} claims) and
 * {@code UserDetails} (the username as subject and name). Anonymous visitors have none;
 * remember-me logins count as signed in.
 *
 * <p>The authentication is read from the {@link SecurityContextHolder} (the widget filter runs
 * inside Spring Security's filter chain), else from {@code request.getUserPrincipal()}. It is the
 * starter's default {@link IdentityResolver} when Spring Security is present; declare your own
 * {@code IdentityResolver} bean to replace it, or a {@link LiveChatIdentityCustomizer} to add to it.
 */
public final class SpringSecurityIdentityResolver implements IdentityResolver {

    @Override
    public Optional<CustomerIdentity> resolve(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            Principal principal = request.getUserPrincipal();
            authentication = principal instanceof Authentication a ? a : null;
        }
        CustomerIdentity.Builder identity = SpringSecurityIdentities.identityOf(authentication);
        return identity == null ? Optional.empty() : Optional.of(identity.build());
    }

    @Override
    public String toString() {
        return "SpringSecurityIdentityResolver";
    }
}
