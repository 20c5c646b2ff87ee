package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.util.ClassUtils;

/**
 * Maps a Spring Security {@link Authentication} to the customer identity the widget is told about:
 * <ul>
 *   <li>OIDC users: {@code sub}, {@code name} and {@code email} claims;</li>
 *   <li>other OAuth2 users and introspected tokens: the principal's name as subject, {@code name} and
 *       {@code email} attributes when they are strings;</li>
 *   <li>JWT-authenticated requests ({@code JwtAuthenticationToken}): the token's {@code sub} (else the
 *       authentication's name), {@code name} and {@code email} claims;</li>
 *   <li>{@link UserDetails}: the username as subject and name;</li>
 *   <li>any other authenticated principal: its name as subject and name.</li>
 * </ul>
 * An {@code email} whose {@code email_verified} claim is {@code false} is left out (OIDC users, OAuth2
 * attributes, JWT claims); with {@code qualifySubjectWithIssuer} the subject of OIDC users, JWTs and
 * introspected tokens that carry {@code iss} becomes {@code iss|sub}. Anonymous and unauthenticated
 * requests have no identity. Remember-me logins are signed-in users
 * like any other: their principal is mapped as above.
 */
final class SpringSecurityIdentities {

    private static final boolean OAUTH2_CORE = ClassUtils.isPresent(
            "org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal",
            SpringSecurityIdentities.class.getClassLoader());
    private static final boolean RESOURCE_SERVER = ClassUtils.isPresent(
            "org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken",
            SpringSecurityIdentities.class.getClassLoader());

    private SpringSecurityIdentities() {}

    /**
     * The identity of {@code authentication}, or {@code null} when nobody is signed in.
     *
     * @throws io.lcbridge.core.InvalidIdentityException when a value is unusable (e.g. a blank subject)
     */
    static CustomerIdentity.Builder identityOf(Authentication authentication, boolean qualifySubjectWithIssuer) {
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        if (RESOURCE_SERVER) {
            CustomerIdentity.Builder jwt =
                    JwtIdentities.fromJwtAuthentication(authentication, qualifySubjectWithIssuer);
            if (jwt != null) {
                return jwt;
            }
        }
        Object principal = authentication.getPrincipal();
        if (OAUTH2_CORE) {
            CustomerIdentity.Builder oauth2 = OAuth2Identities.fromPrincipal(principal, qualifySubjectWithIssuer);
            if (oauth2 != null) {
                return oauth2;
            }
        }
        if (principal instanceof UserDetails user) {
            return CustomerIdentity.builder(user.getUsername()).name(user.getUsername());
        }
        String name = authentication.getName();
        if (name == null || name.isBlank()) {
            return null;
        }
        return CustomerIdentity.builder(name).name(name);
    }
}
