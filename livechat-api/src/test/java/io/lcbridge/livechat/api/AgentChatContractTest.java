package io.lcbridge.livechat.api;

import io.lcbridge.testsupport.livechat.FakeLiveChat;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Agent Chat Web API: {@code send_event}, {@code get_chat}, {@code get_customer}. */
class AgentChatContractTest extends FakeBacked {

    @Test
    void anInternalNoteIsAMessageWithAgentsVisibility() {
        SentEvent sent = client.sendEvent("PW94SJTGW6", Event.internalNote("Identity verified: Ada Lovelace"));

        assertThat(sent.eventId()).isNotBlank();
        assertThat(onlyCall("agent", "send_event").body())
                .isEqualTo(json("{\"chat_id\":\"PW94SJTGW6\",\"event\":{\"text\":\"Identity verified: Ada Lovelace\","
                        + "\"visibility\":\"agents\",\"type\":\"message\"}}"));
        assertThat(fake.sentEvents("PW94SJTGW6"))
                .singleElement()
                .satisfies(e -> assertThat(e.get("visibility").asString()).isEqualTo("agents"));
    }

    @Test
    void aPlainMessageIsVisibleToAll() {
        client.sendEvent("PW94SJTGW6", Event.message("hello world").withCustomId("note-1"));

        assertThat(onlyCall("agent", "send_event").body().get("event"))
                .isEqualTo(
                        json(
                                "{\"text\":\"hello world\",\"visibility\":\"all\",\"custom_id\":\"note-1\",\"type\":\"message\"}"));
    }

    @Test
    void aRichMessageWithCardsAndButtonsHasTheDocumentedShape() {
        RichMessageEvent cards = RichMessageEvent.cards(List.of(new RichMessageEvent.Element(
                "Your order",
                "Shipped yesterday",
                new RichMessageEvent.Image("https://example.com/box.png", "box.png", "a box"),
                List.of(
                        RichMessageEvent.Button.message("Where is it?", "Where is my order?", "where"),
                        RichMessageEvent.Button.url("Track", "https://example.com/track", "track")))));

        client.sendEvent("PW94SJTGW6", cards);

        assertThat(onlyCall("agent", "send_event").body().get("event"))
                .isEqualTo(
                        json(
                                "{\"template_id\":\"cards\",\"elements\":[{\"title\":\"Your order\",\"subtitle\":\"Shipped yesterday\","
                                        + "\"image\":{\"url\":\"https://example.com/box.png\",\"name\":\"box.png\",\"alternative_text\":\"a box\"},"
                                        + "\"buttons\":[{\"text\":\"Where is it?\",\"type\":\"message\",\"value\":\"Where is my order?\","
                                        + "\"postback_id\":\"where\",\"user_ids\":[]},"
                                        + "{\"text\":\"Track\",\"type\":\"url\",\"value\":\"https://example.com/track\",\"postback_id\":\"track\","
                                        + "\"user_ids\":[],\"target\":\"new\"}]}],\"visibility\":\"all\",\"type\":\"rich_message\"}"));
    }

    @Test
    void aMessageOverSixteenKilobytesIsRefusedBeforeSending() {
        assertThatThrownBy(() -> Event.internalNote("é".repeat(8 * 1024 + 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 KB");
    }

    @Test
    void getChatSendsChatAndThreadAndMapsTheDocsSample() {
        Chat chat = client.getChat(FakeLiveChat.SAMPLE_CHAT_ID, "K600PKZON8");

        assertThat(onlyCall("agent", "get_chat").body())
                .isEqualTo(json("{\"chat_id\":\"PJ0MRSHTDG\",\"thread_id\":\"K600PKZON8\"}"));
        assertThat(chat.id()).isEqualTo("PJ0MRSHTDG");
        assertThat(chat.thread().id()).isEqualTo("K600PKZON8");
        assertThat(chat.thread().active()).isTrue();
        assertThat(chat.thread().createdAt()).isEqualTo(Instant.parse("2020-05-07T07:11:28.288340Z"));
        assertThat(chat.thread().events()).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo("message");
            assertThat(e.text()).isEqualTo("Hello");
            assertThat(e.authorId()).isEqualTo("smith@example.com");
        });
        assertThat(chat.customer())
                .hasValueSatisfying(u -> assertThat(u.id()).isEqualTo("b7eff798-f8df-4364-8059-649c35c9ed0c"));
        assertThat(chat.access().groupIds()).containsExactly(0);
        assertThat(chat.isFollowed()).isTrue();
    }

    @Test
    void getChatWithoutThreadLeavesTheThreadOut() {
        client.getChat(FakeLiveChat.SAMPLE_CHAT_ID);
        assertThat(onlyCall("agent", "get_chat").body()).isEqualTo(json("{\"chat_id\":\"PJ0MRSHTDG\"}"));
    }

    @Test
    void getCustomerMapsTheDocsSample() {
        Customer customer = client.getCustomer(FakeLiveChat.SAMPLE_CUSTOMER_ID);

        assertThat(onlyCall("agent", "get_customer").body())
                .isEqualTo(json("{\"id\":\"b7eff798-f8df-4364-8059-649c35c9ed0c\"}"));
        assertThat(customer.name()).isEqualTo("Thomas Anderson");
        assertThat(customer.email()).isEqualTo("t.anderson@example.com");
        assertThat(customer.createdAt()).isEqualTo(Instant.parse("2017-10-11T15:19:21.010200Z"));
        assertThat(customer.sessionFieldMap())
                .containsEntry("custom_key", "custom_value")
                .containsEntry("another_custom_key", "another_custom_value");
        assertThat(customer.chatIds()).containsExactly("PWJ8Y4THAV");
        assertThat(customer.statistics()).containsEntry("chats_count", 3L);
        assertThat(customer.tickets())
                .singleElement()
                .satisfies(t -> assertThat(t.ticketId()).isEqualTo("0c04cb99-817a-4935-9d62-137c89a74388"));
    }

    @Test
    void anUnknownCustomerIsNotFound() {
        assertThatThrownBy(() -> client.getCustomer("00000000-0000-4000-8000-000000000000"))
                .isInstanceOfSatisfying(LiveChatApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo("not_found");
                    assertThat(e.method()).isEqualTo("agent/get_customer");
                });
    }

    @Test
    void timestampsWithAnOffsetAreRead() throws Exception {
        // the get_chat sample carries "2019-12-17T08:53:20.693553+01:00" for a user's created_at
        Chat.ChatEvent event = LiveChatApiClient.newMapper()
                .readValue(
                        "{\"id\":\"e\",\"type\":\"message\",\"created_at\":\"2019-12-17T09:04:05.239000+01:00\"}",
                        Chat.ChatEvent.class);
        assertThat(event.createdAt()).isEqualTo(Instant.parse("2019-12-17T08:04:05.239Z"));
    }
}
