package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.InvalidIdentityException;
import io.lcbridge.core.TokenStatus;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDBC store's context document: written by hand into a StringBuilder since 2026-12-02, character for character
 * what Jackson's generator and the node tree before it wrote (rows written before and after read alike), and read
 * back unchanged.
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

    @Property(tries = 500)
    void anyTextIsEscapedAsJacksonEscapesIt(@ForAll("text") String text) {
        StringBuilder out = new StringBuilder();

        ContextCodec.string(out, text);

        assertThat(out.toString()).isEqualTo(jacksonString(text));
    }

    @Test
    void everyCharacterIsEscapedAsJacksonEscapesIt() {
        for (char ch = 0; ch < Character.MAX_VALUE; ch++) {
            String text = "a" + ch + "b";
            StringBuilder out = new StringBuilder();
            ContextCodec.string(out, text);
            assertThat(out.toString()).as("U+%04X", (int) ch).isEqualTo(jacksonString(text));
        }
    }

    @Property(tries = 2000)
    void anyInstantIsWrittenAsItsToString(@ForAll("instants") Instant instant) {
        StringBuilder out = new StringBuilder();

        ContextCodec.instant(out, instant);

        assertThat(out.toString()).isEqualTo('"' + instant.toString() + '"');
    }

    @Test
    void instantsAtTheEdgesOfTheFastPathAreWrittenAsTheirToString() {
        for (String edge : List.of(
                "0000-01-01T00:00:00Z",
                "-0001-12-31T23:59:59.999999999Z",
                "9999-12-31T23:59:59.999999999Z",
                "+10000-01-01T00:00:00Z",
                "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.000000001Z",
                "2026-12-02T08:00:00.100Z",
                "2026-12-02T08:00:00.000100Z",
                "2026-12-02T08:00:00.000000100Z")) {
            Instant instant = Instant.parse(edge);
            StringBuilder out = new StringBuilder();
            ContextCodec.instant(out, instant);
            assertThat(out.toString()).as(edge).isEqualTo('"' + instant.toString() + '"');
        }
        for (Instant extreme : List.of(Instant.MIN, Instant.MAX, Instant.EPOCH)) {
            StringBuilder out = new StringBuilder();
            ContextCodec.instant(out, extreme);
            assertThat(out.toString()).isEqualTo('"' + extreme.toString() + '"');
        }
    }

    @Property(tries = 300)
    void randomContextsAreWrittenAsTheNodeTreeWroteThemAndReadBack(
            @ForAll("text") String subject,
            @ForAll("text") String name,
            @ForAll("text") String key,
            @ForAll("text") String value,
            @ForAll("instants") Instant started) {
        CustomerIdentity identity;
        try {
            identity = CustomerIdentity.builder(subject.isBlank() ? "s" : subject)
                    .name(name.isEmpty() ? null : name)
                    .variable("k", value)
                    .build();
        } catch (InvalidIdentityException e) { // control characters, lone surrogates: the other members still get them
            identity = CustomerIdentity.builder("fallback").variable("k", "v").build();
        }
        Map<String, FieldStatus> fields = new LinkedHashMap<>();
        fields.put("name", FieldStatus.MATCH);
        VerifiedCustomer customer = new VerifiedCustomer(
                value,
                TokenStatus.VERIFIED,
                name,
                Optional.of(identity),
                fields,
                Map.of(key, value),
                List.of(key, value));
        ChatContext context = new ChatContext(subject, key, started, customer, UPDATED);

        String json = ContextCodec.encode(context);

        assertThat(json).isEqualTo(treeEncoding(context));
        assertThat(ContextCodec.decode(json)).isEqualTo(context);
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withCharRange('\u0000', '\u007f').ofMaxLength(40),
                Arbitraries.strings()
                        .withChars('"', '\\', '/', '\n', '\u0000', '\u001f', '\u2028', 'a', '\ud83d', '\ude00')
                        .ofMaxLength(20));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(
                Arbitraries.longs()
                        .between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond())
                        .flatMap(s ->
                                Arbitraries.integers().between(0, 999_999_999).map(n -> Instant.ofEpochSecond(s, n))),
                Arbitraries.longs()
                        .between(-70_000_000_000L, 260_000_000_000L)
                        .flatMap(s -> Arbitraries.of(0, 5_000_000, 250_000_000, 123_000, 7)
                                .map(n -> Instant.ofEpochSecond(s, n))));
    }

    /** A string as Jackson's default generator writes it (what the encoder used until 2026-12-02). */
    private static String jacksonString(String text) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JsonFactory.builder().build().createGenerator(ObjectWriteContext.empty(), out)) {
            g.writeString(text);
        }
        return out.toString();
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
