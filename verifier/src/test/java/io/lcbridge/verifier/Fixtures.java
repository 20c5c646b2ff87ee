package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/** The LiveChat samples of {@code src/test/resources/livechat} with freshly signed tokens. */
final class Fixtures {

    static final String SECRET = "laudla991lamda0pnoaa0";
    static final String AUDIENCE = "12345678";
    static final String ORGANIZATION = "390e44e6-f1e6-0368c-z6ddb-74g14508c2ex";
    static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret("q4jWb7m8r0JpW2bLx9z1S3v5T7y9A1c3E5g7I9k1M3o=");
    static final IdentityKeySet OTHER_KEYS =
            IdentityKeySet.fromHs256Secret("Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG8=");
    /** The sample thread's {@code created_at}. */
    static final Instant THREAD_START = Instant.parse("2026-11-20T11:42:47.383Z");
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
        try (InputStream in = Fixtures.class.getResourceAsStream("/livechat/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
