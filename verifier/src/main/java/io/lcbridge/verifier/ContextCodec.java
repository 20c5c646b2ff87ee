package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.TokenStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ChatContext} as a small JSON document, for stores that keep text. */
final class ContextCodec {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ContextCodec() {}

    static String encode(ChatContext ctx) {
        ObjectNode root = NODES.objectNode();
        root.put("chat", ctx.chatId());
        root.put("thread", ctx.threadId());
        root.put("started", ctx.threadStartedAt().toString());
        root.put("updated", ctx.updatedAt().toString());
        VerifiedCustomer c = ctx.customer();
        ObjectNode customer = root.putObject("customer");
        if (c.customerId() != null) {
            customer.put("id", c.customerId());
        }
        customer.put("status", c.status().name());
        customer.put("reason", c.reason());
        c.identity().ifPresent(identity -> {
            ObjectNode i = customer.putObject("identity");
            i.put("sub", identity.subject());
            identity.name().ifPresent(n -> i.put("name", n));
            identity.email().ifPresent(e -> i.put("email", e));
            ObjectNode vars = i.putObject("vars");
            identity.sessionVariables().forEach(vars::put);
        });
        ObjectNode fields = customer.putObject("fields");
        c.fields().forEach((k, v) -> fields.put(k, v.name()));
        ObjectNode unsigned = customer.putObject("unsigned");
        c.unsignedVariables().forEach(unsigned::put);
        ArrayNode repeated = customer.putArray("repeated");
        c.repeatedKeys().forEach(repeated::add);
        return root.toString();
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
