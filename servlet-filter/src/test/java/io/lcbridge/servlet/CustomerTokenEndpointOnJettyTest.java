package io.lcbridge.servlet;

import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.testsupport.livechat.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The customer token endpoint over HTTP on Jetty 12: the token's shape, never for anonymous or cross-site requests,
 * never cacheable, rate-limited per user, and failing open (503, page without provider, one log line and a count per
 * cause) for each failure mode of the accounts service.
 */
final class CustomerTokenEndpointOnJettyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private CustomerIdentityFixture app;
    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private void start(Duration accountsTimeout, int perMinute) throws Exception {
        app = new CustomerIdentityFixture(accountsTimeout, perMinute);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(app.base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> tokenRequest(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(app.base + "/livechat/customer-token"))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sameOriginTokenRequest() throws Exception {
        return tokenRequest("X-LiveChat-Customer-Token", "1", "Sec-Fetch-Site", "same-origin", "Origin", origin());
    }

    private String origin() {
        return app.base.substring(0, app.base.indexOf("/app"));
    }

    @Test
    void answersTheSignedInUsersTokenInTheProvidersShapeNeverCacheable() throws Exception {
        start(Duration.ofSeconds(5), 100);
        get("/login?user=alice");

        HttpResponse<String> response = sameOriginTokenRequest();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode token = JSON.readTree(response.body());
        JsonNode issued = app.fake.issuedCustomerTokens().get(0);
        assertThat(token.get("accessToken").stringValue())
                .isEqualTo(issued.get("access_token").stringValue());
        assertThat(token.get("entityId").stringValue())
                .isEqualTo(issued.get("entity_id").stringValue());
        assertThat(token.get("expiresIn").asLong()).isEqualTo(28_800_000L);
        assertThat(token.get("tokenType").stringValue()).isEqualTo("Bearer");
        assertThat(token.get("licenseId").asLong()).isEqualTo(CustomerIdentityFixture.LICENSE);
        assertThat(token.get("creationDate").asLong())
                .isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 1000);

        // cached per user: a second request does not reach LiveChat; ?fresh=1 does
        assertThat(JSON.readTree(sameOriginTokenRequest().body()).get("accessToken"))
                .isEqualTo(token.get("accessToken"));
        assertThat(app.fake.calls(FakeLiveChat.CUSTOMER_TOKEN)).hasSize(1);
        HttpResponse<String> fresh = http.send(
                HttpRequest.newBuilder(URI.create(app.base + "/livechat/customer-token?fresh=1"))
                        .header("X-LiveChat-Customer-Token", "1")
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(fresh.body()).get("accessToken")).isNotEqualTo(token.get("accessToken"));
        assertThat(JSON.readTree(fresh.body()).get("entityId")).isEqualTo(token.get("entityId"));
    }

    @Test
    void anonymousRequestsGet401AndNothingIsCreated() throws Exception {
        start(Duration.ofSeconds(5), 100);

        HttpResponse<String> response = sameOriginTokenRequest();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.body()).doesNotContain("accessToken");
        assertThat(app.fake.calls(FakeLiveChat.CUSTOMER_TOKEN)).isEmpty();
        assertThat(app.metrics.count("anonymous")).isEqualTo(1);
    }

    @Test
    void crossSiteRequestsAreRefusedEvenWithTheUsersCookies() throws Exception {
        start(Duration.ofSeconds(5), 100);
        get("/login?user=alice");

        assertThat(tokenRequest().statusCode())
                .as("no custom header (a simple cross-site POST)")
                .isEqualTo(403);
        assertThat(tokenRequest("X-LiveChat-Customer-Token", "1", "Sec-Fetch-Site", "cross-site")
                        .statusCode())
                .isEqualTo(403);
        assertThat(tokenRequest("X-LiveChat-Customer-Token", "1", "Sec-Fetch-Site", "same-site")
                        .statusCode())
                .isEqualTo(403);
        assertThat(tokenRequest("X-LiveChat-Customer-Token", "1", "Origin", "https://evil.example")
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> refused = tokenRequest("Origin", origin());
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(refused.body()).doesNotContain("accessToken");
        assertThat(app.metrics.count("cross_site")).isEqualTo(5);
        assertThat(app.metrics.count("issued")).isZero();
        // GET is not the endpoint's method
        assertThat(get("/livechat/customer-token").statusCode()).isEqualTo(405);
    }

    @Test
    void eachUserIsRateLimitedWithRetryAfter() throws Exception {
        start(Duration.ofSeconds(5), 3);
        get("/login?user=alice");

        for (int i = 0; i < 3; i++) {
            assertThat(sameOriginTokenRequest().statusCode()).isEqualTo(200);
        }
        HttpResponse<String> limited = sameOriginTokenRequest();

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After"))
                .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isBetween(1L, 60L));
        assertThat(limited.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(app.metrics.count("rate_limited")).isEqualTo(1);
    }

    @Test
    void accountsAnswering401FailsOpen() throws Exception {
        start(Duration.ofSeconds(5), 100);
        app.fake.failAlways(FakeLiveChat.CUSTOMER_TOKEN, Fault.unauthorized());

        assertFailsOpen("accounts_http_401", null);
    }

    @Test
    void accountsAnswering429FailsOpenAndPassesRetryAfterOn() throws Exception {
        start(Duration.ofSeconds(5), 100);
        app.fake.failAlways(FakeLiveChat.CUSTOMER_TOKEN, Fault.tooManyRequests(42));

        assertFailsOpen("accounts_http_429", "42");
    }

    @Test
    void slowAccountsFailOpenAfterTheTimeout() throws Exception {
        // 2 s: the recovery request at the end runs with the same timeout, and 700 ms was once too short for it on a
        // loaded 2-core machine; the fault is five timeouts long
        start(Duration.ofSeconds(2), 100);
        app.fake.failAlways(FakeLiveChat.CUSTOMER_TOKEN, Fault.slow(Duration.ofSeconds(10)));

        assertFailsOpen("accounts_transport", null);
    }

    @Test
    void unreachableAccountsFailOpen() throws Exception {
        start(Duration.ofSeconds(5), 100);
        app.fake.customerAccountsDown(true);

        assertFailsOpen("accounts_transport", null);
    }

    /** Pages keep the signed identity without a provider; the endpoint answers 503; one log line, counted per page. */
    private void assertFailsOpen(String cause, String retryAfter) throws Exception {
        HttpResponse<String> page = get("/login?user=alice");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("LiveChatWidget.call(\"set_customer_name\", \"Alice\");")
                .contains("\"lc_identity\":\"ey")
                .doesNotContain("custom_identity_provider");
        get("/page");

        HttpResponse<String> endpoint = sameOriginTokenRequest();
        assertThat(endpoint.statusCode()).isEqualTo(503);
        assertThat(endpoint.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(endpoint.headers().firstValue("Retry-After")).contains(retryAfter == null ? "30" : retryAfter);
        assertThat(endpoint.body()).doesNotContain(CustomerIdentityFixture.AGENT_TOKEN);

        assertThat(app.metrics.failures)
                .containsExactly("CUSTOMER_TOKEN:" + cause, "CUSTOMER_TOKEN:" + cause, "CUSTOMER_TOKEN:" + cause);
        assertThat(app.binding.hasLogged(cause)).isTrue();
        assertThat(app.store.find("alice")).isEmpty();

        // the accounts service recovers: the next page gets the provider again
        app.fake.clearStandingFault(FakeLiveChat.CUSTOMER_TOKEN).customerAccountsDown(false);
        assertThat(get("/page").body()).contains("custom_identity_provider");
    }
}
