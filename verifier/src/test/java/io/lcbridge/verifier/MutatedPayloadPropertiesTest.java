package io.lcbridge.verifier;

import io.lcbridge.testsupport.webhooks.MutatedPayloads;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.core.JacksonException;

import java.util.Random;

import static io.lcbridge.verifier.Fixtures.ANDERSON;
import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Valid LiveChat payloads mutated at random (fields dropped, duplicated, retyped; bytes truncated
 * or overwritten): never a 5xx for bad input, never a dispatch without authenticity, no exception.
 */
final class MutatedPayloadPropertiesTest {

    private static final String TOKEN = Fixtures.token(ANDERSON);
    private static final String USER_ADDED =
            "{\"webhook_id\":\"w\",\"secret_key\":\"" + SECRET + "\",\"action\":\"user_added_to_chat\","
                    + "\"license_id\":104130623,\"payload\":{\"chat_id\":\"PJ0MRSHTDG\",\"thread_id\":\"K600PKZON8\",\"user\":{\"id\":\"b7\","
                    + "\"type\":\"customer\",\"name\":\"Thomas Anderson\",\"session_fields\":[{\"lc_identity\":\""
                    + TOKEN + "\"}]},"
                    + "\"user_type\":\"customer\",\"reason\":\"manual\"},\"additional_data\":{}}";

    @Provide
    Arbitrary<String> payloads() {
        return Arbitraries.of(
                Fixtures.withToken("incoming_chat.v3.6.json", TOKEN),
                Fixtures.withToken("customer_session_fields_updated.v3.6.json", TOKEN),
                Fixtures.raw("incoming_event.v3.6.json"),
                Fixtures.raw("chat_deactivated.v3.6.json"),
                USER_ADDED);
    }

    @Property(tries = 400)
    void mutatedPayloadsNeverCauseA5xxNorADispatchWithoutAuthenticity(
            @ForAll("payloads") String payload,
            @ForAll Random random,
            @ForAll @IntRange(min = 1, max = 5) int mutations) {
        byte[] body = MutatedPayloads.mutate(payload, random, mutations, SECRET);
        Recorder recorder = new Recorder();
        LiveChatWebhooks webhooks = webhooks(recorder);

        WebhookOutcome outcome = webhooks.process(body, WebhookHeaders.none(), RECEIVED);

        assertThat(outcome.httpStatus()).isIn(200, 400, 401, 413);
        if (!recorder.events.isEmpty()) {
            assertThat(secretOf(body)).isEqualTo(SECRET);
            assertThat(outcome.httpStatus()).isEqualTo(200);
        }
        if (outcome.httpStatus() == 200) {
            assertThat(secretOf(body)).isEqualTo(SECRET);
        }
        Statistics.collect(outcome.kind());
        // the mutations must reach every branch, or the property proves little
        Statistics.coverage(coverage -> {
            coverage.check(WebhookOutcome.Kind.HANDLED).count(n -> n >= 20);
            coverage.check(WebhookOutcome.Kind.MALFORMED).count(n -> n >= 20);
            coverage.check(WebhookOutcome.Kind.NOT_AUTHENTIC).count(n -> n >= 1);
        });
    }

    @Property(tries = 200)
    void withAWrongSecretNothingIsEverDispatched(
            @ForAll("payloads") String payload,
            @ForAll Random random,
            @ForAll @IntRange(min = 0, max = 3) int mutations) {
        String forged = payload.replace(SECRET, "laudla991lamda0pnoaa1");
        Recorder recorder = new Recorder();

        WebhookOutcome outcome = webhooks(recorder)
                .process(MutatedPayloads.mutate(forged, random, mutations, SECRET), WebhookHeaders.none(), RECEIVED);

        assertThat(outcome.httpStatus()).isIn(400, 401);
        assertThat(recorder.events).isEmpty();
    }

    @Property(tries = 200)
    void randomBytesAreRefusedWithoutDispatch(@ForAll @Size(max = 2000) byte[] bytes) {
        Recorder recorder = new Recorder();

        WebhookOutcome outcome = webhooks(recorder).process(bytes, WebhookHeaders.none(), RECEIVED);

        assertThat(outcome.httpStatus()).isIn(400, 401);
        assertThat(recorder.events).isEmpty();
    }

    private static LiveChatWebhooks webhooks(Recorder recorder) {
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .maxBodyBytes(8192)
                .handlerForAll(recorder)
                .build();
    }

    /** The secret as the processor's own parser reads it, or {@code null}. */
    private static String secretOf(byte[] body) {
        try {
            return Nodes.text(Envelope.MAPPER.readTree(body), "secret_key");
        } catch (JacksonException e) {
            return null;
        }
    }
}
