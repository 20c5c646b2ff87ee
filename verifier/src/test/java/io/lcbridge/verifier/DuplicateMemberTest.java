package io.lcbridge.verifier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** A body naming one member twice is refused (400), whichever copy a reader would have taken. */
final class DuplicateMemberTest {

    private static final String EVENT =
            "{\"chat_id\":\"C1\",\"thread_id\":\"T1\",\"event\":{\"id\":\"E1\",\"type\":\"message\"}}";

    @ParameterizedTest
    @ValueSource(
            strings = {
                // the wrong secret first, the right one last: last-wins used to accept it
                "{\"secret_key\":\"wrong\",\"secret_key\":\"" + SECRET + "\",\"action\":\"incoming_event\",\"payload\":"
                        + EVENT + "}",
                // the right secret first, a wrong one last: first-wins readers would accept it
                "{\"secret_key\":\"" + SECRET + "\",\"secret_key\":\"wrong\",\"action\":\"incoming_event\",\"payload\":"
                        + EVENT + "}",
                "{\"secret_key\":\"" + SECRET + "\",\"action\":\"chat_deactivated\",\"action\":\"incoming_event\","
                        + "\"payload\":" + EVENT + "}",
                "{\"secret_key\":\"" + SECRET + "\",\"action\":\"incoming_event\",\"payload\":{},\"payload\":" + EVENT
                        + "}",
                "{\"secret_key\":\"" + SECRET + "\",\"action\":\"incoming_event\",\"payload\":"
                        + "{\"chat_id\":\"C1\",\"chat_id\":\"C2\",\"thread_id\":\"T1\",\"event\":{\"id\":\"E1\"}}}",
                // the same name spelled with an escape: equal once decoded, so still a duplicate
                "{\"secret_key\":\"wrong\",\"secret\\u005fkey\":\"" + SECRET + "\",\"action\":\"incoming_event\","
                        + "\"payload\":" + EVENT + "}",
                // a duplicate inside an object inside an array, deep in the payload
                "{\"secret_key\":\"" + SECRET + "\",\"action\":\"incoming_event\",\"payload\":"
                        + "{\"chat_id\":\"C1\",\"thread_id\":\"T1\",\"event\":{\"id\":\"E1\",\"fields\":"
                        + "[{\"name\":\"a\"},{\"name\":\"b\",\"name\":\"c\"}]}}}",
                // a duplicate in additional_data, which nothing reads today
                "{\"secret_key\":\"" + SECRET + "\",\"action\":\"incoming_event\",\"payload\":" + EVENT
                        + ",\"additional_data\":{\"x\":1,\"x\":2}}",
            })
    void duplicateMembersAreMalformedAndNothingIsDispatched(String body) {
        Recorder recorder = new Recorder();
        LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .handlerForAll(recorder)
                .build();

        WebhookOutcome outcome = webhooks.process(Fixtures.bytes(body), WebhookHeaders.none(), RECEIVED);

        assertThat(outcome.kind()).isEqualTo(WebhookOutcome.Kind.MALFORMED);
        assertThat(outcome.httpStatus()).isEqualTo(400);
        assertThat(outcome.reason()).isEqualTo("duplicate member in a JSON object");
        assertThat(recorder.events).isEmpty();
    }
}
