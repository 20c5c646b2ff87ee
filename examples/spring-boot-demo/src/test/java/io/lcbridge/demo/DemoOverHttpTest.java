package io.lcbridge.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo over plain HTTP (no browser): Spring Security's form login, the page's snippet, the
 * untouched fragment and JSON, and the webhook endpoint's answers. Runs where Chromium is missing too.
 */
class DemoOverHttpTest {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private static ConfigurableApplicationContext demo;
    private static String base;

    private final HttpClient http = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    @BeforeAll
    static void start() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        demo = DemoApplication.start(
                "--server.port=" + port,
                "--livechat.webhook.secret-keys=test-webhook-secret",
                "--spring.datasource.url=jdbc:h2:mem:http-test;DB_CLOSE_DELAY=-1");
        base = "http://localhost:" + port;
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void formLoginPutsTheUsersIdentityOnThePageAndOnlyThere() throws Exception {
        String login = get("/login").body();
        Matcher csrf = CSRF.matcher(login);
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> home = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=alice&password=alice&_csrf=" + csrf.group(1)))
                .build());

        assertThat(home.body())
                .contains("LiveChatWidget.call(\"set_customer_name\", \"Alice Anderson\");")
                .contains("\"plan\":\"enterprise\"")
                .contains("\"lc_identity\":\"ey");
        assertThat(home.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("private"));
        assertThat(get("/fragment").body())
                .isEqualTo("<div id=\"fragment\" class=\"card\">A fragment for htmx or Turbo, "
                        + "rendered for alice. It has no &lt;body&gt;, so it gets no widget.</div>\n");
        assertThat(get("/api/me").body())
                .isEqualTo(
                        "{\"authenticated\":true,\"username\":\"alice\",\"name\":\"Alice Anderson\",\"email\":\"alice@example.com\",\"plan\":\"enterprise\"}");
    }

    @Test
    void anonymousVisitorGetsTheStandInWidgetWithoutIdentity() throws Exception {
        String page = get("/").body();

        assertThat(page)
                .contains("window.__lc.license = " + DemoDefaults.DEMO_LICENSE + ";")
                .contains("\\u002Fdemo\\u002Ftracking.js")
                .doesNotContain("set_customer_name");
        assertThat(get("/demo/tracking.js").body()).contains("LiveChatWidget._q");
    }

    @Test
    void webhookEndpointAcceptsTheConfiguredSecretOnlyWithoutLoginOrCsrf() throws Exception {
        String delivery = """
                {"webhook_id":"w","secret_key":"%s","action":"chat_deactivated","organization_id":"o",
                 "payload":{"chat_id":"HTTPTEST01","thread_id":"HTTPTEST01"},"additional_data":{}}""";

        assertThat(postJson("/webhooks/livechat", delivery.formatted("test-webhook-secret"))
                        .statusCode())
                .isEqualTo(200);
        assertThat(postJson("/webhooks/livechat", delivery.formatted("wrong")).statusCode())
                .isEqualTo(401);
        assertThat(get("/events").body()).contains("HTTPTEST01").contains("NO_TOKEN");
    }

    @Test
    void tallyCountsEachDeliveryOnceAndARetryOfAHandledDeliveryNotAgain() throws Exception {
        String delivery = """
                {"webhook_id":"w","secret_key":"test-webhook-secret","action":"chat_deactivated","organization_id":"o",
                 "payload":{"chat_id":"TALLY%s","thread_id":"T1"},"additional_data":{}}""";

        assertThat(postJson("/webhooks/livechat", delivery.formatted("A")).statusCode())
                .isEqualTo(200);
        assertThat(postJson("/webhooks/livechat", delivery.formatted("A")).statusCode())
                .isEqualTo(200);
        assertThat(postJson("/webhooks/livechat", delivery.formatted("B")).statusCode())
                .isEqualTo(200);
        assertThat(postJson("/webhooks/livechat", delivery.formatted("C").replace("test-webhook-secret", "wrong"))
                        .statusCode())
                .isEqualTo(401);

        assertThat(get("/events/tally?action=chat_deactivated&chatPrefix=TALLY").body())
                .matches("\\{\"dispatches\":\\d+,\"distinct\":2,\"repeated\":0,\"extraDispatches\":0}");
    }

    @Test
    void agentViewSendsVisitorsToLoginAndShowsSignedInUsersTheWebhooksTheDemoRegisteredInTheFake() throws Exception {
        HttpResponse<String> anonymous = get("/agent");
        assertThat(anonymous.uri().getPath()).isEqualTo("/login");
        assertThat(anonymous.body()).doesNotContain("Agent view");

        Matcher csrf = CSRF.matcher(anonymous.body());
        assertThat(csrf.find()).isTrue();
        HttpResponse<String> agent = send(HttpRequest.newBuilder(URI.create(base + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=bob&password=bob&_csrf=" + csrf.group(1)))
                .build());
        assertThat(agent.uri().getPath()).isEqualTo("/agent");
        for (int i = 0; i < 100 && !agent.body().contains("<b id=\"registration-status\">REGISTERED"); i++) {
            Thread.sleep(100); // the registration runs off the start-up thread
            agent = get("/agent");
        }

        String webhookUrl = base + "/webhooks/livechat";
        assertThat(agent.body())
                .contains("<h1>Agent view</h1>")
                .contains("<b id=\"registration-status\">REGISTERED")
                .contains("<tr data-action=\"incoming_chat\"><td>incoming_chat</td><td>" + webhookUrl
                        + "</td><td>license</td><td>" + DemoLiveChatFake.CLIENT_ID)
                .contains("<tr data-action=\"chat_deactivated\"><td>chat_deactivated</td><td>" + webhookUrl)
                .doesNotContain("test-webhook-secret");
    }

    private HttpResponse<String> postJson(String path, String json) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    private HttpResponse<String> get(String path) throws Exception {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(base + path)).build());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response;
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
