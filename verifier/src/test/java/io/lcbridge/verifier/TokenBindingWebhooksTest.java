package io.lcbridge.verifier;

import io.lcbridge.core.TokenStatus;
import org.junit.jupiter.api.Test;

import static io.lcbridge.verifier.Fixtures.ANDERSON;
import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token copied from Alice's page, transcript or an agent's screen is worth nothing to another LiveChat customer:
 * the verifier binds a token to the first customer that presents it (issue 12, finding 1).
 */
final class TokenBindingWebhooksTest {

    private static final String ALICE_CUSTOMER = "b7eff798-f8df-4364-8059-649c35c9ed0c";
    private static final String MALLORY_CUSTOMER = "0a5b3c1d-6e7f-4a8b-9c0d-1e2f3a4b5c6d";

    private final Recorder recorder = new Recorder();
    private final LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
            .authenticator(WebhookAuthenticator.secretKey(SECRET))
            .identityKeys(KEYS)
            .audience(AUDIENCE)
            .store(InMemoryChatContextStore.builder().build())
            .handlerForAll(recorder)
            .build();
    private final String aliceToken = Fixtures.token(ANDERSON);

    private WebhookEvent send(String json, int secondsAfterReception) {
        WebhookOutcome outcome = webhooks.process(
                Fixtures.bytes(json), WebhookHeaders.none(), RECEIVED.plusSeconds(secondsAfterReception));
        assertThat(outcome.httpStatus()).as(outcome.reason()).isEqualTo(200);
        return recorder.last();
    }

    /** A fixture moved to another chat, thread and customer, carrying {@code token} ("" for none). */
    private static String malloryChat(String fixture, String token) {
        return Fixtures.withToken(fixture, token)
                .replace("PJ0MRSHTDG", "MALLORY001")
                .replace("K600PKZON8", "MTHREAD001")
                .replace(ALICE_CUSTOMER, MALLORY_CUSTOMER);
    }

    @Test
    void alicesTokenReplayedByANewCustomerIsForeignAndCarriesNoIdentity() {
        VerifiedCustomer alice = send(Fixtures.withToken("incoming_chat.v3.6.json", aliceToken), 0)
                .customer()
                .orElseThrow();
        assertThat(alice.status()).isEqualTo(TokenStatus.VERIFIED);

        WebhookEvent replay = send(malloryChat("incoming_chat.v3.6.json", aliceToken), 30);

        VerifiedCustomer mallory = replay.customer().orElseThrow();
        assertThat(mallory.customerId()).isEqualTo(MALLORY_CUSTOMER);
        assertThat(mallory.status()).isEqualTo(TokenStatus.FOREIGN_CUSTOMER);
        assertThat(mallory.isVerified()).isFalse();
        assertThat(mallory.identity()).isEmpty();
        assertThat(mallory.fields()).isEmpty();
        assertThat(mallory.reason()).contains("another LiveChat customer").doesNotContain(aliceToken);
        assertThat(replay.hasVerifiedCustomer()).isFalse();
        // handlers of the replayed chat's end see the same verdict
        WebhookEvent closed = send(malloryChat("chat_deactivated.v3.6.json", ""), 60);
        assertThat(closed.customer().orElseThrow().status()).isEqualTo(TokenStatus.FOREIGN_CUSTOMER);
        assertThat(closed.hasVerifiedCustomer()).isFalse();
    }

    @Test
    void theOwnerPresentingItsTokenAgainInANewChatStaysVerified() {
        send(Fixtures.withToken("incoming_chat.v3.6.json", aliceToken), 0);

        WebhookEvent again = send(
                Fixtures.withToken("incoming_chat.v3.6.json", aliceToken)
                        .replace("PJ0MRSHTDG", "ALICE00002")
                        .replace("K600PKZON8", "ATHREAD002"),
                40);

        assertThat(again.customer().orElseThrow().identity()).contains(ANDERSON);
    }

    @Test
    void anonymousChatSendingAlicesTokenThroughSessionFieldsDoesNotBecomeAlice() {
        send(Fixtures.withToken("incoming_chat.v3.6.json", aliceToken), 0);
        VerifiedCustomer anonymous =
                send(malloryChat("incoming_chat.v3.6.json", ""), 10).customer().orElseThrow();
        assertThat(anonymous.status()).isEqualTo(TokenStatus.NO_TOKEN);

        WebhookEvent update = send(malloryChat("customer_session_fields_updated.v3.6.json", aliceToken), 20);

        assertThat(update.customer().orElseThrow().status()).isEqualTo(TokenStatus.FOREIGN_CUSTOMER);
        assertThat(update.hasVerifiedCustomer()).isFalse();
        // the thread's stored context is untouched: the end of the chat is still the anonymous visitor's
        assertThat(update.context().orElseThrow().customer().status()).isEqualTo(TokenStatus.NO_TOKEN);
        WebhookEvent closed = send(malloryChat("chat_deactivated.v3.6.json", ""), 30);
        assertThat(closed.customer().orElseThrow().status()).isEqualTo(TokenStatus.NO_TOKEN);
        assertThat(closed.customer().orElseThrow().identity()).isEmpty();
        assertThat(webhooks.store()
                        .find("MALLORY001", "MTHREAD001")
                        .orElseThrow()
                        .customer()
                        .status())
                .isEqualTo(TokenStatus.NO_TOKEN);
    }

    @Test
    void aForeignTokenSentIntoAVerifiedChatKeepsTheChatsOwnIdentity() {
        String bobToken = Fixtures.token(ANDERSON.toBuilder().name("Bob").build());
        send(
                Fixtures.withToken("incoming_chat.v3.6.json", bobToken)
                        .replace("PJ0MRSHTDG", "BOBCHAT001")
                        .replace(ALICE_CUSTOMER, "b0b00000-0000-4000-8000-000000000000"),
                0);
        send(malloryChat("incoming_chat.v3.6.json", Fixtures.token(ANDERSON)), 5);

        WebhookEvent update = send(malloryChat("customer_session_fields_updated.v3.6.json", bobToken), 10);

        assertThat(update.customer().orElseThrow().status()).isEqualTo(TokenStatus.FOREIGN_CUSTOMER);
        assertThat(send(malloryChat("chat_deactivated.v3.6.json", ""), 20)
                        .customer()
                        .orElseThrow()
                        .identity())
                .contains(ANDERSON);
    }

    @Test
    void aVerifiedTokenInAPayloadWithoutCustomerIdIsNotTrusted() {
        WebhookEvent event = send(
                Fixtures.withToken("customer_session_fields_updated.v3.6.json", aliceToken)
                        .replace("\"id\": \"" + ALICE_CUSTOMER + "\",", ""),
                0);

        assertThat(event.customer().orElseThrow().status()).isEqualTo(TokenStatus.FOREIGN_CUSTOMER);
        assertThat(event.customer().orElseThrow().identity()).isEmpty();
    }
}
