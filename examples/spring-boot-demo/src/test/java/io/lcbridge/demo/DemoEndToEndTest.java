package io.lcbridge.demo;

import io.lcbridge.testsupport.browser.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.opentest4j.TestAbortedException;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo as a user meets it: started the way the jar starts it, on a free port, with nothing
 * configured (demo license, offline widget stand-in, generated keys, H2 store), driven by headless
 * Chromium through Spring Security's form login.
 */
class DemoEndToEndTest {

    private static ConfigurableApplicationContext demo;
    private static Chromium chromium;
    private static String base;
    private static String skipped;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void startDemoAndBrowser() throws IOException {
        try {
            chromium = Chromium.startOrSkip();
            chromium.driver().manage().window().setSize(new Dimension(1100, 780)); // the README's screenshots
        } catch (TestAbortedException e) {
            skipped = e.getMessage(); // reported on each test below, so the skip shows up per test
            return;
        }
        int port = freePort();
        // the stand-in's URL is built from server.port, as when a user passes --server.port
        demo = DemoApplication.start(
                "--server.port=" + port, "--spring.datasource.url=jdbc:h2:mem:e2e;DB_CLOSE_DELAY=-1");
        base = "http://localhost:" + port;
    }

    @AfterAll
    static void stop() throws IOException {
        if (demo != null) {
            demo.close();
        }
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void freshSession() {
        Assumptions.assumeTrue(skipped == null, skipped);
        browser = chromium.driver();
        browser.get(base + "/login");
        browser.manage().deleteAllCookies();
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @Test
    void alicesPageHandsTheWidgetHerIdentityAndAVerifiedToken() throws IOException {
        logIn("alice");
        browser.get(base + "/");

        assertPreviewShows("Alice Anderson", "alice@example.com", "enterprise");
        assertThat(browser.findElement(By.id("lcbridge-token-claims")).getText())
                .contains("\"sub\": \"alice\"")
                .contains("\"aud\": \"" + DemoDefaults.DEMO_LICENSE + "\"")
                .contains("lc-identity+jwt");
        screenshot();
    }

    @Test
    void bobsPageCarriesBobsPlanNotAlices() {
        logIn("bob");
        browser.get(base + "/");

        assertPreviewShows("Bob Brown", "bob@example.com", "free");
        assertThat(browser.getPageSource()).doesNotContain("alice@example.com");
    }

    @Test
    void playgroundVariantsYieldTheirVerdicts() throws IOException {
        logIn("bob");
        browser.get(base + "/playground");
        waitForStatus("VERIFIED");

        WebElement verified = simulate("incoming_chat");
        assertThat(verified.getAttribute("data-status")).isEqualTo("VERIFIED");
        assertThat(verified.getText())
                .contains("bob · Bob Brown · bob@example.com")
                .contains("email MATCH")
                .contains("vars.plan MATCH");

        WebElement edited = simulate("edited_email");
        assertThat(edited.getAttribute("data-status")).isEqualTo("VERIFIED");
        assertThat(edited.getText()).contains("email CHANGED").contains("bob@example.com");

        WebElement forged = simulate("forged_variable");
        assertThat(forged.getAttribute("data-status")).isEqualTo("VERIFIED");
        assertThat(forged.getText()).contains("vars.plan CHANGED").contains("plan free");

        WebElement tampered = simulate("tampered_token");
        assertThat(tampered.getAttribute("data-status")).isEqualTo("INVALID_SIGNATURE");
        assertThat(tampered.findElement(By.cssSelector("td.fields")).getText())
                .as("no empty part before the unsigned variables")
                .doesNotStartWith("|")
                .isNotBlank();

        WebElement wrongSecret = simulate("wrong_secret");
        assertThat(wrongSecret.getAttribute("data-http")).isEqualTo("401");
        assertThat(wrongSecret.getAttribute("data-status")).isEqualTo("HTTP_401");

        // in README order: closes the last verified chat (forged_variable's), not the tampered one started after it
        WebElement deactivated = simulate("chat_deactivated");
        assertThat(deactivated.getAttribute("data-status")).isEqualTo("VERIFIED");
        assertThat(deactivated.getAttribute("data-chat-id")).isEqualTo(forged.getAttribute("data-chat-id"));
        assertThat(deactivated.findElement(By.cssSelector("td:last-child")).getText())
                .startsWith("VERIFIED");
        assertThat(deactivated.getText()).contains("bob · Bob Brown");
        Files.copy(
                browser.getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target", "playground.png"),
                StandardCopyOption.REPLACE_EXISTING);

        browser.get(base + "/events");
        assertThat(browser.findElement(By.id("events")).getText())
                .contains("chat_deactivated")
                .contains("INVALID_SIGNATURE")
                .contains("from stored context");
    }

    @Test
    void anonymousVisitorIsSentToLoginFromThePlaygroundAndTheEventsAndBackAfterLoggingIn() {
        browser.get(base + "/playground");
        wait.until(ExpectedConditions.urlContains("/login"));
        assertThat(browser.findElements(By.cssSelector("button[data-variant]"))).isEmpty();

        browser.get(base + "/events");
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("alice");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        wait.until(ExpectedConditions.urlContains("/events"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Received webhooks");
        assertThat(browser.findElement(By.id("signed-in-as")).getText()).isEqualTo("alice");
    }

    @Test
    void aSimulatedChatEndsAsExactlyOneInternalNoteWithTheVerifiedNameInTheAgentView() {
        logIn("alice");
        browser.get(base + "/playground");
        waitForStatus("VERIFIED");

        WebElement verified = simulate("incoming_chat");
        assertThat(verified.getAttribute("data-status")).isEqualTo("VERIFIED");
        String chatId = verified.getAttribute("data-chat-id");
        assertThat(chatId).isNotBlank();

        // the note is sent off the webhook's request thread: reload the agent view until it is there
        By chat = By.cssSelector("#notes tr[data-chat-id='" + chatId + "']");
        wait.until(d -> {
            d.get(base + "/agent");
            return !d.findElements(chat).isEmpty();
        });
        WebElement row = browser.findElement(chat);
        List<WebElement> notes = row.findElements(By.cssSelector(".note"));
        assertThat(notes).hasSize(1);
        assertThat(row.getAttribute("data-notes")).isEqualTo("1");
        assertThat(notes.get(0).getText())
                .startsWith("Identity verified: Alice Anderson")
                .contains("alice@example.com");
        assertThat(browser.findElements(By.cssSelector("#webhooks tr[data-action='incoming_chat']")))
                .hasSize(1);
        assertThat(browser.findElement(By.id("registration-status")).getText()).isEqualTo("REGISTERED");
    }

    @Test
    void afterLogoutThePageCarriesNoIdentity() {
        logIn("alice");
        browser.get(base + "/");
        waitForStatus("VERIFIED");

        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlContains("/login"));
        browser.get(base + "/");

        // the first page after logout overwrites what the widget kept (docs/logout.md)
        waitForStatus("NO_TOKEN");
        assertThat(browser.findElement(By.id("lcbridge-name")).getText()).isEqualTo("(none)");
        assertThat(browser.findElement(By.id("lcbridge-email")).getText()).isEqualTo("(none)");
        assertThat(browser.getPageSource())
                .contains("Start of LiveChat")
                .contains("LiveChatWidget.call(\"set_customer_name\", \" \");")
                .contains("LiveChatWidget.call(\"set_session_variables\", {\"lc_identity\":\"\"});")
                .doesNotContain("Alice");

        browser.get(base + "/");
        waitForStatus("NO_TOKEN");
        assertThat(browser.getPageSource())
                .contains("Start of LiveChat")
                .doesNotContain("set_customer_name")
                .doesNotContain("set_session_variables")
                .doesNotContain("Alice");
    }

    @Test
    void manualPagePlacesTheSnippetOnceWhereTheTemplateSaysAndFragmentsAndJsonStayUntouched() throws Exception {
        logIn("alice");
        browser.get(base + "/manual");
        waitForStatus("VERIFIED");
        String manual = browser.getPageSource();
        assertThat(manual.split("Start of LiveChat", -1)).hasSize(2);
        assertThat(manual.indexOf("Start of LiveChat"))
                .isBetween(manual.indexOf("id=\"manual-slot\""), manual.indexOf("</article>"));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> fragment = http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(base + "/fragment"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(fragment.body()).startsWith("<div id=\"fragment\"").doesNotContain("LiveChat");
        HttpResponse<String> me = http.send(
                java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/me"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.body()).isEqualTo("{\"authenticated\":false}");
    }

    private void logIn(String user) {
        browser.get(base + "/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
    }

    private void waitForStatus(String status) {
        wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#lcbridge-token-status[data-status='" + status + "']")));
    }

    private void assertPreviewShows(String name, String email, String plan) {
        waitForStatus("VERIFIED");
        assertThat(browser.findElement(By.id("lcbridge-name")).getText()).isEqualTo(name);
        assertThat(browser.findElement(By.id("lcbridge-email")).getText()).isEqualTo(email);
        assertThat(browser.findElement(By.cssSelector("[data-var='plan']")).getText())
                .isEqualTo(plan);
        assertThat(browser.findElement(By.id("lcbridge-token-status")).getText())
                .startsWith("Token: VERIFIED");
    }

    private WebElement simulate(String variant) {
        List<WebElement> before = browser.findElements(By.cssSelector("#results tbody tr"));
        browser.findElement(By.cssSelector("button[data-variant='" + variant + "']"))
                .click();
        wait.until(d -> d.findElements(By.cssSelector("#results tbody tr")).size() > before.size());
        WebElement row = browser.findElement(By.cssSelector("#results tbody tr:first-child"));
        assertThat(row.getAttribute("data-variant")).isEqualTo(variant);
        return row;
    }

    /** The README's screenshot: always under target/, and into docs/ with -Dlcbridge.updateScreenshot=true. */
    private void screenshot() throws IOException {
        Path png = browser.getScreenshotAs(OutputType.FILE).toPath();
        Path target = Path.of("target", "demo.png");
        Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(target)).isGreaterThan(1000);
        if (Boolean.getBoolean("lcbridge.updateScreenshot")) {
            Files.copy(png, Path.of("..", "..", "docs", "demo.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
