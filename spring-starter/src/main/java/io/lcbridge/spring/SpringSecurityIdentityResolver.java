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
 * remember-me logins count as signed in. An email the provider marks {@code email_verified: false} is
 * never signed (an absent claim keeps the email).
 *
 * <p>{@link #qualifyingSubjectsWithIssuer()} makes the subject of OIDC users, JWTs and introspected
 * tokens {@code iss|sub}, so equal {@code sub} values of two issuers (two identity providers, or two
 * tenants of one) are two users; the starter uses it with
 * {@code livechat.identity.qualify-subject-with-issuer=true}.
 *
 * <p>The authentication is read from the {@link SecurityContextHolder} (the widget filter runs
 * inside Spring Security's filter chain), else from {@code request.getUserPrincipal()}. It is the
 * starter's default {@link IdentityResolver} when Spring Security is present; declare your own
 * {@code IdentityResolver} bean to replace it, or a {@link io.lcbridge.servlet.LiveChatIdentityCustomizer} to add to it.
 */
public final class SpringSecurityIdentityResolver implements IdentityResolver {

    private final boolean qualifySubjectWithIssuer;

    /** The resolver with subjects as the principal has them ({@code sub}, username). */
    public SpringSecurityIdentityResolver() {
        this(false);
    }

    private SpringSecurityIdentityResolver(boolean qualifySubjectWithIssuer) {
        this.qualifySubjectWithIssuer = qualifySubjectWithIssuer;
    }

    /**
     * A resolver whose subjects of OIDC users, JWTs and introspected tokens with an {@code iss} are
     * {@code iss|sub}. An OIDC user or JWT without {@code iss} then gets no identity (the page gets the
     * anonymous widget) rather than a subject that could be another issuer's user; {@code UserDetails} and
     * OAuth2 users without {@code iss} keep their name.
     */
    public static SpringSecurityIdentityResolver qualifyingSubjectsWithIssuer() {
        return new SpringSecurityIdentityResolver(true);
    }

    @Override
    public Optional<CustomerIdentity> resolve(HttpServletRequest request) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            Principal principal = request.getUserPrincipal();
            authentication = principal instanceof Authentication a ? a : null;
        }
        CustomerIdentity.Builder identity =
                SpringSecurityIdentities.identityOf(authentication, qualifySubjectWithIssuer);
        return identity == null ? Optional.empty() : Optional.of(identity.build());
    }

    @Override
    public String toString() {
        return qualifySubjectWithIssuer
                ? "SpringSecurityIdentityResolver(qualifySubjectWithIssuer)"
                : "SpringSecurityIdentityResolver";
    }
}
