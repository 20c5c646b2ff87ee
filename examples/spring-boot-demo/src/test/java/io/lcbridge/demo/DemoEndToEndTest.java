package io.lcbridge.demo;

import io.lcbridge.testsupport.browser.Chromium;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
        int port = DemoLogin.freePort();
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
        browser.manage().window().setSize(new Dimension(1100, 780));
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    @Test
    void alicesPageHandsTheWidgetHerIdentityAndAVerifiedToken() throws IOException {
        browser.manage().window().setSize(new Dimension(1400, 820));
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
    void afterLogoutTheDemosLoginPageHasTheWidgetAndMakesItForgetTheUser() {
        logIn("alice");
        browser.get(base + "/");
        waitForStatus("VERIFIED");

        browser.findElement(By.id("logout")).click();
        wait.until(ExpectedConditions.urlContains("/login?logout"));

        // the demo's own login page, not Spring Security's bare default: the widget, a way back, no identity
        assertThat(browser.findElement(By.id("logged-out")).getText()).contains("You are logged out");
        assertThat(browser.findElement(By.id("back-home")).getAttribute("href")).endsWith("/");
        // the first page after logout overwrites what the widget kept (docs/logout.md)
        waitForStatus("NO_TOKEN");
        assertThat(browser.findElement(By.id("lcbridge-name")).getText()).isEqualTo("(none)");
        assertThat(browser.findElement(By.id("lcbridge-email")).getText()).isEqualTo("(none)");
        assertThat(browser.getPageSource())
                .contains("Start of LiveChat")
                .contains("LiveChatWidget.call(\"set_customer_name\", \" \");")
                .contains("LiveChatWidget.call(\"set_session_variables\", {\"lc_identity\":\"\"});")
                .doesNotContain("Alice");

        browser.findElement(By.id("back-home")).click();
        waitForStatus("NO_TOKEN");
        assertThat(browser.getPageSource())
                .contains("Start of LiveChat")
                .doesNotContain("set_customer_name")
                .doesNotContain("set_session_variables")
                .doesNotContain("Alice");
    }

    @Test
    void aWrongPasswordStaysOnTheDemosLoginPageWithAMessage() {
        browser.get(base + "/login");
        browser.findElement(By.id("username")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("not-alice");
        browser.findElement(By.cssSelector("#login-form button[type=submit]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-error")));
        assertThat(browser.getCurrentUrl()).endsWith("/login?error");
        waitForStatus("NO_TOKEN");
        assertThat(browser.findElements(By.id("signed-in-as"))).isEmpty();
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

    /**
     * README's "Try it in a minute", steps 1 to 6 in order, at a phone's width and a small laptop's, with a screenshot
     * of every page under {@code target/screenshots/<width>px/} and the layout checks that failed before: nothing covers
     * the heading, nothing scrolls sideways, a status word is never broken in two.
     */
    @ParameterizedTest(name = "{0} px wide")
    @CsvSource({"390, 844, true", "1024, 768, false"})
    void readmeQuickStartStepsInOrder(int width, int height, boolean mobile) throws IOException {
        Path shots = Path.of("target", "screenshots", width + "px");
        Files.createDirectories(shots);
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
        try {
            browser.get(base + "/");
            waitForStatus("NO_TOKEN");
            assertLayout(shots, "0-home-anonymous", width);

            // 1. log in, from the link in the header, on the demo's own login page (which has the widget too)
            browser.findElement(By.id("login")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("login-form")));
            waitForStatus("NO_TOKEN");
            assertLayout(shots, "1-login", width);
            browser.findElement(By.id("username")).sendKeys("alice");
            browser.findElement(By.id("password")).sendKeys("alice");
            browser.findElement(By.cssSelector("#login-form button[type=submit]"))
                    .click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-in-as")));

            // 2. the panel: what the widget received
            browser.get(base + "/");
            assertPreviewShows("Alice Anderson", "alice@example.com", "enterprise");
            assertLayout(shots, "2-home-alice", width);

            // 3. the playground, buttons in README order, verdicts as README's table says
            browser.get(base + "/playground");
            waitForStatus("VERIFIED");
            WebElement incoming = simulate("incoming_chat");
            assertThat(incoming.getAttribute("data-status")).isEqualTo("VERIFIED");
            String incomingChat = incoming.getAttribute("data-chat-id");
            WebElement edited = simulate("edited_email");
            assertThat(edited.getText()).contains("email CHANGED");
            WebElement forged = simulate("forged_variable");
            assertThat(forged.getText()).contains("vars.plan CHANGED");
            assertThat(simulate("tampered_token").getAttribute("data-status")).isEqualTo("INVALID_SIGNATURE");
            assertThat(simulate("wrong_secret").getAttribute("data-http")).isEqualTo("401");
            WebElement deactivated = simulate("chat_deactivated");
            assertThat(deactivated.getAttribute("data-status")).isEqualTo("VERIFIED");
            assertThat(deactivated.getAttribute("data-chat-id")).isEqualTo(forged.getAttribute("data-chat-id"));
            for (WebElement row : browser.findElements(By.cssSelector("#results tbody tr"))) {
                assertThat(row.findElement(By.cssSelector("td:last-child")).getText())
                        .as("the expected column follows the signed-in state")
                        .isNotBlank();
            }
            assertLayout(shots, "3-playground", width);
            browser.get(base + "/events");
            List<WebElement> actions = browser.findElements(By.cssSelector("#events tbody tr td:nth-child(2)"));
            assertThat(actions).isNotEmpty();
            assertThat(actions.get(0).getText()).as("newest first").startsWith("chat_deactivated");
            assertLayout(shots, "3-events", width);

            // 4. the agent view: the note for the verified chat, and the registered webhooks
            By note = By.cssSelector("#notes tr[data-chat-id='" + incomingChat + "'] .note");
            wait.until(d -> {
                d.get(base + "/agent");
                return !d.findElements(note).isEmpty();
            });
            assertThat(browser.findElement(note).getText()).startsWith("Identity verified: Alice Anderson");
            assertLayout(shots, "4-agent", width);

            // 5. compare: the hand-placed snippet
            browser.get(base + "/manual");
            waitForStatus("VERIFIED");
            assertLayout(shots, "5-manual", width);

            // 6. log out: back on the login page, which still has the widget but no identity
            browser.get(base + "/");
            browser.findElement(By.id("logout")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("logged-out")));
            waitForStatus("NO_TOKEN");
            assertThat(browser.findElement(By.id("lcbridge-name")).getText()).isEqualTo("(none)");
            assertThat(browser.getPageSource()).doesNotContain("Alice Anderson");
            assertLayout(shots, "6-logged-out", width);
        } finally {
            browser.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        }
    }

    /**
     * Saves the page (the viewport, and the preview panel when it sits below the content) and checks what a person
     * would see: the heading is not covered by the panel, the page does not scroll sideways, and no one-word status
     * ({@code td.status}, the bold status in the events table) is broken over two lines.
     */
    private void assertLayout(Path shots, String name, int width) throws IOException {
        Files.copy(
                browser.getScreenshotAs(OutputType.FILE).toPath(),
                shots.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(((Number) browser.executeScript("return window.innerWidth")).intValue())
                .as("viewport width on %s", name)
                .isEqualTo(width);
        assertThat(((Number) browser.executeScript(
                                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"))
                        .intValue())
                .as("%s scrolls sideways at %d px", name, width)
                .isLessThanOrEqualTo(0);
        Object covered = browser.executeScript("""
                var p = document.getElementById('lcbridge-preview'), h = document.querySelector('h1');
                if (!p || !h) { return 'missing ' + (p ? 'h1' : 'panel'); }
                var a = p.getBoundingClientRect(), b = h.getBoundingClientRect();
                return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;""");
        assertThat(covered)
                .as("%s: the preview panel covers the heading at %d px", name, width)
                .isEqualTo(false);
        Object broken = browser.executeScript("""
                var cells = document.querySelectorAll('td.status, table.results td b, table.results th, td[data-label="action"]');
                for (var i = 0; i < cells.length; i++) {
                  var r = document.createRange(); r.selectNodeContents(cells[i]);
                  var word = cells[i].textContent.trim();
                  if (word && !/\s/.test(word) && r.getClientRects().length > 1) { return word; }
                }
                return null;""");
        assertThat(broken)
                .as("%s: a status broken over two lines at %d px", name, width)
                .isNull();
        WebElement panel = browser.findElement(By.id("lcbridge-preview"));
        browser.executeScript("arguments[0].scrollIntoView()", panel);
        Files.copy(
                browser.getScreenshotAs(OutputType.FILE).toPath(),
                shots.resolve(name + "-panel.png"),
                StandardCopyOption.REPLACE_EXISTING);
        browser.executeScript("window.scrollTo(0, 0)");
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
}
