package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.TokenStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Map;

import static io.lcbridge.verifier.Fixtures.ANDERSON;
import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.THREAD_START;
import static org.assertj.core.api.Assertions.assertThat;

/** Identity rebuild from real-shaped {@code incoming_chat} payloads: every status, every field verdict. */
final class IdentityRebuildTest {

    private final Recorder recorder = new Recorder();
    private final LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
            .authenticator(WebhookAuthenticator.secretKey(Fixtures.SECRET))
            .identityKeys(KEYS)
            .audience(AUDIENCE)
            .handler("incoming_chat", recorder)
            .build();

    private VerifiedCustomer rebuild(String token) {
        return rebuild(Fixtures.bytes(Fixtures.withToken("incoming_chat.v3.6.json", token)), RECEIVED);
    }

    private VerifiedCustomer rebuild(byte[] body, Instant receivedAt) {
        WebhookOutcome outcome = webhooks.process(body, WebhookHeaders.none(), receivedAt);
        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        return recorder.last().customer().orElseThrow();
    }

    private static ObjectNode incomingChatTree(String token) {
        return (ObjectNode) Envelope.MAPPER.readTree(Fixtures.withToken("incoming_chat.v3.6.json", token));
    }

    private static ObjectNode customerOf(ObjectNode root) {
        return (ObjectNode) root.get("payload").get("chat").get("users").get(0);
    }

    @Test
    void signedIdentityMatchingTheChatIsVerifiedWithEveryFieldMatching() {
        VerifiedCustomer customer = rebuild(Fixtures.token(ANDERSON));

        assertThat(customer.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(customer.customerId()).isEqualTo("b7eff798-f8df-4364-8059-649c35c9ed0c");
        assertThat(customer.identity()).contains(ANDERSON);
        assertThat(customer.fields())
                .containsExactly(
                        Map.entry("name", FieldStatus.MATCH), Map.entry("email", FieldStatus.MATCH),
                        Map.entry("vars.plan", FieldStatus.MATCH), Map.entry("vars.account_id", FieldStatus.MATCH));
        assertThat(customer.unsignedVariables()).containsExactly(Map.entry("region", "us-east-1"));
        assertThat(customer.allFieldsMatch()).isTrue();
        WebhookEvent event = recorder.last();
        assertThat(event.payload())
                .isEqualTo(new WebhookPayload.IncomingChat(
                        "PJ0MRSHTDG", "K600PKZON8", THREAD_START, "b7eff798-f8df-4364-8059-649c35c9ed0c"));
        assertThat(event.context())
                .get()
                .extracting(ChatContext::threadStartedAt)
                .isEqualTo(THREAD_START);
        assertThat(event.accountId()).isEqualTo(Fixtures.ORGANIZATION);
    }

    @Test
    void nameEditedInThePreChatFormIsReportedChangedWhileTheTrustedNameStaysTheSignedOne() {
        CustomerIdentity signed = ANDERSON.toBuilder().name("Neo").build();

        VerifiedCustomer customer = rebuild(Fixtures.token(signed));

        assertThat(customer.fields())
                .containsEntry("name", FieldStatus.CHANGED)
                .containsEntry("email", FieldStatus.MATCH);
        assertThat(customer.identity().orElseThrow().name()).contains("Neo");
        assertThat(customer.allFieldsMatch()).isFalse();
    }

    @Test
    void emailComparisonIgnoresCaseAndSurroundingSpaceAndNameComparisonUsesNfc() {
        ObjectNode root = incomingChatTree(Fixtures.token(ANDERSON.toBuilder()
                .name("Zoe\u0301 Ågren")
                .email("T.Anderson@Example.COM")
                .build()));
        customerOf(root).put("name", "  Zo\u00e9 A\u030agren ");
        customerOf(root).put("email", " t.anderson@example.com");

        VerifiedCustomer customer = rebuild(Fixtures.bytes(root.toString()), RECEIVED);

        assertThat(customer.fields())
                .containsEntry("name", FieldStatus.MATCH)
                .containsEntry("email", FieldStatus.MATCH);
    }

    @Test
    void signedFieldsTheChatDoesNotShowAreMissingAndShownValuesOutsideTheTokenAreUnsigned() {
        CustomerIdentity signed = ANDERSON.toBuilder()
                .variable("tier", "gold")
                .variable("plan", "starter")
                .build();
        ObjectNode root = incomingChatTree(Fixtures.token(signed));
        customerOf(root).remove("email");

        VerifiedCustomer customer = rebuild(Fixtures.bytes(root.toString()), RECEIVED);

        assertThat(customer.fields())
                .containsEntry("email", FieldStatus.MISSING)
                .containsEntry("vars.tier", FieldStatus.MISSING)
                .containsEntry("vars.plan", FieldStatus.CHANGED)
                .containsEntry("vars.account_id", FieldStatus.MATCH);
        assertThat(customer.unsignedVariables()).containsOnlyKeys("region");
        assertThat(customer.identity().orElseThrow().sessionVariables()).containsEntry("plan", "starter");
    }

    @Test
    void displayedEmailThatTheTokenDidNotSignIsReportedChanged() {
        VerifiedCustomer customer = rebuild(Fixtures.token(
                CustomerIdentity.builder("user-42").name("Thomas Anderson").build()));

        assertThat(customer.fields())
                .containsEntry("email", FieldStatus.CHANGED)
                .containsEntry("name", FieldStatus.MATCH);
        assertThat(customer.identity().orElseThrow().email()).isEmpty();
    }

    @Test
    void tokenMintedAfterTheThreadStartedButBeforeReceptionIsVerified() {
        String token = Fixtures.token(KEYS, ANDERSON, AUDIENCE, THREAD_START.plusSeconds(30));

        assertThat(rebuild(token).status()).isEqualTo(TokenStatus.VERIFIED);
    }

    @Test
    void tokenThatExpiredBeforeTheThreadStartedIsExpired() {
        String token = Fixtures.token(KEYS, ANDERSON, AUDIENCE, THREAD_START.minusSeconds(13 * 3600));

        VerifiedCustomer customer = rebuild(token);

        assertThat(customer.status()).isEqualTo(TokenStatus.EXPIRED);
        assertThat(customer.identity()).isEmpty();
        assertThat(customer.fields()).isEmpty();
        assertThat(customer.unsignedVariables()).containsOnlyKeys("plan", "account_id", "region");
    }

    @Test
    void tokenMintedAfterReceptionIsNotYetValid() {
        String token = Fixtures.token(KEYS, ANDERSON, AUDIENCE, RECEIVED.plusSeconds(600));

        assertThat(rebuild(token).status()).isEqualTo(TokenStatus.NOT_YET_VALID);
    }

    @Test
    void rejectsTokenSignedForAnotherLicense() {
        String token = Fixtures.token(KEYS, ANDERSON, "87654321", THREAD_START);

        assertThat(rebuild(token).status()).isEqualTo(TokenStatus.WRONG_AUDIENCE);
    }

    @Test
    void tokenSignedWithAKeyOutsideTheKeySetIsUnknownKey() {
        String token = Fixtures.token(Fixtures.OTHER_KEYS, ANDERSON, AUDIENCE, THREAD_START);

        assertThat(rebuild(token).status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
    }

    @Test
    void tamperedSignatureIsInvalidSignature() {
        String token = Fixtures.token(ANDERSON);
        char last = token.charAt(token.length() - 2);
        String tampered =
                token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

        assertThat(rebuild(tampered).status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    @Test
    void garbageInTheTokenVariableIsMalformed() {
        assertThat(rebuild("not-a-token").status()).isEqualTo(TokenStatus.MALFORMED);
    }

    @Test
    void chatWithoutSessionFieldsHasNoToken() {
        ObjectNode root = incomingChatTree("x");
        customerOf(root).remove("session_fields");

        VerifiedCustomer customer = rebuild(Fixtures.bytes(root.toString()), RECEIVED);

        assertThat(customer.status()).isEqualTo(TokenStatus.NO_TOKEN);
        assertThat(customer.unsignedVariables()).isEmpty();
    }

    @Test
    void repeatedSessionFieldKeyKeepsTheLastValueAndIsReported() {
        ObjectNode root = incomingChatTree(Fixtures.token(ANDERSON));
        ArrayNode fields = (ArrayNode) customerOf(root).get("session_fields");
        fields.addObject().put("plan", "free");

        VerifiedCustomer customer = rebuild(Fixtures.bytes(root.toString()), RECEIVED);

        assertThat(customer.repeatedKeys()).containsExactly("plan");
        assertThat(customer.fields()).containsEntry("vars.plan", FieldStatus.CHANGED);
    }

    @Test
    void threadWithoutCreatedAtIsJudgedAtReceptionTime() {
        // minted 13 h before reception: expired at reception, though alive at the (now unknown) thread start
        ObjectNode root = incomingChatTree(Fixtures.token(KEYS, ANDERSON, AUDIENCE, RECEIVED.minusSeconds(13 * 3600)));
        ((ObjectNode) root.get("payload").get("chat").get("thread")).remove("created_at");

        assertThat(rebuild(Fixtures.bytes(root.toString()), RECEIVED).status()).isEqualTo(TokenStatus.EXPIRED);
    }

    @Test
    void olderApiDeliveryWithNumericLicenseIdAndLastVisitIsUnderstood() {
        ObjectNode root = incomingChatTree(Fixtures.token(ANDERSON));
        root.remove("organization_id");
        root.put("license_id", 104130623);
        ObjectNode customer = customerOf(root);
        customer.set("last_visit", customer.remove("visit"));
        customer.put("unknown_future_field", true);

        VerifiedCustomer verified = rebuild(Fixtures.bytes(root.toString()), RECEIVED);

        assertThat(verified.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(recorder.last().accountId()).isEqualTo("104130623");
    }

    @Test
    void customTokenVariableIsHonoured() {
        Recorder own = new Recorder();
        LiveChatWebhooks custom = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(Fixtures.SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .tokenVariable("lc_sig")
                .handlerForAll(own)
                .build();
        String body = Fixtures.withToken("incoming_chat.v3.6.json", Fixtures.token(ANDERSON))
                .replace("\"lc_identity\"", "\"lc_sig\"");

        custom.process(Fixtures.bytes(body), WebhookHeaders.none(), RECEIVED);

        assertThat(own.last().customer().orElseThrow().status()).isEqualTo(TokenStatus.VERIFIED);
    }
}
