package io.lcbridge.demo;

import io.lcbridge.spring.LiveChatWebhookEvent;
import io.lcbridge.verifier.WebhookEvent;
import io.lcbridge.verifier.WebhookPayload;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /events} says "newest first": it is, by arrival, even when deliveries are dispatched out of order. */
class DemoEventsOrderTest {

    @Test
    void eventsAreListedNewestFirstByArrivalWhateverTheDispatchOrder() {
        ReceivedWebhooks received = new ReceivedWebhooks();
        Instant t0 = Instant.parse("2026-11-30T10:00:00Z");
        // dispatched in the order 2, 3, 1 (as concurrent deliveries may be)
        for (int i : new int[] {2, 3, 1}) {
            String chatId = "CHAT" + i;
            received.simulatedBy(chatId, "alice");
            received.on(deactivated(chatId, t0.plusSeconds(i)));
        }

        assertThat(received.recentFor("alice"))
                .extracting(ReceivedWebhooks.Received::chatId)
                .containsExactly("CHAT3", "CHAT2", "CHAT1");
    }

    private static LiveChatWebhookEvent deactivated(String chatId, Instant at) {
        WebhookPayload.ChatDeactivated payload = new WebhookPayload.ChatDeactivated(chatId, "T" + chatId, null);
        WebhookEvent webhook = new WebhookEvent(
                "chat_deactivated",
                "w",
                "o",
                at,
                payload,
                JsonMapper.builder().build().createObjectNode(),
                Optional.empty(),
                Optional.empty());
        return new LiveChatWebhookEvent.ChatDeactivated(webhook, payload);
    }
}
