package io.lcbridge.livechat.api;

import io.lcbridge.livechat.api.WebhookRegistration.Desired;
import io.lcbridge.livechat.api.WebhookRegistration.Entry;
import io.lcbridge.livechat.api.WebhookRegistration.Status;
import io.lcbridge.testsupport.livechat.Fault;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Registration diffing: only what is missing or different is registered, one call per action. */
class WebhookRegistrationTest extends FakeBacked {

    private static final String URL = "https://app.example.com/livechat/webhooks";
    private final Desired desired = new Desired(URL, List.of("incoming_chat", "chat_deactivated"), "license", OWNER);

    @Test
    void registersEveryMissingActionOnce() {
        List<Entry> result = WebhookRegistration.with(client).apply(desired, "s3cret");

        assertThat(result)
                .extracting(Entry::action, Entry::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("incoming_chat", Status.REGISTERED),
                        org.assertj.core.groups.Tuple.tuple("chat_deactivated", Status.REGISTERED));
        assertThat(fake.calls("register_webhook")).hasSize(2);
        assertThat(fake.webhooks()).allSatisfy(w -> {
            assertThat(w.get("secret_key").asString()).isEqualTo("s3cret");
            assertThat(w.get("url").asString()).isEqualTo(URL);
        });
    }

    @Test
    void aSecondRunRegistersNothing() {
        WebhookRegistration registration = WebhookRegistration.with(client);
        registration.apply(desired, "s3cret");

        List<Entry> again = registration.apply(desired, "s3cret");

        assertThat(again).extracting(Entry::status).containsOnly(Status.UNCHANGED);
        assertThat(fake.calls("register_webhook")).hasSize(2);
        assertThat(fake.webhooks()).hasSize(2);
    }

    @Test
    void aWebhookWithAnotherUrlOrTypeDoesNotCount() {
        String kept = fake.addWebhook("incoming_chat", URL, "old", OWNER, "license");
        fake.addWebhook("chat_deactivated", "https://old.example.com/hook", "old", OWNER, "license");
        fake.addWebhook("chat_deactivated", URL, "old", OWNER, "bot");

        List<Entry> plan = WebhookRegistration.with(client).plan(desired);

        assertThat(plan)
                .containsExactly(
                        new Entry("incoming_chat", Status.UNCHANGED, kept, URL, "license"),
                        new Entry("chat_deactivated", Status.TO_REGISTER, null, URL, "license"));
        assertThat(fake.calls("register_webhook")).isEmpty();
    }

    @Test
    void aFailedRegistrationStopsTheRunAndTheNextRunResumes() {
        fake.failNext("register_webhook", Fault.error(400, "limit_reached", "Limit reached"));
        WebhookRegistration registration = WebhookRegistration.with(client);

        assertThatThrownBy(() -> registration.apply(desired, "s3cret"))
                .isInstanceOfSatisfying(
                        LiveChatApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo("limit_reached"));
        assertThat(fake.webhooks()).isEmpty();

        assertThat(registration.apply(desired, "s3cret"))
                .extracting(Entry::status)
                .containsOnly(Status.REGISTERED);
    }

    @Test
    void duplicateActionsAreAskedForOnce() {
        Desired twice = new Desired(URL, List.of("incoming_chat", "incoming_chat"), "license", OWNER);
        assertThat(twice.actions()).containsExactly("incoming_chat");
    }
}
