package io.lcbridge.demo;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo with automatic injection off ({@code livechat.filter.enabled=false}) on a port the system picks
 * ({@code server.port=0}): {@code /manual} places the snippet by hand, exactly once, no other page gets one, and the
 * stand-in script is a path on the page's own origin, so it loads whatever the port.
 */
class DemoManualPlacementTest {

    private static final String SNIPPET_START = "<!-- Start of LiveChat (www.livechat.com) code -->";

    private static ConfigurableApplicationContext demo;
    private static String base;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        demo = DemoApplication.start(
                "--server.port=0",
                "--livechat.filter.enabled=false",
                "--spring.datasource.url=jdbc:h2:mem:manual-test;DB_CLOSE_DELAY=-1");
        base = "http://localhost:"
                + ((WebServerApplicationContext) demo).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void manualPageCarriesTheSnippetOnceInsideItsSlotWhenAutomaticInjectionIsOff() throws Exception {
        HttpResponse<String> manual = get("/manual");

        assertThat(manual.statusCode()).isEqualTo(200);
        String body = manual.body();
        assertThat(body.split(java.util.regex.Pattern.quote(SNIPPET_START), -1))
                .as("snippet placed once")
                .hasSize(2);
        assertThat(body.indexOf(SNIPPET_START)).isGreaterThan(body.indexOf("<article id=\"manual-slot\">"));
    }

    @Test
    void otherPagesGetNoSnippetWhenAutomaticInjectionIsOff() throws Exception {
        assertThat(get("/").body()).doesNotContain(SNIPPET_START).doesNotContain("__lc");
    }

    @Test
    void standInScriptIsRootRelativeAndLoadsOnAPortPickedAtStart() throws Exception {
        String manual = get("/manual").body();

        assertThat(manual).contains("\"\\u002Fdemo\\u002Ftracking.js\"").doesNotContain("localhost");
        assertThat(get("/demo/tracking.js").body()).contains("LiveChatWidget._q");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
