package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.InvalidIdentityException;
import io.lcbridge.servlet.IdentityResolver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class SpringSecurityIdentityResolverTest {

    private static final UserDetails CAROL =
            User.withUsername("carol").password("{noop}pw").roles("USER").build();

    private final SpringSecurityIdentityResolver resolver = new SpringSecurityIdentityResolver();
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");

    @AfterEach
    void clearContext() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void oidcUserGivesSubNameAndEmailClaims() {
        OidcIdToken idToken = OidcIdToken.withTokenValue("id-token")
                .subject("248289761001")
                .claim("name", "Jane Doe")
                .claim("email", "jane@example.com")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60))
                .build();
        DefaultOidcUser user = new DefaultOidcUser(AuthorityUtils.createAuthorityList("OIDC_USER"), idToken, "email");
        signIn(new TestingAuthenticationToken(user, null, "OIDC_USER"));

        assertThat(resolve())
                .hasValue(CustomerIdentity.builder("248289761001")
                        .name("Jane Doe")
                        .email("jane@example.com")
                        .build());
    }

    @Test
    void oidcEmailMarkedUnverifiedIsNotSigned() {
        signIn(oidcLogin(oidcToken("https://idp.example", "248289761001")
                .claim("email_verified", false)
                .build()));

        assertThat(resolve())
                .hasValue(CustomerIdentity.builder("248289761001")
                        .name("Jane Doe")
                        .build());
    }

    @Test
    void oidcEmailMarkedVerifiedIsSigned() {
        signIn(oidcLogin(oidcToken("https://idp.example", "248289761001")
                .claim("email_verified", true)
                .build()));

        assertThat(resolve().flatMap(CustomerIdentity::email)).hasValue("jane@example.com");
    }

    @Test
    void oidcEmailWithoutEmailVerifiedClaimIsKept() {
        signIn(oidcLogin(oidcToken("https://idp.example", "248289761001").build()));

        assertThat(resolve().flatMap(CustomerIdentity::email)).hasValue("jane@example.com");
    }

    @Test
    void emailVerifiedSentAsTheStringFalseCountsAsUnverified() {
        signIn(oidcLogin(oidcToken("https://idp.example", "248289761001")
                .claim("email_verified", "false")
                .build()));

        assertThat(resolve().flatMap(CustomerIdentity::email)).isEmpty();
    }

    @Test
    void jwtEmailMarkedUnverifiedIsNotSigned() {
        Jwt jwt = Jwt.withTokenValue("a.b.c")
                .header("alg", "RS256")
                .subject("api-user-1")
                .claim("email", "api@example.com")
                .claim("email_verified", false)
                .build();
        signIn(new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("SCOPE_read")));

        assertThat(resolve()).hasValue(CustomerIdentity.builder("api-user-1").build());
    }

    @Test
    void oauth2EmailAttributeMarkedUnverifiedIsNotSigned() {
        DefaultOAuth2User user = new DefaultOAuth2User(
                AuthorityUtils.createAuthorityList("OAUTH2_USER"),
                Map.of("login", "octocat", "email", "octo@example.com", "email_verified", false),
                "login");
        signIn(new TestingAuthenticationToken(user, null, "OAUTH2_USER"));

        assertThat(resolve()).hasValue(CustomerIdentity.builder("octocat").build());
    }

    @Test
    void subjectsAreNotQualifiedByDefault() {
        signIn(oidcLogin(oidcToken("https://idp.example", "248289761001").build()));

        assertThat(resolve().map(CustomerIdentity::subject)).hasValue("248289761001");
    }

    @Test
    void qualifiedOidcSubjectsOfTwoIssuersWithTheSameSubAreTwoUsers() {
        IdentityResolver qualifying = SpringSecurityIdentityResolver.qualifyingSubjectsWithIssuer();

        signIn(oidcLogin(oidcToken("https://idp-a.example", "1001").build()));
        String first = qualifying.resolve(request).orElseThrow().subject();
        signIn(oidcLogin(oidcToken("https://idp-b.example/tenant-2", "1001").build()));
        String second = qualifying.resolve(request).orElseThrow().subject();

        assertThat(first).isEqualTo("https://idp-a.example|1001");
        assertThat(second).isEqualTo("https://idp-b.example/tenant-2|1001");
    }

    @Test
    void qualifiedJwtSubjectIsIssuerBarSub() {
        Jwt jwt = Jwt.withTokenValue("a.b.c")
                .header("alg", "RS256")
                .issuer("https://auth.example/realms/shop")
                .subject("api-user-1")
                .build();
        signIn(new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("SCOPE_read")));

        assertThat(SpringSecurityIdentityResolver.qualifyingSubjectsWithIssuer()
                        .resolve(request)
                        .map(CustomerIdentity::subject))
                .hasValue("https://auth.example/realms/shop|api-user-1");
    }

    @Test
    void qualificationRefusesAJwtWithoutIssuerInsteadOfSigningABareSubject() {
        Jwt jwt = Jwt.withTokenValue("a.b.c")
                .header("alg", "RS256")
                .subject("api-user-1")
                .build();
        signIn(new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("SCOPE_read")));

        assertThatThrownBy(() -> SpringSecurityIdentityResolver.qualifyingSubjectsWithIssuer()
                        .resolve(request))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'iss'")
                .hasMessageNotContaining("api-user-1");
    }

    @Test
    void qualificationLeavesUserDetailsAndIssuerlessOAuth2UsersAlone() {
        IdentityResolver qualifying = SpringSecurityIdentityResolver.qualifyingSubjectsWithIssuer();
        signIn(UsernamePasswordAuthenticationToken.authenticated(CAROL, null, CAROL.getAuthorities()));
        assertThat(qualifying.resolve(request).map(CustomerIdentity::subject)).hasValue("carol");

        signIn(new TestingAuthenticationToken(
                new DefaultOAuth2User(
                        AuthorityUtils.createAuthorityList("OAUTH2_USER"), Map.of("login", "octocat"), "login"),
                null,
                "OAUTH2_USER"));
        assertThat(qualifying.resolve(request).map(CustomerIdentity::subject)).hasValue("octocat");
    }

    @Test
    void oauth2UserGivesItsNameAttributeAsSubject() {
        DefaultOAuth2User user = new DefaultOAuth2User(
                AuthorityUtils.createAuthorityList("OAUTH2_USER"),
                Map.of("id", 583231, "login", "octocat", "name", "The Octocat", "email", "octo@example.com"),
                "login");
        signIn(new TestingAuthenticationToken(user, null, "OAUTH2_USER"));

        assertThat(resolve())
                .hasValue(CustomerIdentity.builder("octocat")
                        .name("The Octocat")
                        .email("octo@example.com")
                        .build());
    }

    @Test
    void oauth2UserWithoutStringNameOrEmailGivesSubjectOnly() {
        DefaultOAuth2User user = new DefaultOAuth2User(
                AuthorityUtils.createAuthorityList("OAUTH2_USER"),
                Map.of("id", "u-7", "name", List.of("not", "a", "string")),
                "id");
        signIn(new TestingAuthenticationToken(user, null, "OAUTH2_USER"));

        assertThat(resolve()).hasValue(CustomerIdentity.builder("u-7").build());
    }

    @Test
    void jwtAuthenticationGivesTheTokensClaims() {
        Jwt jwt = Jwt.withTokenValue("a.b.c")
                .header("alg", "RS256")
                .subject("api-user-1")
                .claim("name", "Api User")
                .claim("email", "api@example.com")
                .build();
        signIn(new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("SCOPE_read")));

        assertThat(resolve())
                .hasValue(CustomerIdentity.builder("api-user-1")
                        .name("Api User")
                        .email("api@example.com")
                        .build());
    }

    @Test
    void jwtWithoutSubjectFallsBackToTheAuthenticationsName() {
        Jwt jwt = Jwt.withTokenValue("a.b.c")
                .header("alg", "RS256")
                .claim("client_id", "svc")
                .build();
        signIn(new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("SCOPE_read"), "svc-principal"));

        assertThat(resolve()).hasValue(CustomerIdentity.builder("svc-principal").build());
    }

    @Test
    void userDetailsGivesTheUsernameAsSubjectAndName() {
        signIn(UsernamePasswordAuthenticationToken.authenticated(CAROL, null, CAROL.getAuthorities()));

        assertThat(resolve())
                .hasValue(CustomerIdentity.builder("carol").name("carol").build());
    }

    @Test
    void rememberMeLoginCountsAsSignedIn() {
        signIn(new RememberMeAuthenticationToken("key", CAROL, CAROL.getAuthorities()));

        assertThat(resolve())
                .hasValue(CustomerIdentity.builder("carol").name("carol").build());
    }

    @Test
    void anonymousVisitorHasNoIdentity() {
        signIn(new AnonymousAuthenticationToken(
                "key", "anonymousUser", AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS")));

        assertThat(resolve()).isEmpty();
    }

    @Test
    void unauthenticatedTokenHasNoIdentity() {
        signIn(UsernamePasswordAuthenticationToken.unauthenticated("dave", "pw"));

        assertThat(resolve()).isEmpty();
    }

    @Test
    void noSecurityContextAndNoPrincipalHasNoIdentity() {
        assertThat(resolve()).isEmpty();
    }

    @Test
    void principalOfTheRequestIsUsedWhenTheContextIsEmpty() {
        request.setUserPrincipal(
                UsernamePasswordAuthenticationToken.authenticated(CAROL, null, CAROL.getAuthorities()));

        assertThat(resolve())
                .hasValue(CustomerIdentity.builder("carol").name("carol").build());
    }

    @Test
    void plainPrincipalNameIsSubjectAndName() {
        signIn(new TestingAuthenticationToken("erin", null, "ROLE_USER"));

        assertThat(resolve())
                .hasValue(CustomerIdentity.builder("erin").name("erin").build());
    }

    @Test
    void unusableValueIsReportedToTheFilterAsAnException() {
        Jwt jwt = Jwt.withTokenValue("a.b.c")
                .header("alg", "RS256")
                .subject("ok")
                .claim("name", "bad\u0000name")
                .build();
        signIn(new JwtAuthenticationToken(jwt, AuthorityUtils.createAuthorityList("SCOPE_read")));

        assertThatThrownBy(this::resolve)
                .isInstanceOf(InvalidIdentityException.class)
                .hasMessageContaining("name")
                .hasMessageNotContaining("bad");
    }

    private static OidcIdToken.Builder oidcToken(String issuer, String subject) {
        return OidcIdToken.withTokenValue("id-token")
                .issuer(issuer)
                .subject(subject)
                .claim("name", "Jane Doe")
                .claim("email", "jane@example.com")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
    }

    private static Authentication oidcLogin(OidcIdToken idToken) {
        return new TestingAuthenticationToken(
                new DefaultOidcUser(AuthorityUtils.createAuthorityList("OIDC_USER"), idToken, "sub"),
                null,
                "OIDC_USER");
    }

    private void signIn(Authentication authentication) {
        SecurityContextHolder.getContext().setAuthentication(authentication);
    }

    private Optional<CustomerIdentity> resolve() {
        return resolver.resolve(request);
    }
}
