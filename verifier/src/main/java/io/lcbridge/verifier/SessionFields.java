package io.lcbridge.verifier;

import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LiveChat's {@code session_fields}: an ordered array of single-key objects,
 * {@code [{"plan":"pro"},{"lc_identity":"ey..."}]}. A repeated key keeps its first position and its
 * last value, and is reported; scalar non-string values are read as text; anything else is skipped.
 */
final class SessionFields {

    static final SessionFields NONE = new SessionFields(new LinkedHashMap<>(), List.of());

    final Map<String, String> values;
    final List<String> repeatedKeys;

    private SessionFields(Map<String, String> values, List<String> repeatedKeys) {
        this.values = values;
        this.repeatedKeys = repeatedKeys;
    }

    static SessionFields parse(JsonNode array) {
        if (array == null || !array.isArray()) {
            return NONE;
        }
        LinkedHashMap<String, String> values = new LinkedHashMap<>();
        List<String> repeated = new ArrayList<>(0);
        for (JsonNode item : array) {
            if (!item.isObject()) {
                continue;
            }
            for (Map.Entry<String, JsonNode> e : item.properties()) {
                String value = Nodes.scalar(e.getValue());
                if (value == null) {
                    continue;
                }
                if (values.put(e.getKey(), value) != null && !repeated.contains(e.getKey())) {
                    repeated.add(e.getKey());
                }
            }
        }
        return new SessionFields(values, repeated);
    }
}
