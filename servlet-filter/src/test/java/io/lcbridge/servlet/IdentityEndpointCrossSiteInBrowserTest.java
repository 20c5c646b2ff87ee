package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.testsupport.browser.Chromium;
import io.lcbridge.testsupport.fixtures.TestKeys;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A page of another site in headless Chromium tries to get the signed identity from {@code GET /livechat/identity}:
 * a JSONP-style {@code <script src>} include, a credentialed CORS {@code fetch} and a {@code no-cors} fetch. The app's
 * resolver signs every request in, standing in for credentials a cross-site request can carry (a {@code
 * SameSite=None} session cookie, HTTP authentication, a client certificate), so the only thing between the attacker
 * and the identity is the endpoint itself: each of these requests gets 403 and no identity, while the app's own page
 * still fetches it.
 */
final class IdentityEndpointCrossSiteInBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(TestKeys.HS256_SECRET);

    /** What reached the identity endpoint: the browser's Sec-Fetch-Site and the status answered. */
    record Seen(String site, String mode, int status) {}

    /** Serves one fixed HTML page. */
    static final class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String html;

        Page(String html) {
            this.html = html;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static Optional<CustomerIdentity> alwaysAlice(HttpServletRequest request) {
        return Optional.of(CustomerIdentity.builder("alice")
                .email("alice@example.com")
                .variable("plan", "gold")
                .build());
    }

    private static final String READ_IDENTITY = "<script>window.__r = {};"
            + "function done(k, v) { window.__r[k] = v; }"
            + "fetch('URL', {credentials: 'include'}).then(function (r) { return r.text().then(function (t) {"
            + " done('cors', r.status + ':' + t); }); }, function () { done('cors', 'blocked'); });"
            + "fetch('URL', {mode: 'no-cors', credentials: 'include'}).then(function (r) { return r.text().then("
            + "function (t) { done('noCors', r.type + ':' + t.length); }); }, function () { done('noCors', 'blocked'); });"
            + "</script>"
            + "<script src=\"URL\" onload=\"done('script', 'loaded')\" onerror=\"done('script', 'error')\"></script>";

    @Test
    void anotherSitesPageGetsNothingWhileTheAppsOwnPageStillGetsTheIdentity() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            LiveChatWidgetFilter widget = LiveChatWidgetFilter.builder(WidgetOptions.forLicense(12345678))
                    .signingKeys(KEYS)
                    .identityResolver(IdentityEndpointCrossSiteInBrowserTest::alwaysAlice)
                    .build();
            List<Seen> seen = new CopyOnWriteArrayList<>();
            Filter recording = (request, response, chain) -> {
                chain.doFilter(request, response);
                HttpServletRequest http = (HttpServletRequest) request;
                seen.add(new Seen(
                        String.valueOf(http.getHeader("Sec-Fetch-Site")),
                        String.valueOf(http.getHeader("Sec-Fetch-Mode")),
                        ((HttpServletResponse) response).getStatus()));
            };

            try (LoopbackJetty app = LoopbackJetty.at("/app");
                    LoopbackJetty attacker = new LoopbackJetty()) {
                app.filter(recording, LiveChatIdentityServlet.DEFAULT_PATH)
                        .servlet(LiveChatIdentityServlet.forFilter(widget), LiveChatIdentityServlet.DEFAULT_PATH)
                        .servlet(new Page(READ_IDENTITY.replace("URL", "/app/livechat/identity")), "/spa");
                app.start();
                String identityUrl = app.baseUrl() + LiveChatIdentityServlet.DEFAULT_PATH;
                attacker.servlet(new Page(READ_IDENTITY.replace("URL", identityUrl)), "/evil");
                attacker.start();

                // "localhost" is another site than "127.0.0.1" for the browser
                JsonNode evil = load(chromium, "http://localhost:" + attacker.port() + "/evil");

                assertThat(evil.get("cors").stringValue()).isEqualTo("blocked");
                assertThat(evil.get("noCors").stringValue()).isEqualTo("opaque:0");
                assertThat(evil.get("script").stringValue()).isEqualTo("error");
                assertThat(seen)
                        .as("the script include and both fetches reached the endpoint as cross-site requests")
                        .filteredOn(s -> s.site().equals("cross-site"))
                        .extracting(Seen::mode)
                        .containsExactlyInAnyOrder("cors", "no-cors", "no-cors");
                assertThat(seen)
                        .as("and each was refused: no signed identity left the server")
                        .allSatisfy(s -> assertThat(s.status()).isEqualTo(403));

                seen.clear();
                JsonNode own = load(chromium, app.baseUrl() + "/spa");

                assertThat(own.get("cors").stringValue()).startsWith("200:{").contains("\"lc_identity\":\"ey");
                assertThat(own.get("noCors").stringValue()).startsWith("basic:");
                assertThat(seen).filteredOn(s -> s.site().equals("same-origin")).hasSizeGreaterThanOrEqualTo(2);
            }
        }
    }

    private static JsonNode load(Chromium chromium, String url) {
        chromium.driver().get(url);
        String json;
        try {
            json = (String) chromium.waitFor(
                    "var r = window.__r || {}; return r.cors && r.noCors && r.script ? JSON.stringify(r) : null");
        } catch (AssertionError e) {
            throw new AssertionError(
                    "page " + url + " did not finish: " + chromium.script("return JSON.stringify(window.__r || null)")
                            + " / " + chromium.driver().getPageSource(),
                    e);
        }
        return JSON.readTree(json);
    }
}
