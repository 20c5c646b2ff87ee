package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import org.springframework.security.oauth2.core.OAuth2AuthenticatedPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

import java.util.Map;

/**
 * The OAuth2 part of {@link SpringSecurityIdentities}, in a class of its own so that it is loaded
 * only when Spring Security's OAuth2 core module is on the class path.
 *
 * <p>An {@code email} whose {@code email_verified} claim is {@code false} is left out of the identity: the
 * provider says the user has not proven they own it, and a signed identity would make it look trusted. An
 * absent {@code email_verified} keeps the email (many providers and most access tokens do not send the claim).
 */
final class OAuth2Identities {

    private OAuth2Identities() {}

    /** Identity of an OIDC or OAuth2 principal, or {@code null} for other principals. */
    static CustomerIdentity.Builder fromPrincipal(Object principal, boolean qualifySubjectWithIssuer) {
        if (principal instanceof OidcUser oidc) {
            String subject = oidc.getSubject() != null ? oidc.getSubject() : oidc.getName();
            if (qualifySubjectWithIssuer) {
                subject = qualified(stringClaim(oidc.getClaims().get("iss")), subject);
            }
            return CustomerIdentity.builder(subject).name(oidc.getFullName()).email(verifiedEmail(oidc.getClaims()));
        }
        if (principal instanceof OAuth2AuthenticatedPrincipal oauth2) {
            String subject = oauth2.getName();
            Object issuer = oauth2.getAttributes().get("iss");
            if (qualifySubjectWithIssuer && issuer != null) {
                subject = qualified(issuer.toString(), subject);
            }
            return CustomerIdentity.builder(subject)
                    .name(stringClaim(oauth2.getAttributes().get("name")))
                    .email(verifiedEmail(oauth2.getAttributes()));
        }
        return null;
    }

    /**
     * The {@code email} claim, unless {@code email_verified} says it is not verified ({@code false}, or the
     * string {@code "false"} some providers send).
     */
    static String verifiedEmail(Map<String, Object> claims) {
        Object verified = claims.get("email_verified");
        if (Boolean.FALSE.equals(verified) || "false".equalsIgnoreCase(String.valueOf(verified))) {
            return null;
        }
        return stringClaim(claims.get("email"));
    }

    /**
     * {@code iss|sub}: one user id per issuer, so two providers' (or two tenants') equal {@code sub} values never
     * become the same signed subject.
     *
     * @throws IllegalStateException when there is no issuer to qualify with: the page gets no identity (the
     *     filter serves it with the anonymous widget and logs the cause) rather than an unqualified subject that
     *     could be another issuer's user
     */
    static String qualified(String issuer, String subject) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("the principal has no 'iss' claim to qualify its subject with"
                    + " (livechat.identity.qualify-subject-with-issuer=true)");
        }
        return issuer + "|" + subject;
    }

    static String stringClaim(Object value) {
        return value instanceof String s ? s : null;
    }
}
