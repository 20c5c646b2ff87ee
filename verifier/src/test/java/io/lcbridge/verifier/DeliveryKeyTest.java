package io.lcbridge.verifier;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** The delivery key names one delivery: no two different (action, ids) lists share a key. */
final class DeliveryKeyTest {

    @Test
    void idsContainingTheSeparatorDoNotCollide() {
        assertThat(PayloadReader.key("incoming_event", "a|", "b"))
                .isNotEqualTo(PayloadReader.key("incoming_event", "a", "|b"));
        assertThat(PayloadReader.key("x|", "b")).isNotEqualTo(PayloadReader.key("x", "|b"));
        assertThat(PayloadReader.key("x", (String) null)).isNotEqualTo(PayloadReader.key("x", ""));
        assertThat(PayloadReader.key("x", "")).isNotEqualTo(PayloadReader.key("x"));
    }

    @Test
    void twoEventsWhoseIdsDifferOnlyInWhereTheBarSitsAreBothDispatched() {
        Recorder recorder = new Recorder();
        LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(Fixtures.KEYS)
                .audience(Fixtures.AUDIENCE)
                .handlerForAll(recorder)
                .build();

        WebhookOutcome first = webhooks.process(event("a|", "b"), WebhookHeaders.none(), RECEIVED);
        WebhookOutcome second = webhooks.process(event("a", "|b"), WebhookHeaders.none(), RECEIVED);

        assertThat(first.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(second.kind()).isEqualTo(WebhookOutcome.Kind.HANDLED);
        assertThat(recorder.events).hasSize(2);
    }

    @Test
    void longKeysAreDigestedAndStayDistinct() {
        String a = PayloadReader.key("incoming_event", "c", "t", "e".repeat(300));
        String b = PayloadReader.key("incoming_event", "c", "t", "e".repeat(299) + "f");

        assertThat(a).hasSizeLessThanOrEqualTo(PayloadReader.MAX_KEY_LENGTH).startsWith("14:incoming_event|#");
        assertThat(a).isNotEqualTo(b);
    }

    @Property(tries = 2000)
    void differentPartListsGiveDifferentKeys(
            @ForAll @Size(max = 4)
                    List<
                                    @StringLength(max = 4) @Chars({'|', ':', '-', '#', '1'})
                                    @CharRange(from = 'a', to = 'b') String>
                            left,
            @ForAll @Size(max = 4)
                    List<
                                    @StringLength(max = 4) @Chars({'|', ':', '-', '#', '1'})
                                    @CharRange(from = 'a', to = 'b') String>
                            right) {
        String[] l = left.toArray(String[]::new);
        String[] r = right.toArray(String[]::new);
        if (!Arrays.equals(l, r)) {
            assertThat(PayloadReader.key("act", l)).isNotEqualTo(PayloadReader.key("act", r));
        }
    }

    private static byte[] event(String chatId, String threadId) {
        return Fixtures.bytes("{\"webhook_id\":\"w\",\"secret_key\":\"" + SECRET + "\",\"action\":\"incoming_event\","
                + "\"license_id\":104130623,\"payload\":{\"chat_id\":\"" + chatId + "\",\"thread_id\":\"" + threadId
                + "\",\"event\":{\"id\":\"E1\",\"type\":\"message\",\"text\":\"hi\"}},\"additional_data\":{}}");
    }
}
