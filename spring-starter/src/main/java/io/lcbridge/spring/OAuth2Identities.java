package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The OAuth2 part of {@link SpringSecurityIdentities}, in a class of its own so that it is loaded
 * only when Spring Security's OAuth2 core module is on the class path.
 */
final class OAuth2Identities {

    private OAuth2Identities() {}

    /** Identity of an OIDC or OAuth2 principal, or {@code null} for other principals. */
    static CustomerIdentity.Builder fromPrincipal(Object principal) {
        if (principal instanceof OidcUser oidc) {
            String subject = oidc.getSubject() != null ? oidc.getSubject() : oidc.getName();
            return CustomerIdentity.builder(subject).name(oidc.getFullName()).email(oidc.getEmail());
        }
        if (principal instanceof OAuth2AuthenticatedPrincipal oauth2) {
            return CustomerIdentity.builder(oauth2.getName())
                    .name(stringClaim(oauth2.getAttributes().get("name")))
                    .email(stringClaim(oauth2.getAttributes().get("email")));
        }
        return null;
    }

    static String stringClaim(Object value) {
        return value instanceof String s ? s : null;
    }
}
