package io.lcbridge.spring;

import io.lcbridge.testsupport.fixtures.TestKeys;
import io.lcbridge.testsupport.fixtures.WebhookSamples;

import java.nio.charset.StandardCharsets;

/** LiveChat's sample deliveries (test-support's {@link WebhookSamples}) with a token of our choice. */
final class TestWebhooks {

    /** The sample's {@code secret_key}. */
    static final String SECRET_KEY = WebhookSamples.SECRET_KEY;
    /** A valid HS256 secret (32 bytes, base64). */
    static final String SIGNING_SECRET = TestKeys.HS256_SECRET;

    private TestWebhooks() {}

    static String raw(String name) {
        return WebhookSamples.raw(name);
    }

    /**
     * The sample {@code incoming_chat} with {@code token} in the session fields and the customer's
     * displayed name and email replaced by {@code name} and {@code email}.
     */
    static byte[] incomingChat(String token, String name, String email) {
        String json = raw("incoming_chat.v3.6.json")
                .replace("{{TOKEN}}", token)
                .replace("\"Thomas Anderson\"", quote(name))
                .replace("\"t.anderson@example.com\"", quote(email));
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static String quote(String value) {
        return value == null ? "null" : "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
