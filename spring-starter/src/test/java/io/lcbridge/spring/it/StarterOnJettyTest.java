package io.lcbridge.spring.it;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.spring.LiveChatWebhookEvent;
import io.lcbridge.testsupport.fixtures.TestKeys;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proof, end to end on Jetty: a Boot app with only the starter and {@code livechat.*}
 * properties; a user signs in with Spring Security's form login, gets the widget with their signed
 * identity on their page, and LiveChat's {@code incoming_chat} carrying that token arrives as a
 * {@code VERIFIED} application event. A tampered token does not verify; a wrong webhook secret is
 * answered 401 and publishes nothing.
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
final class StarterOnJettyTest {

    private static final String WEBHOOK_SECRET = "laudla991lamda0pnoaa0";
    private static final Pattern TOKEN =
            Pattern.compile("\"lc_identity\":\"([A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+)\"");
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" type=\"hidden\" value=\"([^\"]+)\"");

    @LocalServerPort
    private int port;

    @Autowired
    private ShopApplication.WebhookEvents events;

    @Autowired
    private WebServerApplicationContext context;

    @Autowired
    private MeterRegistry meters;

    private final CookieManager cookies = new CookieManager();

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @BeforeEach
    void forgetEvents() {
        events.received.clear();
    }

    @Test
    void runsOnJetty() {
        assertThat(context.getWebServer().getClass().getSimpleName()).startsWith("Jetty");
    }

    @Test
    void signedInUsersPageCarriesTheirIdentityAndTheirChatArrivesVerified() throws Exception {
        HttpResponse<String> page = signInAndOpenAccountPage();

        assertThat(page.statusCode()).isEqualTo(200);
        String html = page.body();
        assertThat(html)
                .contains("<h1>Your account</h1>")
                .contains("window.__lc")
                .contains("12345678")
                .contains("alice@example.com")
                .contains("\"plan\":\"gold\"");
        assertThat(html.indexOf("window.__lc"))
                .as("snippet at the end of <head>, the default")
                .isGreaterThan(html.indexOf("<title>"))
                .isLessThan(html.indexOf("</head>"));
        assertThat(page.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("private"));
        String nonce = cspNonce(page);
        assertThat(html).contains("nonce=\"" + nonce + "\"");

        String token = token(html);
        HttpResponse<String> webhook = postWebhook(incomingChat(token, "alice", "alice@example.com", WEBHOOK_SECRET));

        assertThat(webhook.statusCode()).isEqualTo(200);
        assertThat(events.received)
                .singleElement()
                .isInstanceOfSatisfying(LiveChatWebhookEvent.IncomingChat.class, chat -> {
                    assertThat(chat.status()).isEqualTo(TokenStatus.VERIFIED);
                    assertThat(chat.verifiedIdentity().map(CustomerIdentity::subject))
                            .hasValue("alice");
                    assertThat(chat.verifiedIdentity().flatMap(CustomerIdentity::email))
                            .hasValue("alice@example.com");
                    assertThat(chat.customer().orElseThrow().allFieldsMatch()).isTrue();
                });
        assertThat(meters.counter("lcbridge.webhook.events", "action", "incoming_chat", "verification", "VERIFIED")
                        .count())
                .isGreaterThanOrEqualTo(1);
        // one observation per delivery, tagged with the verifier's outcome and LiveChat's action
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(meters.find("lcbridge.webhook.deliveries")
                                .tag("outcome", "handled")
                                .tag("status", "200")
                                .tag("action", "incoming_chat")
                                .timers())
                        .isNotEmpty());
    }

    @Test
    void tamperedTokenArrivesNotVerified() throws Exception {
        String token = token(signInAndOpenAccountPage().body());
        String[] parts = token.split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"sub\":\"alice\"", "\"sub\":\"admin\"");
        String forged = parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(claims.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        HttpResponse<String> webhook = postWebhook(incomingChat(forged, "alice", "alice@example.com", WEBHOOK_SECRET));

        assertThat(webhook.statusCode()).isEqualTo(200);
        assertThat(events.received).singleElement().satisfies(event -> {
            assertThat(event.status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
            assertThat(event.verifiedIdentity()).isEmpty();
        });
    }

    @Test
    void wrongWebhookSecretIsAnswered401AndPublishesNothing() throws Exception {
        String token = token(signInAndOpenAccountPage().body());

        HttpResponse<String> webhook = postWebhook(incomingChat(token, "alice", "alice@example.com", "not-the-secret"));

        assertThat(webhook.statusCode()).isEqualTo(401);
        assertThat(events.received).isEmpty();
        // the observation stops once the answer is written, which may be just after the client has read it
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(meters.find("lcbridge.webhook.deliveries")
                                .tag("outcome", "not_authentic")
                                .tag("status", "401")
                                .tag("action", "unknown")
                                .timers())
                        .isNotEmpty());
    }

    @Test
    void anonymousVisitorGetsTheLoaderWithoutIdentity() throws Exception {
        HttpResponse<String> page =
                browser.send(HttpRequest.newBuilder(url("/public")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body())
                .contains("window.__lc")
                .doesNotContain("lc_identity")
                .doesNotContain("set_customer_name");
    }

    @Test
    void afterSpringSecurityLogoutTheNextPageClearsTheWidgetOnceAndTheMarkIsGone() throws Exception {
        HttpResponse<String> account = signInAndOpenAccountPage();
        assertThat(account.body()).contains("lc_identity");
        assertThat(account.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie ->
                        assertThat(cookie).startsWith("lcbridge_identified=1;").contains("HttpOnly"));
        assertThat(cookies.getCookieStore().getCookies())
                .anyMatch(c -> c.getName().equals("lcbridge_identified"));

        HttpResponse<String> logoutPage =
                browser.send(HttpRequest.newBuilder(url("/logout")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(logoutPage.body());
        assertThat(csrf.find()).as("CSRF token on the logout page").isTrue();
        HttpResponse<String> logout = browser.send(
                HttpRequest.newBuilder(url("/logout"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(logout.statusCode()).as("logout redirects").isEqualTo(302);
        assertThat(browser.send(HttpRequest.newBuilder(url("/account")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .as("the session is gone")
                .isEqualTo(302);

        HttpResponse<String> firstAnonymous =
                browser.send(HttpRequest.newBuilder(url("/public")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(firstAnonymous.body())
                .contains("window.__lc")
                .contains("LiveChatWidget.call(\"set_session_variables\", {\"lc_identity\":\"\"});")
                .contains("LiveChatWidget.call(\"set_customer_name\", \" \");")
                .contains("LiveChatWidget.call(\"set_customer_email\", \" \");")
                .doesNotContain("alice");
        assertThat(firstAnonymous.headers().allValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie).startsWith("lcbridge_identified=; Max-Age=0;"));
        assertThat(cookies.getCookieStore().getCookies())
                .noneMatch(c -> c.getName().equals("lcbridge_identified"));

        HttpResponse<String> secondAnonymous =
                browser.send(HttpRequest.newBuilder(url("/public")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(secondAnonymous.body()).contains("window.__lc").doesNotContain("LiveChatWidget.call");
    }

    @Test
    void mustacheViewPlacesTheSnippetItselfAndTheFilterAddsNoSecond() throws Exception {
        signInAndOpenAccountPage();
        String manual = browser.send(
                        HttpRequest.newBuilder(url("/manual")).build(), HttpResponse.BodyHandlers.ofString())
                .body();
        String plain = browser.send(HttpRequest.newBuilder(url("/plain")).build(), HttpResponse.BodyHandlers.ofString())
                .body();

        assertThat(occurrences(manual, "window.__lc = ")).isEqualTo(1);
        assertThat(manual.indexOf("window.__lc"))
                .as("in <head>, where the template put it")
                .isBetween(0, manual.indexOf("</head>"));
        assertThat(manual).contains("set_customer_name\", \"alice\"").contains("lc_identity");
        assertThat(occurrences(plain, "window.__lc = ")).isEqualTo(1);
        assertThat(plain.indexOf("window.__lc"))
                .as("before </head>, where the filter puts it by default")
                .isBetween(0, plain.indexOf("</head>"));
        assertThat(meters.counter("lcbridge.widget.snippets", "placement", "template", "identity", "true")
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void thymeleafViewPlacesTheSnippetItself() throws Exception {
        signInAndOpenAccountPage();
        String html = browser.send(
                        HttpRequest.newBuilder(url("/thymeleaf")).build(), HttpResponse.BodyHandlers.ofString())
                .body();

        assertThat(html).contains("Placed by Thymeleaf");
        assertThat(occurrences(html, "window.__lc = ")).isEqualTo(1);
        assertThat(html.indexOf("window.__lc")).isBetween(0, html.indexOf("</head>"));
        assertThat(html).contains("set_customer_name\", \"alice\"").contains("lc_identity");
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private HttpResponse<String> signInAndOpenAccountPage() throws IOException, InterruptedException {
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
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        return browser.send(HttpRequest.newBuilder(url("/account")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postWebhook(byte[] body) throws IOException, InterruptedException {
        HttpClient liveChat = HttpClient.newHttpClient(); // no cookies: LiveChat has no session
        return liveChat.send(
                HttpRequest.newBuilder(url("/webhooks/livechat"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            count++;
        }
        return count;
    }

    private static String token(String html) {
        Matcher matcher = TOKEN.matcher(html);
        assertThat(matcher.find()).as("identity token in the page").isTrue();
        return matcher.group(1);
    }

    private static String cspNonce(HttpResponse<String> page) {
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        Matcher matcher = Pattern.compile("'nonce-([^']+)'").matcher(csp);
        assertThat(matcher.find()).isTrue();
        return matcher.group(1);
    }

    /** LiveChat's sample {@code incoming_chat} for a fresh chat, with the given token, displayed values and secret. */
    private static byte[] incomingChat(String token, String name, String email, String secretKey) {
        String chatId = "C"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 9).toUpperCase();
        String json;
        try (InputStream in = StarterOnJettyTest.class.getResourceAsStream("/livechat/incoming_chat.v3.6.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String now = java.time.Instant.now().toString();
        return json.replace("{{TOKEN}}", token)
                .replace("\"Thomas Anderson\"", "\"" + name + "\"")
                .replace("\"t.anderson@example.com\"", "\"" + email + "\"")
                .replace("\"" + WEBHOOK_SECRET + "\"", "\"" + secretKey + "\"")
                .replace("\"plan\": \"enterprise\"", "\"plan\": \"gold\"")
                .replace("PJ0MRSHTDG", chatId)
                .replace("\"created_at\": \"2026-11-20T11:42:47.383000Z\"", "\"created_at\": \"" + now + "\"")
                .getBytes(StandardCharsets.UTF_8);
    }

    private URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
