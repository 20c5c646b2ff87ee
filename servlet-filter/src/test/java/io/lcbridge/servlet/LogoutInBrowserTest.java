package io.lcbridge.servlet;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.BrowserShop.LateFilter;
import io.lcbridge.servlet.BrowserShop.Shop;
import io.lcbridge.testsupport.browser.Chromium;
import io.lcbridge.widget.WidgetOptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The logout proof in headless Chromium, on Jetty with real HTTP sessions: a user signs in and the widget receives
 * their identity; the user logs out (the session is invalidated) and the next page overwrites the name, email and
 * session variables the widget kept, and the browser's mark is gone; the page after that emits no clearing call.
 * The stand-in {@code tracking.js} keeps the LiveChat customer across pages, as LiveChat does, and refuses empty names
 * and emails, as tracking.js does.
 */
final class LogoutInBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII)));

    @Test
    void afterLogoutTheNextPageClearsWhatTheWidgetKeptAndTheOneAfterClearsNothing() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip()) {
            LateFilter filter = new LateFilter();
            try (LoopbackJetty jetty = LoopbackJetty.withSessions("/app")
                    .filter(filter, "/*")
                    .servlet(new Shop("/browser/tracking-customer-stand-in.js", false), "/*")) {
                jetty.start();
                String base = jetty.baseUrl();
                filter.delegate = LiveChatWidgetFilter.builder(WidgetOptions.builder()
                                .license(12345678)
                                .scriptUrl(base + "/tracking.js")
                                .build())
                        .signingKeys(KEYS)
                        .identityResolver(BrowserShop::signedInAlice)
                        .build();

                // 1. signed in: the widget receives the identity, the browser is marked
                JsonNode signedIn = load(chromium, base + "/login?user=alice");
                assertThat(signedIn.get("customer").get("name").stringValue()).isEqualTo("Alice Liddell");
                assertThat(signedIn.get("customer").get("email").stringValue()).isEqualTo("alice@example.com");
                assertThat(signedIn.get("customer").get("vars").get("plan").stringValue())
                        .isEqualTo("gold");
                assertThat(signedIn.get("customer")
                                .get("vars")
                                .get("lc_identity")
                                .stringValue())
                        .startsWith("ey");
                assertThat(chromium.driver().manage().getCookieNamed("lcbridge_identified"))
                        .isNotNull()
                        .satisfies(cookie -> assertThat(cookie.isHttpOnly()).isTrue());

                // 2. logged out: the first anonymous page overwrites what the widget kept and drops the mark
                JsonNode afterLogout = load(chromium, base + "/logout");
                assertThat(afterLogout.get("recorded").toString())
                        .isEqualTo("[[\"call\",[\"set_session_variables\",{\"lc_identity\":\"\"}]],"
                                + "[\"call\",[\"set_customer_name\",\" \"]],"
                                + "[\"call\",[\"set_customer_email\",\" \"]]]");
                assertThat(afterLogout.get("refused").size())
                        .as("the widget refused none of the clearing calls")
                        .isZero();
                JsonNode cleared = afterLogout.get("customer");
                assertThat(cleared.get("name").stringValue()).isBlank();
                assertThat(cleared.get("email").stringValue()).isBlank();
                assertThat(cleared.get("vars").toString()).isEqualTo("{\"lc_identity\":\"\"}");
                assertThat(afterLogout.toString()).doesNotContain("alice").doesNotContain("Alice");
                assertThat(chromium.driver().manage().getCookieNamed("lcbridge_identified"))
                        .isNull();

                // 3. the next anonymous page emits no clearing call; the widget stays cleared
                JsonNode later = load(chromium, base + "/page");
                assertThat(later.get("recorded").size()).isZero();
                assertThat(later.get("customer")).isEqualTo(cleared);
                assertThat(chromium.driver().manage().getCookieNamed("lcbridge_identified"))
                        .isNull();
            }
        }
    }

    /** Opens {@code url} and returns what the stand-in recorded on that page and the customer it keeps. */
    private static JsonNode load(Chromium chromium, String url) {
        chromium.driver().get(url);
        String json = (String) chromium.waitFor("return window.__done && document.getElementById('page')"
                + " ? JSON.stringify({recorded: window.__recorded, customer: window.__customer(),"
                + " refused: window.__refused}) : null");
        return JSON.readTree(json);
    }
}
