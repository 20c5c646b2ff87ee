package io.lcbridge.spring.it;

import io.lcbridge.testsupport.fixtures.TestKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding 3, with Spring Security's real {@code HeaderWriterFilter} on Jetty: the widget filter runs inside
 * Spring Security's chain and marks the signed-in page before Spring Security writes its headers at commit; Spring
 * Security's {@code CacheControlHeadersWriter} then skips the response because it already has {@code Cache-Control}.
 * The page must still end with {@code no-store}, {@code Pragma} and {@code Expires}, and {@code private}.
 */
@SpringBootTest(
        classes = ShopApplication.class,
        webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = {
            "livechat.license=12345678",
            "livechat.signing.secret=" + TestKeys.HS256_SECRET,
            "livechat.webhook.secret-keys=laudla991lamda0pnoaa0",
            "logging.level.org.springframework.security=WARN"
        })
final class SpringSecurityCacheHeadersOnJettyTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

    @LocalServerPort
    private int port;

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void aSignedInPageKeepsSpringSecuritysNoStoreAndIsPrivate() throws Exception {
        signIn();
        HttpResponse<String> page = get("/account");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("lc_identity").contains("alice@example.com");
        assertThat(directives(page))
                .contains("private", "no-store", "no-cache", "max-age=0", "must-revalidate")
                .doesNotContain("public");
        assertThat(page.headers().firstValue("Pragma")).hasValue("no-cache");
        assertThat(page.headers().firstValue("Expires")).hasValue("0");
    }

    @Test
    void anAnonymousPageGetsSpringSecuritysOwnHeadersUntouched() throws Exception {
        HttpResponse<String> page = get("/public");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("window.__lc").doesNotContain("lc_identity");
        assertThat(page.headers().firstValue("Cache-Control"))
                .hasValue("no-cache, no-store, max-age=0, must-revalidate");
        assertThat(page.headers().firstValue("Pragma")).hasValue("no-cache");
    }

    private static List<String> directives(HttpResponse<?> response) {
        return response.headers().allValues("Cache-Control").stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(String::trim)
                .toList();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return browser.send(HttpRequest.newBuilder(url(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void signIn() throws Exception {
        Matcher csrf = CSRF.matcher(get("/login").body());
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

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
