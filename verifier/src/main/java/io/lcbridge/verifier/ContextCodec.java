package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.TokenStatus;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link ChatContext} as a small JSON document, for stores that keep text. */
final class ContextCodec {

    private ContextCodec() {}

    /**
     * Writes the document straight into a {@link StringBuilder}: this runs once per delivery on the JDBC store's path,
     * where a node tree was a tenth of its JVM time and a Jackson generator's set-up still a third of what remained.
     * The output is what Jackson writes for the same members, character for character: {@code "}, {@code \\} and
     * control characters escaped (the short forms {@code \b \t \n \f \r}, else a six-character escape with four upper-case hex digits), everything else
     * as is ({@code ContextCodecTest} compares the two on random text).
     */
    static String encode(ChatContext ctx) {
        StringBuilder out = new StringBuilder(320);
        out.append('{');
        property(out, "chat", ctx.chatId());
        out.append(',');
        property(out, "thread", ctx.threadId());
        out.append(",\"started\":");
        instant(out, ctx.threadStartedAt());
        out.append(",\"updated\":");
        instant(out, ctx.updatedAt());
        VerifiedCustomer c = ctx.customer();
        out.append(",\"customer\":{");
        if (c.customerId() != null) {
            property(out, "id", c.customerId());
            out.append(',');
        }
        property(out, "status", c.status().name());
        out.append(',');
        property(out, "reason", c.reason());
        if (c.identity().isPresent()) {
            CustomerIdentity identity = c.identity().get();
            out.append(",\"identity\":{");
            property(out, "sub", identity.subject());
            if (identity.name().isPresent()) {
                out.append(',');
                property(out, "name", identity.name().get());
            }
            if (identity.email().isPresent()) {
                out.append(',');
                property(out, "email", identity.email().get());
            }
            out.append(",\"vars\":");
            strings(out, identity.sessionVariables());
            out.append('}');
        }
        out.append(",\"fields\":{");
        boolean first = true;
        for (Map.Entry<String, FieldStatus> f : c.fields().entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            property(out, f.getKey(), f.getValue().name());
        }
        out.append("},\"unsigned\":");
        strings(out, c.unsignedVariables());
        out.append(",\"repeated\":[");
        first = true;
        for (String key : c.repeatedKeys()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, key);
        }
        out.append("]}}");
        return out.toString();
    }

    private static void strings(StringBuilder out, Map<String, String> values) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            property(out, e.getKey(), e.getValue());
        }
        out.append('}');
    }

    private static void property(StringBuilder out, String name, String value) {
        string(out, name);
        out.append(':');
        string(out, value);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** A JSON string as Jackson's default generator writes it. */
    static void string(StringBuilder out, String s) {
        out.append('"');
        int from = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch >= 0x20 && ch != '"' && ch != '\\') {
                continue;
            }
            out.append(s, from, i);
            from = i + 1;
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> out.append("\\u00").append(HEX[ch >> 4]).append(HEX[ch & 0xF]);
            }
        }
        out.append(s, from, n).append('"');
    }

    /** {@code instant.toString()} as a JSON string, without the formatter for the years 0 to 9999. */
    static void instant(StringBuilder out, Instant instant) {
        long seconds = instant.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400L);
        if (day < YEAR_0_DAY || day >= YEAR_10000_DAY) {
            out.append('"').append(instant).append('"');
            return;
        }
        LocalDate date = LocalDate.ofEpochDay(day);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        out.append('"');
        digits(out, date.getYear(), 4);
        out.append('-');
        digits(out, date.getMonthValue(), 2);
        out.append('-');
        digits(out, date.getDayOfMonth(), 2);
        out.append('T');
        digits(out, secondOfDay / 3600, 2);
        out.append(':');
        digits(out, secondOfDay / 60 % 60, 2);
        out.append(':');
        digits(out, secondOfDay % 60, 2);
        int nano = instant.getNano();
        if (nano != 0) {
            out.append('.');
            if (nano % 1_000_000 == 0) {
                digits(out, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(out, nano / 1000, 6);
            } else {
                digits(out, nano, 9);
            }
        }
        out.append("Z\"");
    }

    private static final long YEAR_0_DAY = LocalDate.of(0, 1, 1).toEpochDay();
    private static final long YEAR_10000_DAY = LocalDate.of(10000, 1, 1).toEpochDay();

    private static void digits(StringBuilder out, int value, int width) {
        for (int p = width - 1; p >= 0; p--) {
            int divisor = POWERS[p];
            out.append((char) ('0' + value / divisor % 10));
        }
    }

    private static final int[] POWERS = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

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
