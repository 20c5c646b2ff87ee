package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The resource-server part of {@link SpringSecurityIdentities}, in a class of its own so that it is
 * loaded only when Spring Security's OAuth2 resource server module is on the class path. Unverified
 * emails and issuer qualification follow {@link OAuth2Identities}.
 */
final class JwtIdentities {

    private JwtIdentities() {}

    /** Identity of a JWT-authenticated request, or {@code null} when {@code authentication} is of another kind. */
    static CustomerIdentity.Builder fromJwtAuthentication(
            Authentication authentication, boolean qualifySubjectWithIssuer) {
        if (!(authentication instanceof JwtAuthenticationToken token)) {
            return null;
        }
        Jwt jwt = token.getToken();
        String subject = jwt.getSubject() != null && !jwt.getSubject().isBlank() ? jwt.getSubject() : token.getName();
        if (qualifySubjectWithIssuer) {
            subject = OAuth2Identities.qualified(
                    OAuth2Identities.stringClaim(jwt.getClaims().get("iss")), subject);
        }
        return CustomerIdentity.builder(subject)
                .name(OAuth2Identities.stringClaim(jwt.getClaims().get("name")))
                .email(OAuth2Identities.verifiedEmail(jwt.getClaims()));
    }
}
