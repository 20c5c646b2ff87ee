package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.TokenStatus;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC store's context document: written by a streaming generator since 2026-12-01, byte for byte what the
 * node tree it replaced wrote (rows written before and after read alike), and read back unchanged.
 */
final class ContextCodecTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T08:00:00Z");
    private static final Instant UPDATED = Instant.parse("2026-12-01T08:00:01.250Z");

    @Test
    void aVerifiedCustomerWithEveryPartIsWrittenAsTheNodeTreeWroteItAndReadBack() {
        Map<String, FieldStatus> fields = new LinkedHashMap<>();
        fields.put("name", FieldStatus.MATCH);
        fields.put("email", FieldStatus.CHANGED);
        CustomerIdentity identity = CustomerIdentity.builder("user-42 \"quoted\" </script>")
                .name("Zoë \u2028 Anderson")
                .email("zoe@example.com")
                .variable("plan", "gold")
                .variable("quote", "line\nbreak \"x\"")
                .build();
        VerifiedCustomer customer = new VerifiedCustomer(
                "K600PKZON8",
                TokenStatus.VERIFIED,
                "ok",
                Optional.of(identity),
                fields,
                Map.of("utm", "a\\b"),
                List.of("plan", "utm"));
        ChatContext context = new ChatContext("PJ0MRSHTDG", "QR2T6P1M0K", STARTED, customer, UPDATED);

        String json = ContextCodec.encode(context);

        assertThat(json).isEqualTo(treeEncoding(context));
        assertThat(ContextCodec.decode(json)).isEqualTo(context);
    }

    @Test
    void anAnonymousCustomerWithoutIdIsWrittenAsTheNodeTreeWroteItAndReadBack() {
        VerifiedCustomer customer = new VerifiedCustomer(
                null, TokenStatus.NO_TOKEN, "no token", Optional.empty(), Map.of(), Map.of(), List.of());
        ChatContext context = new ChatContext("CHAT", "THREAD", STARTED, customer, UPDATED);

        String json = ContextCodec.encode(context);

        assertThat(json).isEqualTo(treeEncoding(context));
        assertThat(ContextCodec.decode(json)).isEqualTo(context);
    }

    /** The encoder as it was until 2026-12-01: a node tree, then its {@code toString()}. */
    private static String treeEncoding(ChatContext ctx) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode root = nodes.objectNode();
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
}
