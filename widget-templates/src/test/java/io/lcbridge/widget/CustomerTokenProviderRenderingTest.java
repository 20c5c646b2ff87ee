package io.lcbridge.widget;

import io.lcbridge.core.CustomerIdentity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The custom identity provider in a signed-in page's snippet (customer identity binding). */
final class CustomerTokenProviderRenderingTest {

    private static final WidgetOptions OPTIONS = WidgetOptions.forLicense(12345678);
    private final WidgetSnippetRenderer renderer =
            WidgetSnippetRenderer.builder(OPTIONS).signer(TestFixtures.signer()).build();
    private final CustomerTokenProvider provider = CustomerTokenProvider.of("/app/livechat/customer-token", "dXNlcg");

    private static CustomerIdentity alice() {
        return CustomerIdentity.builder("user-1").name("Alice").build();
    }

    @Test
    void definesTheProviderBeforeTheLoaderInTheOneScriptWithTheNonce() {
        SnippetResult result = renderer.render(alice(), null, "bm9uY2U=", provider);

        String html = result.html();
        assertThat(result.identityRendered()).isTrue();
        assertThat(renderer.supportsCustomerTokenProvider()).isTrue();
        assertThat(html).startsWith("<!-- Start of LiveChat (www.livechat.com) code -->\n<script nonce=\"bm9uY2U=\">");
        int providerAt = html.indexOf("window.__lc.custom_identity_provider = function () {");
        int loaderAt = html.indexOf("_v:\"2.0\"");
        assertThat(providerAt).isPositive().isLessThan(loaderAt);
        assertThat(html)
                .contains("var url = \"\\u002Fapp\\u002Flivechat\\u002Fcustomer-token\", user = \"dXNlcg\"")
                .contains("\"X-LiveChat-Customer-Token\": \"1\"")
                .contains("LiveChatWidget.call(\"set_customer_name\", \"Alice\");");
        assertThat(html.chars().allMatch(c -> c < 0x7f)).isTrue();
        assertThat(html.indexOf("<script", html.indexOf("<script") + 1)).isNegative();
        assertThat(html).doesNotContain("accessToken\":");
    }

    @Test
    void anonymousVisitorsAndPagesWithoutProviderKeepLiveChatsCookieIdentity() {
        assertThat(renderer.render(null, null, null, provider).html()).doesNotContain("custom_identity_provider");
        assertThat(renderer.render(alice(), null, null, null).html()).doesNotContain("custom_identity_provider");
        assertThat(renderer.render(alice(), null).html()).doesNotContain("custom_identity_provider");
    }

    @Test
    void theForgetPageDropsTheKeptTokenOnlyWhenAsked() {
        String withToken = renderer.renderForget("bm9uY2U=", true).html();
        String without = renderer.renderForget("bm9uY2U=", false).html();

        assertThat(withToken)
                .contains("window.sessionStorage.removeItem(\"lcbridge_customer_token\")")
                .contains("LiveChatWidget.call(\"set_customer_name\", \" \");")
                .doesNotContain("custom_identity_provider");
        assertThat(without).doesNotContain("lcbridge_customer_token");
    }

    @Test
    void endpointMustBeRootRelativeAndUserKeyBase64url() {
        assertThatThrownBy(() -> CustomerTokenProvider.of("//evil.example/x", "k"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CustomerTokenProvider.of("https://evil.example/x", "k"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CustomerTokenProvider.of("/x\"+alert(1)+\"", "k"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CustomerTokenProvider.of("/x", "a\"b")).isInstanceOf(IllegalArgumentException.class);
    }
}
