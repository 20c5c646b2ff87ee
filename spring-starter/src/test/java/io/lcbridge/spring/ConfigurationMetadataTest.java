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
                        "livechat.signing.ttl",
                        "livechat.widget.script-url",
                        "livechat.widget.anonymous",
                        "livechat.filter.enabled",
                        "livechat.filter.position",
                        "livechat.filter.include-paths",
                        "livechat.filter.exclude-paths",
                        "livechat.webhook.enabled",
                        "livechat.webhook.path",
                        "livechat.webhook.secret-keys",
                        "livechat.webhook.hmac-header",
                        "livechat.webhook.store",
                        "livechat.webhook.claim-lease",
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
        assertThat(properties.get("livechat.signing.ttl").path("type").asString())
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
    }

    @Test
    void hintsFromTheAdditionalMetadataAreMerged() throws IOException {
        JsonNode metadata = metadata();

        assertThat(metadata.path("hints").valueStream().map(h -> h.path("name").asString()))
                .contains("livechat.signing.jwk-set");
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
