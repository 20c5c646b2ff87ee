package io.lcbridge.spring;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The metadata the configuration processor generated from {@link LiveChatProperties}: what IDEs complete. */
final class ConfigurationMetadataTest {

    @Test
    void everyPropertyIsDescribedAndDefaultsAreListed() throws IOException {
        Map<String, JsonNode> properties = properties();

        assertThat(properties)
                .containsKeys(
                        "livechat.license",
                        "livechat.organization-id",
                        "livechat.group",
                        "livechat.chat-between-groups",
                        "livechat.signing.secret",
                        "livechat.signing.jwk-set",
                        "livechat.signing.token-lifetime",
                        "livechat.widget.script-url",
                        "livechat.widget.anonymous-visitors",
                        "livechat.filter.enabled",
                        "livechat.filter.injection-point",
                        "livechat.filter.include-paths",
                        "livechat.filter.exclude-paths",
                        "livechat.webhook.enabled",
                        "livechat.webhook.path",
                        "livechat.webhook.secret-keys",
                        "livechat.webhook.signature-secrets",
                        "livechat.webhook.signature-tolerance",
                        "livechat.webhook.hmac-header",
                        "livechat.webhook.store",
                        "livechat.webhook.claim-lease",
                        "livechat.webhook.verified-token-cache-size",
                        "livechat.spa.enabled",
                        "livechat.spa.path",
                        "livechat.signing.publish-jwks",
                        "livechat.signing.jwks-path",
                        "livechat.signing.jwks-max-age",
                        "livechat.webhook.jwks-url",
                        "livechat.webhook.jwks-cache-ttl",
                        "livechat.webhook.jwks-min-refresh-interval");
        assertThat(properties.values())
                .allSatisfy(p -> assertThat(p.path("description").asString())
                        .as("description of %s", p.path("name").asString())
                        .isNotBlank()
                        .doesNotStartWith("The "));
        assertThat(properties.get("livechat.webhook.path").path("defaultValue").asString())
                .isEqualTo("/webhooks/livechat");
        assertThat(properties
                        .get("livechat.signing.token-lifetime")
                        .path("type")
                        .asString())
                .isEqualTo("java.time.Duration");
        assertThat(properties.get("livechat.webhook.store").path("defaultValue").asString())
                .isEqualTo("memory");
        assertThat(properties
                        .get("livechat.webhook.claim-lease")
                        .path("defaultValue")
                        .asString())
                .isEqualTo("20s");
        assertThat(properties.get("livechat.webhook.claim-lease").path("type").asString())
                .isEqualTo("java.time.Duration");
        assertThat(properties
                        .get("livechat.webhook.verified-token-cache-size")
                        .path("defaultValue")
                        .asInt())
                .isEqualTo(1024);
        assertThat(metadata()
                        .path("hints")
                        .valueStream()
                        .filter(h -> h.path("name").asString().equals("livechat.filter.injection-point"))
                        .flatMap(h -> h.path("values").valueStream())
                        .filter(v -> v.path("value").asString().equals("before-head-end"))
                        .map(v -> v.path("description").asString()))
                .as("the snippet goes into the head unless the app chooses the body")
                .singleElement()
                .asString()
                .contains("(the default)");
    }

    @Test
    void renamedPropertiesAreListedAsDeprecatedWithTheirReplacement() throws IOException {
        Map<String, JsonNode> properties = properties();

        Map<String, String> renamed = Map.of(
                "livechat.signing.ttl", "livechat.signing.token-lifetime",
                "livechat.filter.position", "livechat.filter.injection-point",
                "livechat.widget.anonymous", "livechat.widget.anonymous-visitors",
                "livechat.webhook.hmac-secrets", "livechat.webhook.signature-secrets",
                "livechat.webhook.hmac-tolerance", "livechat.webhook.signature-tolerance");
        renamed.forEach((old, replacement) -> {
            assertThat(properties).containsKeys(old, replacement);
            assertThat(properties.get(old).path("description").asString())
                    .as("description of %s", old)
                    .startsWith("Deprecated: use ");
            JsonNode deprecation = properties.get(old).path("deprecation");
            assertThat(deprecation.path("replacement").asString())
                    .as("replacement of %s", old)
                    .isEqualTo(replacement);
            assertThat(properties.get(replacement).path("deprecation").isMissingNode())
                    .as("%s is not deprecated", replacement)
                    .isTrue();
        });
        assertThat(properties
                        .get("livechat.filter.injection-point")
                        .path("type")
                        .asString())
                .isEqualTo("io.lcbridge.servlet.InjectionPoint");
        assertThat(properties
                        .get("livechat.widget.anonymous-visitors")
                        .path("type")
                        .asString())
                .isEqualTo("io.lcbridge.servlet.AnonymousVisitors");
    }

    @Test
    void hintsFromTheAdditionalMetadataAreMerged() throws IOException {
        JsonNode metadata = metadata();

        assertThat(metadata.path("hints").valueStream().map(h -> h.path("name").asString()))
                .contains("livechat.signing.jwk-set", "livechat.filter.injection-point");
    }

    private static Map<String, JsonNode> properties() throws IOException {
        Map<String, JsonNode> byName = new HashMap<>();
        metadata().path("properties").forEach(p -> byName.put(p.path("name").asString(), p));
        return byName;
    }

    private static JsonNode metadata() throws IOException {
        try (InputStream in =
                LiveChatProperties.class.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            return JsonMapper.builder().build().readTree(in);
        }
    }
}
