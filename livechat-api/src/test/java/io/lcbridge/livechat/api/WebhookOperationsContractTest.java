package io.lcbridge.livechat.api;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Configuration API webhook methods: request shapes as documented, answers mapped. */
class WebhookOperationsContractTest extends FakeBacked {

    @Test
    void registerWebhookSendsTheDocumentedParametersAndReturnsTheId() {
        RegisteredWebhook registered = client.registerWebhook(RegisterWebhookRequest.license(
                        "chat_deactivated", "https://app.example.com/livechat/webhooks", "laudla991lamda0pnoaa0", OWNER)
                .withDescription("Test webhook"));

        assertThat(registered.id()).hasSize(25);
        assertThat(onlyCall("configuration", "register_webhook").body())
                .isEqualTo(json("{\"action\":\"chat_deactivated\",\"secret_key\":\"laudla991lamda0pnoaa0\","
                        + "\"url\":\"https://app.example.com/livechat/webhooks\",\"owner_client_id\":\"" + OWNER
                        + "\",\"type\":\"license\",\"description\":\"Test webhook\"}"));
    }

    @Test
    void registerWebhookCarriesFiltersAndAdditionalData() {
        client.registerWebhook(new RegisterWebhookRequest(
                "incoming_event",
                "s3cret-key",
                "https://app.example.com/hook",
                OWNER,
                "license",
                null,
                List.of("chat_properties"),
                Map.of("author_type", "customer")));

        assertThat(onlyCall("configuration", "register_webhook").body().get("filters"))
                .isEqualTo(json("{\"author_type\":\"customer\"}"));
        assertThat(fake.calls("register_webhook").get(0).body().get("additional_data"))
                .isEqualTo(json("[\"chat_properties\"]"));
    }

    @Test
    void registerWebhookRequestNeverPrintsItsSecret() {
        RegisterWebhookRequest request =
                RegisterWebhookRequest.license("incoming_chat", "https://a.example/h", "top-secret-key", OWNER);
        assertThat(request.toString()).doesNotContain("top-secret-key").contains("incoming_chat");
    }

    @Test
    void registerWebhookRefusesAnUrlLongerThanLiveChatAccepts() {
        String url = "https://a.example/" + "x".repeat(500);
        assertThatThrownBy(() -> RegisterWebhookRequest.license("incoming_chat", url, "k", OWNER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500");
    }

    @Test
    void listWebhooksMapsTheDocumentedArrayWithoutSecrets() {
        fake.addWebhook("incoming_chat", "https://a.example/h", "secret-1", OWNER, "license");
        fake.addWebhook("incoming_chat", "https://other.example/h", "secret-2", "someone-else", "license");

        List<Webhook> webhooks = client.listWebhooks(OWNER);

        assertThat(webhooks).singleElement().satisfies(w -> {
            assertThat(w.action()).isEqualTo("incoming_chat");
            assertThat(w.url()).isEqualTo("https://a.example/h");
            assertThat(w.ownerClientId()).isEqualTo(OWNER);
            assertThat(w.type()).isEqualTo("license");
            assertThat(w.id()).isNotBlank();
        });
        assertThat(onlyCall("configuration", "list_webhooks").body())
                .isEqualTo(json("{\"owner_client_id\":\"" + OWNER + "\"}"));
    }

    @Test
    void listWebhooksReadsTheDocsSampleIncludingFilters() throws Exception {
        // the sample of docs payloads/management/v3.6/configuration-api/responses/webhooks/listWebhooks.json
        String sample = "[{\"id\":\"pqi8oasdjahuakndw9nsad9na\",\"url\":\"http://myservice.com/webhooks\","
                + "\"description\":\"Test webhook\",\"action\":\"chat_deactivated\",\"filters\":{\"chat_presence\":"
                + "{\"user_ids\":{\"values\":[\"johndoe@mail.com\"]},\"my_bots\":true}},"
                + "\"owner_client_id\":\"asXdesldiAJSq9padj\",\"type\":\"license\"}]";
        List<Webhook> parsed = LiveChatApiClient.newMapper()
                .readValue(
                        sample,
                        LiveChatApiClient.newMapper()
                                .getTypeFactory()
                                .constructCollectionType(List.class, Webhook.class));
        assertThat(parsed).singleElement().satisfies(w -> {
            assertThat(w.id()).isEqualTo("pqi8oasdjahuakndw9nsad9na");
            assertThat(w.description()).isEqualTo("Test webhook");
            assertThat(w.filters()).containsKey("chat_presence");
        });
    }

    @Test
    void unregisterWebhookSendsIdAndOwner() {
        String id = fake.addWebhook("incoming_chat", "https://a.example/h", "secret-1", OWNER, "license");

        client.unregisterWebhook(id, OWNER);

        assertThat(onlyCall("configuration", "unregister_webhook").body())
                .isEqualTo(json("{\"id\":\"" + id + "\",\"owner_client_id\":\"" + OWNER + "\"}"));
        assertThat(fake.webhooks()).isEmpty();
    }

    @Test
    void unregisteringAnUnknownWebhookNamesNotFound() {
        assertThatThrownBy(() -> client.unregisterWebhook("nope", OWNER))
                .isInstanceOfSatisfying(LiveChatApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("not_found");
                    assertThat(e.method()).isEqualTo("configuration/unregister_webhook");
                    assertThat(e.httpStatus()).isEqualTo(404);
                });
    }

    @Test
    void enableLicenseWebhooksAndReadTheState() {
        fake.licenseWebhooksEnabled(false);
        assertThat(client.getLicenseWebhooksState(OWNER).enabled()).isFalse();

        client.enableLicenseWebhooks(OWNER);

        assertThat(client.getLicenseWebhooksState(OWNER)).isEqualTo(new LicenseWebhooksState(true));
        assertThat(onlyCall("configuration", "enable_license_webhooks").body())
                .isEqualTo(json("{\"owner_client_id\":\"" + OWNER + "\"}"));
        assertThat(fake.calls("get_license_webhooks_state").get(0).body())
                .isEqualTo(json("{\"owner_client_id\":\"" + OWNER + "\"}"));
    }

    @Test
    void withABearerTokenTheOwnerMayBeLeftOut() {
        fake.requireBearer("bot-token-1");
        LiveChatApiClient bot = LiveChatApiClient.builder()
                .apiUrl(fake.apiUrl())
                .bearerToken(() -> "bot-token-1")
                .build();

        bot.enableLicenseWebhooks(null);

        assertThat(fake.calls("enable_license_webhooks").get(0).body()).isEqualTo(json("{}"));
        assertThat(fake.calls("enable_license_webhooks").get(0).authorization()).isEqualTo("Bearer bot-token-1");
    }
}
