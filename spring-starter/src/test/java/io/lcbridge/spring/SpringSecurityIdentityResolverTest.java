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

    @Test
    void customizersRunInOrderOnTheResolvedIdentity() {
        signIn(UsernamePasswordAuthenticationToken.authenticated(CAROL, null, CAROL.getAuthorities()));
        LiveChatIdentityCustomizer plan =
                (identity, req) -> identity.variable("plan", "pro").variable("tier", "1");
        LiveChatIdentityCustomizer later = (identity, req) ->
                identity.variable("tier", "2").name("Carol C.").variable("path", req.getRequestURI());
        IdentityResolver customized = CustomizingIdentityResolver.of(resolver, List.of(plan, later));

        CustomerIdentity identity = customized.resolve(request).orElseThrow();

        assertThat(identity.name()).hasValue("Carol C.");
        assertThat(identity.sessionVariables())
                .containsExactly(Map.entry("plan", "pro"), Map.entry("tier", "2"), Map.entry("path", "/"));
    }

    @Test
    void customizersAreNotCalledForAnonymousVisitors() {
        LiveChatIdentityCustomizer failing = (identity, req) -> {
            throw new AssertionError("called for an anonymous visitor");
        };

        assertThat(CustomizingIdentityResolver.of(resolver, List.of(failing)).resolve(request))
                .isEmpty();
    }

    private void signIn(Authentication authentication) {
        SecurityContextHolder.getContext().setAuthentication(authentication);
    }

    private Optional<CustomerIdentity> resolve() {
        return resolver.resolve(request);
    }
}
