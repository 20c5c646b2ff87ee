package io.lcbridge.widget;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class WidgetOptionsTest {

    @Test
    void hasTheDocumentedDefaults() {
        WidgetOptions options = WidgetOptions.forLicense(12345678);

        assertThat(options.audience()).isEqualTo("12345678");
        assertThat(options.integrationName()).isEqualTo("lcbridge-java");
        assertThat(options.scriptUrl()).isEqualTo(URI.create("https://cdn.livechatinc.com/tracking.js"));
        assertThat(options.noscript()).isTrue();
        assertThat(options.tokenVariable()).isEqualTo("lc_identity");
        assertThat(options.maxTokenLength()).isEqualTo(2000);
        assertThat(options.group()).isEmpty();
        assertThat(options.chatBetweenGroups()).isEmpty();
        assertThat(options.asyncInit()).isFalse();
    }

    @Test
    void theOrganizationIdIsTheAudienceOfTextComAccounts() {
        WidgetOptions options = WidgetOptions.forOrganization("7a8b9c0d-1111");
        assertThat(options.audience()).isEqualTo("7a8b9c0d-1111");
        assertThat(options.license()).isEmpty();
    }

    @Test
    void requiresExactlyOneAccount() {
        assertThatThrownBy(() -> WidgetOptions.builder().build())
                .hasMessageContaining("license")
                .hasMessageContaining("organizationId");
        assertThatThrownBy(() ->
                        WidgetOptions.builder().license(1).organizationId("x").build())
                .hasMessageContaining("not both");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "12a", "-5", "0", "1.5"})
    void refusesALicenseThatIsNotAPositiveNumber(String license) {
        assertThatThrownBy(() -> WidgetOptions.builder().license(license))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("license");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "javascript:alert(1)",
                "//cdn.example.com/t.js",
                "ftp://x/t.js",
                "tracking.js",
                "http:///t.js",
                "///cdn.example.com/t.js",
                "/\\cdn.example.com/t.js",
                "./t.js"
            })
    void refusesAScriptUrlThatIsNeitherAbsoluteHttpNorARootRelativePath(String url) {
        assertThatThrownBy(() -> WidgetOptions.builder().scriptUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("scriptUrl");
    }

    @Test
    void acceptsARootRelativeScriptPathSoItWorksOnAnyPortAndBehindProxies() {
        WidgetOptions options = WidgetOptions.builder()
                .license(5)
                .scriptUrl("/demo/tracking.js")
                .build();
        assertThat(options.scriptUrl()).isEqualTo(URI.create("/demo/tracking.js"));
    }

    @Test
    void namesTheBadSettingInEveryError() {
        assertThatThrownBy(() -> WidgetOptions.builder().group(-1)).hasMessageContaining("group");
        assertThatThrownBy(() -> WidgetOptions.builder().organizationId("a b")).hasMessageContaining("organizationId");
        assertThatThrownBy(() -> WidgetOptions.builder().integrationName("caf\u00e9"))
                .hasMessageContaining("integrationName");
        assertThatThrownBy(() -> WidgetOptions.builder().tokenVariable("")).hasMessageContaining("tokenVariable");
        assertThatThrownBy(() -> WidgetOptions.builder().maxTokenLength(99)).hasMessageContaining("maxTokenLength");
    }

    @Test
    void toBuilderCopiesEverySetting() {
        WidgetOptions options = WidgetOptions.builder()
                .license(5)
                .group(3)
                .chatBetweenGroups(true)
                .asyncInit(true)
                .integrationName("x")
                .scriptUrl("https://proxy.example.com/tracking.js")
                .noscript(false)
                .tokenVariable("t")
                .maxTokenLength(500)
                .build();
        assertThat(options.toBuilder().build()).isEqualTo(options).hasSameHashCodeAs(options);
        assertThat(options.toString()).contains("license=5").contains("group=3");
    }
}
