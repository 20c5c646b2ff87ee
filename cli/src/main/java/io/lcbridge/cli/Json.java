package io.lcbridge.cli;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The CLI's JSON output. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    static String pretty(String json) {
        JsonNode node = MAPPER.readTree(json);
        return MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node);
    }

    static String compact(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}
