package io.lcbridge.benchmarks;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The 4 KB {@code incoming_chat} sample (LiveChat webhook v3.6) with a signed identity, as every webhook benchmark
 * and load sends it. The sample's thread starts at a chosen instant and the token is minted a minute before, so the
 * verifier sees a token that was alive when the chat started. A load that receives on the real clock must pass the
 * run's start: a token bound long after its expiry (the sample's fixed 2026-11-20 date) no longer verifies.
 */
final class SampleDelivery {

    /** The thread start written in the sample file, replaced by the chosen one. */
    static final String SAMPLE_THREAD_START = "2026-11-20T11:42:47.383000Z";

    /** LiveChat's timestamp shape: UTC, microseconds. */
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final CustomerIdentity IDENTITY = CustomerIdentity.builder("user-8472")
            .name("Thomas Anderson")
            .email("t.anderson@example.com")
            .variable("plan", "enterprise")
            .variable("account_id", "acc_12345")
            .build();

    private SampleDelivery() {}

    /** The sample's JSON with its thread started at {@code threadStart} and a token for {@code audience}. */
    static String body(IdentityKeySet keys, String audience, Instant threadStart) {
        String token = IdentitySigner.builder(keys, audience)
                .clock(Clock.fixed(threadStart.minusSeconds(60), ZoneOffset.UTC))
                .build()
                .sign(IDENTITY)
                .token();
        String sample = WebhookBenchmark.resource("/livechat/incoming_chat.v3.6.json");
        if (!sample.contains(SAMPLE_THREAD_START) || !sample.contains("{{TOKEN}}")) {
            throw new IllegalStateException(
                    "the sample lacks its thread start " + SAMPLE_THREAD_START + " or its {{TOKEN}} placeholder");
        }
        return sample.replace("{{TOKEN}}", token).replace(SAMPLE_THREAD_START, MICROS.format(threadStart));
    }
}
