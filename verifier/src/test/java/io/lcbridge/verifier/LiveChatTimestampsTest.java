package io.lcbridge.verifier;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast path for LiveChat's timestamps reads exactly what {@link Instant#parse} reads. */
class LiveChatTimestampsTest {

    @Test
    void readsLiveChatTimestampsLikeInstantParse() {
        for (String s : new String[] {
            "2026-11-20T11:42:47.383Z",
            "2026-11-20T11:42:47Z",
            "2024-02-29T23:59:59.999999999Z",
            "1970-01-01T00:00:00.1Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.12345Z"
        }) {
            assertThat(LiveChatTimestamps.parseUtc(s)).as(s).isEqualTo(Instant.parse(s));
        }
    }

    @Test
    void leavesEverythingElseToInstantParse() {
        for (String s : new String[] {
            "2026-11-20T11:42:47.383+01:00",
            "2026-11-20T23:59:60Z",
            "2026-02-29T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-11-31T10:00:00Z",
            "2026-11-20T24:00:00Z",
            "2026-11-20T11:42:47.Z",
            "2026-11-20T11:42:47.1234567890Z",
            "2026-11-20 11:42:47Z",
            "+2026-11-20T11:42:47Z",
            "2026-11-20T11:42:4xZ",
            "2026-11-20T11:42:47,5Z"
        }) {
            assertThat(LiveChatTimestamps.parseUtc(s)).as(s).isNull();
        }
    }

    @Test
    void unreadableTimestampsStillCountAsAbsent() {
        var node = Envelope.MAPPER.readTree("{\"a\":\"2026-02-30T10:00:00Z\",\"b\":\"2026-11-20T11:42:47.383Z\"}");
        assertThat(Nodes.instant(node, "a")).isNull();
        assertThat(Nodes.instant(node, "b")).isEqualTo(Instant.parse("2026-11-20T11:42:47.383Z"));
    }

    @Property(tries = 500)
    void agreesWithInstantParseOnRandomInstants(
            @ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) long seconds,
            @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        String s = Instant.ofEpochSecond(seconds, nanos).toString();
        assertThat(LiveChatTimestamps.parseUtc(s)).as(s).isEqualTo(Instant.parse(s));
    }

    @Property(tries = 500)
    void neverDisagreesWithInstantParse(@ForAll("timestampLike") String s) {
        Instant fast = LiveChatTimestamps.parseUtc(s);
        if (fast != null) {
            assertThat(fast).as(s).isEqualTo(Instant.parse(s));
        } else {
            try {
                Instant.parse(s); // may or may not parse; the slow path decides
            } catch (DateTimeParseException expected) {
                // fine
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> timestampLike() {
        return net.jqwik.api.Arbitraries.strings()
                .withChars("0123456789-:TZ.")
                .ofMinLength(19)
                .ofMaxLength(31)
                .map(tail -> "20" + tail);
    }
}
