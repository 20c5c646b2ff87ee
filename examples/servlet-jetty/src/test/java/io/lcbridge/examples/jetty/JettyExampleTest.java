package io.lcbridge.examples.jetty;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;
import io.lcbridge.verifier.WebhookEvent;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain-servlet example over real HTTP on Jetty 12.1: login, page with identity, webhook, logout. */
class JettyExampleTest {

    private static final String IDENTITY_SECRET = JettyExample.randomSecret();
    private static final String WEBHOOK_SECRET = "webhook-secret-for-the-test";
    private static final Pattern TOKEN = Pattern.compile("\"lc_identity\":\"([A-Za-z0-9_.-]+)\"");

    private static Server server;
    private static String base;
    private static final List<WebhookEvent> received = new CopyOnWriteArrayList<>();

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    @BeforeAll
    static void start() throws Exception {
        server = JettyExample.start(
                new JettyExample.Settings(0, "12345678", IDENTITY_SECRET, WEBHOOK_SECRET), received::add);
        base = "http://localhost:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    @Test
    void anonymousVisitorGetsTheWidgetWithoutIdentity() throws Exception {
        String page = get("/");
        assertThat(page)
                .contains("<!-- Start of LiveChat (www.livechat.com) code -->")
                .contains("window.__lc.license = 12345678;")
                .doesNotContain("set_customer_name")
                .doesNotContain("lc_identity");
        assertThat(page.indexOf("End of LiveChat code")).isLessThan(page.indexOf("</body>"));
    }

    @Test
    void signedInUsersPageCarriesTheirSignedIdentityUntilLogout() throws Exception {
        logIn("alice");
        String page = get("/");
        assertThat(page)
                .contains("LiveChatWidget.call(\"set_customer_name\", \"Alice Anderson\");")
                .contains("LiveChatWidget.call(\"set_customer_email\", \"alice@example.com\");")
                .contains("\"plan\":\"enterprise\"");

        TokenVerification token = IdentityTokenVerifier.create(IdentityKeySet.fromHs256Secret(IDENTITY_SECRET))
                .verify(token(page), "12345678", Instant.now());
        assertThat(token.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(token.identity().orElseThrow().subject()).isEqualTo("alice");
        assertThat(token.identity().orElseThrow().sessionVariables()).containsEntry("plan", "enterprise");

        HttpResponse<String> logout = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/logout"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        // the first page after logout (where /logout redirects) overwrites what the widget kept; the next one is
        // the plain loader
        assertThat(logout.body())
                .contains("Not signed in")
                .contains("LiveChatWidget.call(\"set_session_variables\", {\"lc_identity\":\"\"});")
                .doesNotContain("Alice")
                .doesNotContain(token(page));
        assertThat(get("/"))
                .contains("Not signed in")
                .doesNotContain("lc_identity")
                .doesNotContain("Alice");
    }

    @Test
    void singlePageAppsGetTheSignedInUsersIdentityAsWidgetAdapterProps() throws Exception {
        HttpResponse<String> anonymous = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/livechat/identity")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(204);

        logIn("bob");
        HttpResponse<String> identity = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/livechat/identity")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(identity.statusCode()).isEqualTo(200);
        assertThat(identity.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(identity.body())
                .startsWith("{\"customerName\":\"Bob Brown\",\"customerEmail\":\"bob@example.com\","
                        + "\"sessionVariables\":{");
        TokenVerification token = IdentityTokenVerifier.create(IdentityKeySet.fromHs256Secret(IDENTITY_SECRET))
                .verify(token(identity.body()), "12345678", Instant.now());
        assertThat(token.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(token.identity().orElseThrow().subject()).isEqualTo("bob");
    }

    @Test
    void webhookWithThePagesTokenIsVerifiedAndAWrongSecretIsRefused() throws Exception {
        logIn("bob");
        String token = token(get("/"));

        HttpResponse<String> accepted = postWebhook(WEBHOOK_SECRET, "CHAT1BOB", token);
        assertThat(accepted.statusCode()).isEqualTo(200);
        WebhookEvent event = received.stream()
                .filter(e -> e.chatId().orElse("").equals("CHAT1BOB"))
                .findFirst()
                .orElseThrow();
        assertThat(event.customer().orElseThrow().status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(event.customer().orElseThrow().identity().orElseThrow().subject())
                .isEqualTo("bob");

        HttpResponse<String> refused = postWebhook("not-the-secret", "CHAT2BOB", token);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(received).noneMatch(e -> e.chatId().orElse("").equals("CHAT2BOB"));
    }

    private HttpResponse<String> postWebhook(String secret, String chatId, String token) throws Exception {
        String now = Instant.now().toString();
        String body = """
                {"webhook_id":"w1","secret_key":"%s","action":"incoming_chat","organization_id":"390e44e6-f1e6-4368-a6dd-74a14508c2e0",
                 "payload":{"chat":{"id":"%s","users":[{"id":"b7eff798-f8df-4364-8059-649c35c9ed0c","type":"customer",
                   "name":"Bob Brown","email":"bob@example.com","session_fields":[{"plan":"free"},{"lc_identity":"%s"}]}],
                   "thread":{"id":"T%s","active":true,"events":[],"created_at":"%s"}}},"additional_data":{}}
                """.formatted(secret, chatId, token, chatId, now);
        return browser.send(
                HttpRequest.newBuilder(URI.create(base + "/webhooks/livechat"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void logIn(String user) throws Exception {
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password=" + user;
        HttpResponse<String> response = browser.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body()).contains("Signed in as " + user);
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = browser.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String token(String page) {
        Matcher m = TOKEN.matcher(page);
        assertThat(m.find()).as("page carries an lc_identity token").isTrue();
        return m.group(1);
    }
}
