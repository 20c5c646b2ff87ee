package io.lcbridge.spring;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** LiveChat's sample deliveries (from {@code src/test/resources/livechat}) with a token of our choice. */
final class TestWebhooks {

    /** The sample's {@code secret_key}. */
    static final String SECRET_KEY = "laudla991lamda0pnoaa0";
    /** A valid HS256 secret (32 bytes, base64). */
    static final String SIGNING_SECRET = "q4jWb7m8r0JpW2bLx9z1S3v5T7y9A1c3E5g7I9k1M3o=";

    private TestWebhooks() {}

    static String raw(String name) {
        try (InputStream in = TestWebhooks.class.getResourceAsStream("/livechat/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
