package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.testsupport.fixtures.TestKeys;
import io.lcbridge.testsupport.fixtures.WebhookSamples;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** LiveChat's sample deliveries (test-support's {@link WebhookSamples}) with freshly signed tokens. */
final class Fixtures {

    static final String SECRET = WebhookSamples.SECRET_KEY;
    static final String AUDIENCE = WebhookSamples.LICENSE;
    static final String ORGANIZATION = WebhookSamples.ORGANIZATION;
    static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(TestKeys.HS256_SECRET);
    static final IdentityKeySet OTHER_KEYS = IdentityKeySet.fromHs256Secret(TestKeys.OTHER_HS256_SECRET);
    /** The sample thread's {@code created_at}. */
    static final Instant THREAD_START = WebhookSamples.THREAD_START;
    /** Reception time used by the tests: a minute after the thread started. */
    static final Instant RECEIVED = THREAD_START.plusSeconds(60);

    /** The identity the sample chat shows, signed in full. */
    static final CustomerIdentity ANDERSON = CustomerIdentity.builder("user-42")
            .name("Thomas Anderson")
            .email("t.anderson@example.com")
            .variable("plan", "enterprise")
            .variable("account_id", "acc_12345")
            .build();

    private Fixtures() {}

    static String raw(String name) {
        return WebhookSamples.raw(name);
    }

    /** A token for {@code identity}, minted at {@code mintedAt}, valid 12 h, for {@code audience}. */
    static String token(IdentityKeySet keys, CustomerIdentity identity, String audience, Instant mintedAt) {
        return IdentitySigner.builder(keys, audience)
                .clock(Clock.fixed(mintedAt, ZoneOffset.UTC))
                .lifetime(Duration.ofHours(12))
                .build()
                .sign(identity)
                .token();
    }

    /** A token minted 5 minutes before the thread started. */
    static String token(CustomerIdentity identity) {
        return token(KEYS, identity, AUDIENCE, THREAD_START.minusSeconds(300));
    }

    /** The fixture with {@code {{TOKEN}}} replaced. */
    static String withToken(String name, String token) {
        return raw(name).replace("{{TOKEN}}", token);
    }

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The sample {@code incoming_chat} carrying a valid token for {@link #ANDERSON}. */
    static byte[] incomingChat() {
        return bytes(withToken("incoming_chat.v3.6.json", token(ANDERSON)));
    }
}
