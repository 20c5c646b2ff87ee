package io.lcbridge.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.OutputStream;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo over plain HTTP (no browser): Spring Security's form login, the page's snippet, the
 * untouched fragment and JSON, and the webhook endpoint's answers. Runs where Chromium is missing too.
 */
class DemoOverHttpTest {

    private static ConfigurableApplicationContext demo;
    private static String base;

    private final HttpClient http = DemoLogin.newBrowser();

    @BeforeAll
    static void start() throws IOException {
        int port = DemoLogin.freePort();
        demo = DemoApplication.start(
                "--server.port=" + port,
                "--livechat.webhook.secret-keys=test-webhook-secret",
                "--livechat.webhook.body-read-timeout=2s",
                "--spring.datasource.url=jdbc:h2:mem:http-test;DB_CLOSE_DELAY=-1");
        base = "http://localhost:" + port;
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void formLoginPutsTheUsersIdentityOnThePageAndOnlyThere() throws Exception {
        String csrf = DemoLogin.csrfOf(get("/login").body());
        HttpResponse<String> home = DemoLogin.postLogin(http, base, "alice", csrf);

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
        assertThat(get("/events/tally?action=chat_deactivated&chatPrefix=HTTPTEST01")
                        .body())
                .contains("\"distinct\":1,");
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginPageFromThePlaygroundAndTheEvents() throws Exception {
        HttpClient anonymous = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        for (String path :
                List.of("/playground", "/playground/events", "/events", "/%70layground/events", "/events/")) {
            HttpResponse<String> response = anonymous.send(
                    HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location"))
                    .as(path)
                    .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        }

        // with the anonymous session's own CSRF token, so only the missing login can stop it
        String csrf = DemoLogin.csrfOf(anonymous
                .send(HttpRequest.newBuilder(URI.create(base + "/login")).build(), HttpResponse.BodyHandlers.ofString())
                .body());
        String dispatchedBefore = get("/events/tally").body().replaceAll(",.*", "");
        HttpResponse<String> simulate = anonymous.send(
                HttpRequest.newBuilder(URI.create(base + "/playground/simulate"))
                        .header("Content-Type", "application/json")
                        .header("X-CSRF-TOKEN", csrf)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"variant\":\"incoming_chat\",\"name\":\"x\",\"vars\":{}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(simulate.statusCode()).isIn(302, 401, 403);
        assertThat(simulate.body()).doesNotContain("incoming_chat");
        assertThat(get("/events/tally").body()).startsWith(dispatchedBefore + ",");
    }

    @Test
    void eachUserSeesOnlyTheirOwnDeliveries() throws Exception {
        HttpClient bob = logIn("bob");
        HttpClient alice = logIn("alice");
        String bobsCsrf = DemoLogin.csrfOf(send(bob, "/playground").body());

        HttpResponse<String> simulated = bob.send(
                HttpRequest.newBuilder(URI.create(base + "/playground/simulate"))
                        .header("Content-Type", "application/json")
                        .header("X-CSRF-TOKEN", bobsCsrf)
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"variant\":\"incoming_chat\",\"name\":\"Bob Brown\","
                                        + "\"email\":\"bob@example.com\",\"vars\":{\"plan\":\"free\"}}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(simulated.statusCode()).isEqualTo(200);
        Matcher chat = Pattern.compile("\"chatId\":\"([A-Z0-9]+)\"").matcher(simulated.body());
        assertThat(chat.find()).isTrue();
        String bobsChat = chat.group(1);

        assertThat(send(bob, "/events").body()).contains(bobsChat);
        assertThat(send(bob, "/playground/events").body()).contains(bobsChat);
        assertThat(send(alice, "/events").body()).doesNotContain(bobsChat).doesNotContain("bob@example.com");
        assertThat(send(alice, "/playground/events").body()).doesNotContain(bobsChat);
    }

    @Test
    void chatDeactivatedInReadmeOrderClosesTheLastVerifiedChatNotTheTamperedOne() throws Exception {
        HttpClient alice = logIn("alice");
        String page = send(alice, "/playground").body();
        String csrf = DemoLogin.csrfOf(page);
        Matcher token = Pattern.compile("\"lc_identity\":\"(ey[^\"]+)\"").matcher(page);
        assertThat(token.find()).isTrue();
        String widget = "\"name\":\"Alice Anderson\",\"email\":\"alice@example.com\","
                + "\"vars\":{\"plan\":\"enterprise\",\"lc_identity\":\"" + token.group(1) + "\"}";

        Map<String, String> chats = new LinkedHashMap<>();
        for (String variant :
                List.of("incoming_chat", "edited_email", "forged_variable", "tampered_token", "wrong_secret")) {
            String body = simulate(alice, csrf, "{\"variant\":\"" + variant + "\"," + widget + "}");
            chats.put(variant, field(body, "chatId"));
        }
        String deactivated = simulate(alice, csrf, "{\"variant\":\"chat_deactivated\"," + widget + "}");

        assertThat(field(deactivated, "chatId"))
                .as("the forged_variable chat, the last one that verified")
                .isEqualTo(chats.get("forged_variable"))
                .isNotEqualTo(chats.get("tampered_token"));
        assertThat(deactivated).contains("\"status\":\"VERIFIED\"").contains("\"expected\":\"VERIFIED");
    }

    @Test
    void expectedColumnSaysNoTokenForAPageWithoutSignedIdentity() throws Exception {
        HttpClient bob = logIn("bob");
        String csrf = DemoLogin.csrfOf(send(bob, "/playground").body());
        String unsigned = "\"name\":\"Bob Brown\",\"email\":\"bob@example.com\",\"vars\":{\"plan\":\"free\"}";

        for (String variant : List.of("incoming_chat", "tampered_token")) {
            String body = simulate(bob, csrf, "{\"variant\":\"" + variant + "\"," + unsigned + "}");
            assertThat(field(body, "expected")).as(variant).startsWith("NO_TOKEN");
            assertThat(body).as(variant).contains("\"status\":\"NO_TOKEN\"");
        }
        String wrongSecret = simulate(bob, csrf, "{\"variant\":\"wrong_secret\"," + unsigned + "}");
        assertThat(field(wrongSecret, "expected")).startsWith("HTTP 401");
    }

    private String simulate(HttpClient client, String csrf, String json) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(base + "/playground/simulate"))
                        .header("Content-Type", "application/json")
                        .header("X-CSRF-TOKEN", csrf)
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(json).isEqualTo(200);
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        assertThat(m.find()).as("%s in %s", name, json).isTrue();
        return m.group(1);
    }

    @Test
    void deliveryWithoutAChatIdIsListedForTheUserItVerifiedAs() throws Exception {
        HttpClient alice = logIn("alice");
        Matcher token = Pattern.compile("\"lc_identity\":\"(ey[^\"]+)\"")
                .matcher(send(alice, "/").body());
        assertThat(token.find()).isTrue();
        String delivery = """
                {"webhook_id":"w","secret_key":"test-webhook-secret","action":"customer_session_fields_updated",
                 "organization_id":"o","payload":{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c",
                 "session_fields":[{"plan":"enterprise"},{"lc_identity":"%s"}]},"additional_data":{}}""".formatted(token.group(1));

        assertThat(postJson("/webhooks/livechat", delivery).statusCode()).isEqualTo(200);
        HttpResponse<String> events = send(alice, "/events");

        assertThat(events.statusCode()).isEqualTo(200);
        assertThat(events.body())
                .contains("customer_session_fields_updated")
                .contains("(no chat)")
                .contains("VERIFIED");
    }

    @Test
    void tricklingWebhookBodyIsAnswered408AtTheReadDeadlineOnTomcat() throws Exception {
        // (a sender that goes silent mid-body is not covered: Tomcat's blocking read ignores interrupts; see README)
        try (Socket socket =
                new Socket(InetAddress.getLoopbackAddress(), URI.create(base).getPort())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/livechat HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 50000\r\n\r\n{")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            Thread trickle = new Thread(() -> {
                try {
                    while (true) {
                        Thread.sleep(100);
                        out.write(' ');
                        out.flush();
                    }
                } catch (Exception e) {
                    // answered and closed
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            byte[] head = new byte[12];
            int read = socket.getInputStream().readNBytes(head, 0, head.length);
            long millis = (System.nanoTime() - start) / 1_000_000;
            trickle.interrupt();

            assertThat(new String(head, 0, read, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 408");
            assertThat(millis).isLessThan(2000 + 2500);
        }
        // the worker thread that was cut off serves deliveries normally
        String delivery = """
                {"webhook_id":"w","secret_key":"test-webhook-secret","action":"chat_deactivated","organization_id":"o",
                 "payload":{"chat_id":"AFTERSLOW1","thread_id":"T1"},"additional_data":{}}""";
        assertThat(postJson("/webhooks/livechat", delivery).statusCode()).isEqualTo(200);
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
        assertThat(anonymous.body()).contains("<h1>Log in</h1>").doesNotContain("<h1>Agent view</h1>");

        HttpResponse<String> agent = DemoLogin.postLogin(http, base, "bob", DemoLogin.csrfOf(anonymous.body()));
        assertThat(agent.uri().getPath()).isEqualTo("/agent");
        for (int i = 0; i < 100 && !agent.body().contains("<b id=\"registration-status\">REGISTERED"); i++) {
            Thread.sleep(100); // the registration runs off the start-up thread
            agent = get("/agent");
        }

        String webhookUrl = base + "/webhooks/livechat";
        assertThat(agent.body())
                .contains("<h1>Agent view</h1>")
                .contains("<b id=\"registration-status\">REGISTERED")
                .contains("<tr data-action=\"incoming_chat\"><td data-label=\"action\">incoming_chat</td>"
                        + "<td data-label=\"url\">" + webhookUrl + "</td><td data-label=\"type\">license</td>"
                        + "<td data-label=\"owner client id\">" + DemoLiveChatFake.CLIENT_ID)
                .contains("<tr data-action=\"chat_deactivated\"><td data-label=\"action\">chat_deactivated</td>"
                        + "<td data-label=\"url\">" + webhookUrl)
                .doesNotContain("test-webhook-secret");
    }

    /** A client signed in as {@code user} through the form login. */
    private HttpClient logIn(String user) throws Exception {
        HttpClient client = DemoLogin.newBrowser();
        HttpResponse<String> home = DemoLogin.logIn(client, base, user);
        assertThat(home.body()).contains("id=\"signed-in-as\">" + user + "<");
        return client;
    }

    private HttpResponse<String> send(HttpClient client, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
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
