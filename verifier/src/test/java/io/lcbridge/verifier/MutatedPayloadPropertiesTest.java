package io.lcbridge.verifier;

import static io.lcbridge.verifier.Fixtures.ANDERSON;
import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Valid LiveChat payloads mutated at random (fields dropped, duplicated, retyped; bytes truncated
 * or overwritten): never a 5xx for bad input, never a dispatch without authenticity, no exception.
 */
final class MutatedPayloadPropertiesTest {

    private static final String TOKEN = Fixtures.token(ANDERSON);
    private static final String USER_ADDED = "{\"webhook_id\":\"w\",\"secret_key\":\"" + SECRET + "\",\"action\":\"user_added_to_chat\","
            + "\"license_id\":104130623,\"payload\":{\"chat_id\":\"PJ0MRSHTDG\",\"thread_id\":\"K600PKZON8\",\"user\":{\"id\":\"b7\","
            + "\"type\":\"customer\",\"name\":\"Thomas Anderson\",\"session_fields\":[{\"lc_identity\":\"" + TOKEN + "\"}]},"
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
            @ForAll("payloads") String payload, @ForAll Random random, @ForAll @IntRange(min = 1, max = 5) int mutations) {
        byte[] body = mutate(payload, random, mutations);
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
            @ForAll("payloads") String payload, @ForAll Random random, @ForAll @IntRange(min = 0, max = 3) int mutations) {
        String forged = payload.replace(SECRET, "laudla991lamda0pnoaa1");
        Recorder recorder = new Recorder();

        WebhookOutcome outcome = webhooks(recorder).process(mutate(forged, random, mutations), WebhookHeaders.none(), RECEIVED);

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
        return LiveChatWebhooks.builder().authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS).audience(AUDIENCE).maxBodyBytes(8192).handlerForAll(recorder).build();
    }

    /** The secret as the processor's own parser reads it, or {@code null}. */
    private static String secretOf(byte[] body) {
        try {
            return Nodes.text(Envelope.MAPPER.readTree(body), "secret_key");
        } catch (JacksonException e) {
            return null;
        }
    }

    static byte[] mutate(String json, Random random, int mutations) {
        JsonNode root = Envelope.MAPPER.readTree(json);
        List<String> textOps = new ArrayList<>();
        for (int i = 0; i < mutations; i++) {
            int op = random.nextInt(8);
            switch (op) {
                case 0 -> drop(root, random);
                case 1 -> retype(root, random);
                case 2 -> duplicateArrayElement(root, random);
                case 7 -> truncateString(root, random);
                default -> textOps.add(String.valueOf(op));
            }
        }
        String text = root.toString();
        for (String op : textOps) {
            switch (op) {
                case "3" -> text = duplicateKey(text, random);
                case "4" -> text = text.substring(0, random.nextInt(text.length() + 1));
                case "5" -> {
                    byte[] b = text.getBytes(StandardCharsets.UTF_8);
                    for (int k = 0; k < 1 + random.nextInt(4) && b.length > 0; k++) {
                        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                    }
                    return b;
                }
                default -> text = text + (random.nextBoolean() ? "" : " ");
            }
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> containers(JsonNode root) {
        List<JsonNode> all = new ArrayList<>();
        collect(root, all);
        return all;
    }

    private static void collect(JsonNode node, List<JsonNode> all) {
        if (node.isContainer()) {
            all.add(node);
            for (JsonNode child : node.values()) {
                collect(child, all);
            }
        }
    }

    private static void drop(JsonNode root, Random random) {
        List<JsonNode> objects = containers(root).stream().filter(n -> n.isObject() && n.size() > 0).toList();
        if (objects.isEmpty()) {
            return;
        }
        ObjectNode target = (ObjectNode) objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>(target.propertyNames());
        target.remove(names.get(random.nextInt(names.size())));
    }

    private static void retype(JsonNode root, Random random) {
        List<JsonNode> parents = containers(root).stream().filter(n -> n.size() > 0).toList();
        if (parents.isEmpty()) {
            return;
        }
        JsonNode parent = parents.get(random.nextInt(parents.size()));
        JsonNode replacement = switch (random.nextInt(7)) {
            case 0 -> Envelope.MAPPER.getNodeFactory().numberNode(random.nextLong());
            case 1 -> Envelope.MAPPER.getNodeFactory().stringNode("x".repeat(random.nextInt(300)));
            case 2 -> Envelope.MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
            case 3 -> Envelope.MAPPER.getNodeFactory().nullNode();
            case 4 -> Envelope.MAPPER.getNodeFactory().arrayNode().add(1).add("a");
            case 5 -> Envelope.MAPPER.getNodeFactory().objectNode().put("id", 7);
            default -> Envelope.MAPPER.getNodeFactory().numberNode(1.5e300);
        };
        if (parent.isObject()) {
            List<String> names = new ArrayList<>(parent.propertyNames());
            ((ObjectNode) parent).set(names.get(random.nextInt(names.size())), replacement);
        } else {
            ((ArrayNode) parent).set(random.nextInt(parent.size()), replacement);
        }
    }

    /** Cuts a random string value short (an id, a date, the token, the secret...). */
    private static void truncateString(JsonNode root, Random random) {
        List<JsonNode> parents = containers(root);
        List<Object[]> strings = new ArrayList<>();
        for (JsonNode parent : parents) {
            if (parent.isObject()) {
                for (var e : parent.properties()) {
                    if (e.getValue().isString()) {
                        strings.add(new Object[] {parent, e.getKey(), e.getValue().stringValue()});
                    }
                }
            }
        }
        if (strings.isEmpty()) {
            return;
        }
        Object[] pick = strings.get(random.nextInt(strings.size()));
        String value = (String) pick[2];
        ((ObjectNode) pick[0]).put((String) pick[1], value.substring(0, random.nextInt(value.length() + 1)));
    }

    private static void duplicateArrayElement(JsonNode root, Random random) {
        List<JsonNode> arrays = containers(root).stream().filter(n -> n.isArray() && n.size() > 0).toList();
        if (arrays.isEmpty()) {
            return;
        }
        ArrayNode target = (ArrayNode) arrays.get(random.nextInt(arrays.size()));
        target.add(target.get(random.nextInt(target.size())).deepCopy());
    }

    /** Inserts a repeated property right after a random '{' (the original, later, value wins in Jackson). */
    private static String duplicateKey(String text, Random random) {
        List<Integer> braces = new ArrayList<>();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '{' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                braces.add(i);
            }
        }
        if (braces.isEmpty()) {
            return text;
        }
        int at = braces.get(random.nextInt(braces.size())) + 1;
        String key = Arrays.asList("secret_key", "action", "id", "chat_id", "lc_identity", "payload", "type")
                .get(random.nextInt(7));
        String value = List.of("\"x\"", "1", "null", "{}", "[]", "\"" + SECRET + "\"").get(random.nextInt(6));
        return text.substring(0, at) + "\"" + key + "\":" + value + "," + text.substring(at);
    }

}
