package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.TokenStatus;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;

import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ChatContext} as a small JSON document, for stores that keep text. */
final class ContextCodec {

    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private ContextCodec() {}

    /**
     * Writes the document straight to a generator (no intermediate node tree: this runs once per delivery on the
     * JDBC store's path, and building the tree was a tenth of its JVM time). The output is the same as the tree's,
     * member for member ({@code ContextCodecTest}).
     */
    static String encode(ChatContext ctx) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeStartObject();
            g.writeStringProperty("chat", ctx.chatId());
            g.writeStringProperty("thread", ctx.threadId());
            g.writeStringProperty("started", ctx.threadStartedAt().toString());
            g.writeStringProperty("updated", ctx.updatedAt().toString());
            VerifiedCustomer c = ctx.customer();
            g.writeName("customer");
            g.writeStartObject();
            if (c.customerId() != null) {
                g.writeStringProperty("id", c.customerId());
            }
            g.writeStringProperty("status", c.status().name());
            g.writeStringProperty("reason", c.reason());
            if (c.identity().isPresent()) {
                CustomerIdentity identity = c.identity().get();
                g.writeName("identity");
                g.writeStartObject();
                g.writeStringProperty("sub", identity.subject());
                if (identity.name().isPresent()) {
                    g.writeStringProperty("name", identity.name().get());
                }
                if (identity.email().isPresent()) {
                    g.writeStringProperty("email", identity.email().get());
                }
                writeStrings(g, "vars", identity.sessionVariables());
                g.writeEndObject();
            }
            g.writeName("fields");
            g.writeStartObject();
            for (Map.Entry<String, FieldStatus> f : c.fields().entrySet()) {
                g.writeStringProperty(f.getKey(), f.getValue().name());
            }
            g.writeEndObject();
            writeStrings(g, "unsigned", c.unsignedVariables());
            g.writeName("repeated");
            g.writeStartArray();
            for (String key : c.repeatedKeys()) {
                g.writeString(key);
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toString();
    }

    private static void writeStrings(JsonGenerator g, String name, Map<String, String> values) {
        g.writeName(name);
        g.writeStartObject();
        for (Map.Entry<String, String> e : values.entrySet()) {
            g.writeStringProperty(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }

    static ChatContext decode(String json) {
        JsonNode root = Envelope.MAPPER.readTree(json);
        JsonNode c = root.get("customer");
        Optional<CustomerIdentity> identity = Optional.empty();
        JsonNode i = c.get("identity");
        if (i != null) {
            CustomerIdentity.Builder b = CustomerIdentity.builder(i.get("sub").stringValue())
                    .name(Nodes.text(i, "name"))
                    .email(Nodes.text(i, "email"));
            i.get("vars")
                    .properties()
                    .forEach(e -> b.variable(e.getKey(), e.getValue().stringValue()));
            identity = Optional.of(b.build());
        }
        Map<String, FieldStatus> fields = new LinkedHashMap<>();
        c.get("fields")
                .properties()
                .forEach(e ->
                        fields.put(e.getKey(), FieldStatus.valueOf(e.getValue().stringValue())));
        Map<String, String> unsigned = new LinkedHashMap<>();
        c.get("unsigned")
                .properties()
                .forEach(e -> unsigned.put(e.getKey(), e.getValue().stringValue()));
        List<String> repeated = new ArrayList<>();
        c.get("repeated").forEach(n -> repeated.add(n.stringValue()));
        VerifiedCustomer customer = new VerifiedCustomer(
                Nodes.text(c, "id"),
                TokenStatus.valueOf(c.get("status").stringValue()),
                c.get("reason").stringValue(),
                identity,
                fields,
                unsigned,
                repeated);
        return new ChatContext(
                root.get("chat").stringValue(),
                root.get("thread").stringValue(),
                Instant.parse(root.get("started").stringValue()),
                customer,
                Instant.parse(root.get("updated").stringValue()));
    }
}
