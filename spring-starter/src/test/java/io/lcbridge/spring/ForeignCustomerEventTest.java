package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A token replayed by another LiveChat customer reaches Spring listeners as FOREIGN_CUSTOMER, without identity. */
final class ForeignCustomerEventTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class))
            .withPropertyValues(
                    "livechat.license=12345678",
                    "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET,
                    "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY);

    @Configuration(proxyBeanMethods = false)
    static class Events {
        final List<LiveChatWebhookEvent> received = new ArrayList<>();

        @EventListener
        void on(LiveChatWebhookEvent event) {
            received.add(event);
        }
    }

    @Test
    void replayedTokenIsPublishedAsForeignCustomerWithoutAVerifiedIdentity() {
        runner.withUserConfiguration(Events.class).run(context -> {
            CustomerIdentity alice = CustomerIdentity.builder("alice").build();
            String token = IdentitySigner.builder(context.getBean(IdentityKeySet.class), "12345678")
                    .build()
                    .sign(alice)
                    .token();
            LiveChatWebhooks webhooks = context.getBean(LiveChatWebhooks.class);
            byte[] aliceChat = TestWebhooks.incomingChat(token, null, null);
            byte[] replay = new String(aliceChat, StandardCharsets.UTF_8)
                    .replace("PJ0MRSHTDG", "REPLAY0001")
                    .replace("b7eff798-f8df-4364-8059-649c35c9ed0c", "0a5b3c1d-6e7f-4a8b-9c0d-1e2f3a4b5c6d")
                    .getBytes(StandardCharsets.UTF_8);

            assertThat(webhooks.process(aliceChat, WebhookHeaders.none(), Instant.now())
                            .httpStatus())
                    .isEqualTo(200);
            assertThat(webhooks.process(replay, WebhookHeaders.none(), Instant.now())
                            .httpStatus())
                    .isEqualTo(200);

            List<LiveChatWebhookEvent> events = context.getBean(Events.class).received;
            assertThat(events).hasSize(2);
            assertThat(events.get(0).status()).isEqualTo(TokenStatus.VERIFIED);
            assertThat(events.get(0).verifiedIdentity()).hasValue(alice);
            assertThat(events.get(1)).isInstanceOfSatisfying(LiveChatWebhookEvent.IncomingChat.class, chat -> {
                assertThat(chat.status()).isEqualTo(TokenStatus.FOREIGN_CUSTOMER);
                assertThat(chat.verifiedIdentity()).isEmpty();
                assertThat(chat.payload().chatId()).isEqualTo("REPLAY0001");
            });
        });
    }
}
