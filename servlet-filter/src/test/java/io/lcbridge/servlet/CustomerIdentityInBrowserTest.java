package io.lcbridge.servlet;

import io.lcbridge.testsupport.browser.Chromium;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Customer identity binding in headless Chromium on Jetty 12: the signed-in page's custom identity provider feeds a
 * stand-in {@code tracking.js} that uses it the way LiveChat's widget does (getToken on load, getFreshToken on expiry,
 * invalidate + getFreshToken when a token is refused). The same user is the same LiveChat customer in every session;
 * after logout the page carries no provider, the kept token is gone, and the visitor is LiveChat's anonymous cookie
 * customer; the next user gets their own customer.
 */
final class CustomerIdentityInBrowserTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aSignedInUserIsOneLiveChatCustomerAndTheNextPersonAfterLogoutIsNot() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip();
                CustomerIdentityFixture app = new CustomerIdentityFixture(Duration.ofSeconds(5), 100)) {
            // anonymous: LiveChat's own cookie identity, no provider on the page
            JsonNode anonymous = load(chromium, app.base + "/page");
            assertThat(anonymous.get("mode").stringValue()).isEqualTo("cookie");
            String cookieCustomer = anonymous.get("entityId").stringValue();
            assertThat(pageSource(chromium)).doesNotContain("custom_identity_provider");

            // alice signs in: the provider fetches her customer token from the app (never inlined in the page)
            JsonNode alice = load(chromium, app.base + "/login?user=alice");
            assertThat(alice.get("mode").stringValue()).isEqualTo("custom");
            String aliceCustomer = alice.get("entityId").stringValue();
            assertThat(app.store.find("alice")).contains(aliceCustomer);
            assertThat(alice.get("licenseId").asLong()).isEqualTo(CustomerIdentityFixture.LICENSE);
            assertThat(alice.get("tokenType").stringValue()).isEqualTo("Bearer");
            assertThat(alice.get("expiresIn").asLong()).isEqualTo(28_800_000L);
            assertThat(providerCalls(chromium)).isEqualTo("[\"getToken\"]");
            String page = pageSource(chromium);
            assertThat(page).contains("window.__lc.custom_identity_provider = function () {");
            assertThat(page)
                    .doesNotContain(app.fake
                            .issuedCustomerTokens()
                            .get(0)
                            .get("access_token")
                            .stringValue());
            assertThat(app.metrics.count("issued")).isEqualTo(1);

            // the next page resolves getToken from the token the provider kept: no request to the app
            JsonNode again = load(chromium, app.base + "/page");
            assertThat(again.get("entityId").stringValue()).isEqualTo(aliceCustomer);
            assertThat(app.metrics.count("issued")).isEqualTo(1);

            // LiveChat refuses the token: invalidate, then getFreshToken asks the app for a newly issued one
            chromium.script("window.__rejectToken()");
            JsonNode refreshed = JSON.readTree((String)
                    chromium.waitFor("return window.__identity && window.__identity.how === 'fresh-after-invalidate'"
                            + " ? JSON.stringify(window.__identity) : null"));
            assertThat(refreshed.get("entityId").stringValue()).isEqualTo(aliceCustomer);
            assertThat(providerCalls(chromium)).isEqualTo("[\"getToken\",\"invalidate\",\"getFreshToken\"]");
            assertThat(app.fake.calls(io.lcbridge.testsupport.livechat.FakeLiveChat.CUSTOMER_TOKEN))
                    .hasSize(2);

            // logout: the page has no provider, the kept token is dropped, the visitor is the cookie customer again
            JsonNode afterLogout = load(chromium, app.base + "/logout");
            assertThat(afterLogout.get("mode").stringValue()).isEqualTo("cookie");
            assertThat(afterLogout.get("entityId").stringValue())
                    .isEqualTo(cookieCustomer)
                    .isNotEqualTo(aliceCustomer);
            assertThat(pageSource(chromium))
                    .doesNotContain("custom_identity_provider")
                    .contains("sessionStorage.removeItem(\"lcbridge_customer_token\")");
            assertThat(chromium.script("return window.sessionStorage.getItem('lcbridge_customer_token')"))
                    .isNull();
            // and the endpoint answers nobody: 401 for the anonymous page, no-store
            Object status = ((org.openqa.selenium.JavascriptExecutor) chromium.driver())
                    .executeAsyncScript("var done = arguments[arguments.length - 1];"
                            + " fetch('/app/livechat/customer-token', {method: 'POST',"
                            + " headers: {'X-LiveChat-Customer-Token': '1'}})"
                            + ".then(function (r) { done(r.status + ' ' + r.headers.get('Cache-Control')); });");
            assertThat(status).isEqualTo("401 no-store");

            // bob signs in on the same device: his own customer, not alice's
            JsonNode bob = load(chromium, app.base + "/login?user=bob");
            assertThat(bob.get("mode").stringValue()).isEqualTo("custom");
            assertThat(bob.get("entityId").stringValue()).isNotEqualTo(aliceCustomer);

            // alice again, in a new session: the same LiveChat customer as before (the binding is reused)
            load(chromium, app.base + "/logout");
            JsonNode aliceAgain = load(chromium, app.base + "/login?user=alice");
            assertThat(aliceAgain.get("entityId").stringValue()).isEqualTo(aliceCustomer);
            assertThat(app.fake.createdCustomers()).hasSize(2);
        }
    }

    @Test
    void anExpiringTokenIsRenewedThroughGetFreshToken() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip();
                CustomerIdentityFixture app = new CustomerIdentityFixture(Duration.ofSeconds(5), 100)) {
            app.fake.customerTokenLifetime(Duration.ofSeconds(3));

            JsonNode first = load(chromium, app.base + "/login?user=alice");
            assertThat(first.get("expiresIn").asLong()).isEqualTo(3000L);

            JsonNode renewed = JSON.readTree(
                    (String) chromium.waitFor("return window.__identity && window.__identity.how === 'fresh-on-expiry'"
                            + " ? JSON.stringify(window.__identity) : null"));
            assertThat(renewed.get("entityId").stringValue())
                    .isEqualTo(first.get("entityId").stringValue());
            assertThat(renewed.get("creationDate").asLong())
                    .isGreaterThan(first.get("creationDate").asLong());
            assertThat(providerCalls(chromium)).startsWith("[\"getToken\",\"getFreshToken\"");
        }
    }

    @Test
    void whenTheAccountsServiceIsDownTheSignedInPageKeepsTheSessionVariableIdentity() throws Exception {
        try (Chromium chromium = Chromium.startOrSkip();
                CustomerIdentityFixture app = new CustomerIdentityFixture(Duration.ofSeconds(5), 100)) {
            app.fake.customerAccountsDown(true);

            JsonNode page = load(chromium, app.base + "/login?user=alice");

            assertThat(page.get("mode").stringValue()).isEqualTo("cookie");
            String source = pageSource(chromium);
            assertThat(source).doesNotContain("custom_identity_provider");
            assertThat(source).contains("LiveChatWidget.call(\"set_session_variables\", {\"lc_identity\":\"ey");
            assertThat(app.metrics.failures).containsExactly("CUSTOMER_TOKEN:accounts_transport");
        }
    }

    private static JsonNode load(Chromium chromium, String url) {
        chromium.driver().get(url);
        String json = (String) chromium.waitFor("return window.__done && document.getElementById('page')"
                + " ? JSON.stringify(window.__identity) : null");
        return JSON.readTree(json);
    }

    private static String providerCalls(Chromium chromium) {
        return (String) chromium.script("return JSON.stringify(window.__providerCalls)");
    }

    private static String pageSource(Chromium chromium) {
        return (String) chromium.script("return document.documentElement.outerHTML");
    }
}
