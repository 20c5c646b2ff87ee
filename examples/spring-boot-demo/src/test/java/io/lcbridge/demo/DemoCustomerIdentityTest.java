package io.lcbridge.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo offline with {@code --livechat.customer-identity.enabled=true}: against its built-in fake accounts service,
 * a signed-in page defines the custom identity provider, the token endpoint answers alice's customer token, and the
 * home page then shows her bound LiveChat customer; anonymous requests get 401.
 */
class DemoCustomerIdentityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ConfigurableApplicationContext demo;
    private static String base;

    private final HttpClient http = DemoLogin.newBrowser();

    @BeforeAll
    static void start() throws IOException {
        int port = DemoLogin.freePort();
        demo = DemoApplication.start(
                "--server.port=" + port,
                "--livechat.customer-identity.enabled=true",
                "--spring.datasource.url=jdbc:h2:mem:customer-identity-test;DB_CLOSE_DELAY=-1");
        base = "http://localhost:" + port;
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void aSignedInUserIsBoundToOneLiveChatCustomer() throws Exception {
        assertThat(post("/livechat/customer-token").statusCode()).isEqualTo(401);

        HttpResponse<String> home = signInAsAlice();
        assertThat(home.body())
                .contains("window.__lc.custom_identity_provider = function () {")
                .contains("LiveChatWidget.call(\"set_customer_name\", \"Alice Anderson\");");

        HttpResponse<String> token = post("/livechat/customer-token");
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(token.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode body = JSON.readTree(token.body());
        String entityId = body.get("entityId").stringValue();
        assertThat(body.get("licenseId").asLong()).isEqualTo(Long.parseLong(DemoDefaults.DEMO_LICENSE));
        assertThat(body.get("expiresIn").asLong()).isEqualTo(28_800_000L);

        assertThat(get("/").body()).contains("<code id=\"bound-customer\">" + entityId + "</code>");
    }

    /**
     * The demo exempts the endpoint from Spring Security's CSRF token check only; the servlet's own same-origin check
     * is then the guard: a cross-site POST with the user's session cookie gets the servlet's 403, never a token.
     */
    @Test
    void csrfExemptEndpointStillRefusesCrossSitePostsWithTheUsersSession() throws Exception {
        signInAsAlice();

        for (String[] headers : new String[][] {
            {"X-LiveChat-Customer-Token", "1", "Origin", "http://attacker.example", "Sec-Fetch-Site", "cross-site"},
            {"X-LiveChat-Customer-Token", "1", "Sec-Fetch-Site", "same-site"},
            {"Content-Type", "application/x-www-form-urlencoded", "Origin", "http://attacker.example"},
        }) {
            HttpResponse<String> refused = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/livechat/customer-token"))
                            .headers(headers)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(refused.statusCode()).as(String.join(" ", headers)).isEqualTo(403);
            assertThat(refused.body())
                    .as("refused by the servlet (Spring's CSRF filter let it through), no token")
                    .isEqualTo("{\"error\":\"cross-site request refused\"}")
                    .doesNotContain("accessToken");
        }
        assertThat(post("/livechat/customer-token").statusCode())
                .as("same-origin, no CSRF token needed")
                .isEqualTo(200);
    }

    /** Posts the login form with the CSRF token of the login page; the answer is the page after login. */
    private HttpResponse<String> signInAsAlice() throws Exception {
        return DemoLogin.logIn(http, base, "alice");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(base + path))
                        .header("X-LiveChat-Customer-Token", "1")
                        .header("Origin", base)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
