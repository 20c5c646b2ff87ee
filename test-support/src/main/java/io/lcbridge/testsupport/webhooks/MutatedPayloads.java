package io.lcbridge.testsupport.webhooks;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Mutations of a valid webhook body (drop, retype, duplicate an array element, truncate a string, duplicate a key,
 * cut the body, flip random bytes, add whitespace). The verifier's {@code MutatedPayloadPropertiesTest} drives it with
 * jqwik; the benchmarks' reliability run replays its output over HTTP.
 */
public final class MutatedPayloads {

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private MutatedPayloads() {}

    /** {@code mutations} random mutations of {@code json}; {@code secret} may be copied into a duplicated key. */
    public static byte[] mutate(String json, Random random, int mutations, String secret) {
        JsonNode root = MAPPER.readTree(json);
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
                case "3" -> text = duplicateKey(text, random, secret);
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
        List<JsonNode> objects = containers(root).stream()
                .filter(n -> n.isObject() && n.size() > 0)
                .toList();
        if (objects.isEmpty()) {
            return;
        }
        ObjectNode target = (ObjectNode) objects.get(random.nextInt(objects.size()));
        List<String> names = new ArrayList<>(target.propertyNames());
        target.remove(names.get(random.nextInt(names.size())));
    }

    private static void retype(JsonNode root, Random random) {
        List<JsonNode> parents =
                containers(root).stream().filter(n -> n.size() > 0).toList();
        if (parents.isEmpty()) {
            return;
        }
        JsonNode parent = parents.get(random.nextInt(parents.size()));
        JsonNode replacement = switch (random.nextInt(7)) {
            case 0 -> MAPPER.getNodeFactory().numberNode(random.nextLong());
            case 1 -> MAPPER.getNodeFactory().stringNode("x".repeat(random.nextInt(300)));
            case 2 -> MAPPER.getNodeFactory().booleanNode(random.nextBoolean());
            case 3 -> MAPPER.getNodeFactory().nullNode();
            case 4 -> MAPPER.getNodeFactory().arrayNode().add(1).add("a");
            case 5 -> MAPPER.getNodeFactory().objectNode().put("id", 7);
            default -> MAPPER.getNodeFactory().numberNode(1.5e300);
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
                        strings.add(
                                new Object[] {parent, e.getKey(), e.getValue().stringValue()});
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
        List<JsonNode> arrays = containers(root).stream()
                .filter(n -> n.isArray() && n.size() > 0)
                .toList();
        if (arrays.isEmpty()) {
            return;
        }
        ArrayNode target = (ArrayNode) arrays.get(random.nextInt(arrays.size()));
        target.add(target.get(random.nextInt(target.size())).deepCopy());
    }

    /** Inserts a repeated property right after a random '{' (the original, later, value wins in Jackson). */
    private static String duplicateKey(String text, Random random, String secret) {
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
        String value =
                List.of("\"x\"", "1", "null", "{}", "[]", "\"" + secret + "\"").get(random.nextInt(6));
        return text.substring(0, at) + "\"" + key + "\":" + value + "," + text.substring(at);
    }
}
