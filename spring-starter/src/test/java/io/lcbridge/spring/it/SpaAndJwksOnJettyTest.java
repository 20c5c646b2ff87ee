package io.lcbridge.spring.it;

import com.nimbusds.jose.jwk.JWKSet;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.RemoteJwkSet;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's single-page-app endpoint and published JWK set on Jetty, behind the shop's Spring Security: a signed-in
 * user's {@code GET /livechat/identity} answers the widget adapters' props with a token that verifies with the keys
 * anyone can read at {@code /.well-known/lcbridge-jwks.json}, fetched as a separate service would.
 */
@SpringBootTest(
        classes = ShopApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "livechat.license=12345678",
            "livechat.signing.jwk-set=classpath:keys/ec-jwk-set.json",
            "livechat.signing.publish-jwks=true",
            "livechat.webhook.secret-keys=laudla991lamda0pnoaa0",
            "logging.level.org.springframework.security=WARN"
        })
final class SpaAndJwksOnJettyTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    private int port;

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    @Test
    void signedInUsersIdentityEndpointAnswersPropsWhoseTokenVerifiesWithThePublishedKeys() throws Exception {
        signIn();

        HttpResponse<String> identity = browser.send(
                HttpRequest.newBuilder(url("/livechat/identity")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(identity.statusCode()).isEqualTo(200);
        assertThat(identity.headers().allValues("Cache-Control"))
                .anySatisfy(v -> assertThat(v).contains("no-store"));
        assertThat(identity.headers().allValues("Vary"))
                .anySatisfy(v -> assertThat(v).containsIgnoringCase("Cookie"));
        JsonNode props = JSON.readTree(identity.body());
        assertThat(props.get("customerEmail").stringValue()).isEqualTo("alice@example.com");
        assertThat(props.get("sessionVariables").get("plan").stringValue()).isEqualTo("gold");
        String token = props.get("sessionVariables").get("lc_identity").stringValue();

        HttpClient anyone = HttpClient.newHttpClient(); // no session, no login
        HttpResponse<String> jwks = anyone.send(
                HttpRequest.newBuilder(url("/.well-known/lcbridge-jwks.json")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().allValues("Cache-Control")).containsExactly("public, max-age=300");
        assertThat(jwks.headers().firstValue("Pragma"))
                .as("no Spring Security no-cache headers")
                .isEmpty();
        assertThat(jwks.headers().firstValue("Expires")).isEmpty();
        assertThat(JWKSet.parse(jwks.body()).getKeys())
                .singleElement()
                .satisfies(key -> assertThat(key.isPrivate()).isFalse());
        assertThat(jwks.body()).doesNotContain("\"d\"");

        assertThat(IdentityTokenVerifier.create(IdentityKeySet.fromJwkSet(jwks.body()))
                        .verify(token, "12345678", Instant.now())
                        .status())
                .isEqualTo(TokenStatus.VERIFIED);
        try (RemoteJwkSet remote = RemoteJwkSet.create(url("/.well-known/lcbridge-jwks.json"))) {
            TokenVerification verified =
                    IdentityTokenVerifier.builder(remote).build().verify(token, "12345678", Instant.now());
            assertThat(verified.status()).isEqualTo(TokenStatus.VERIFIED);
            assertThat(verified.keyId()).contains("ec-1");
        }
    }

    private void signIn() throws IOException, InterruptedException {
        HttpResponse<String> loginPage =
                browser.send(HttpRequest.newBuilder(url("/login")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(loginPage.body());
        assertThat(csrf.find()).as("CSRF token on the login page").isTrue();
        String form =
                "username=alice&password=wonderland&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> login = browser.send(
                HttpRequest.newBuilder(url("/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as("login redirects").isEqualTo(302);
    }
}
