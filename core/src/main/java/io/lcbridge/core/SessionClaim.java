package io.lcbridge.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * The {@code sid} claim of an identity token: which browser session the token was minted for, as the
 * base64url form of the first 128 bits of the SHA-256 of the HTTP session id. The raw session id never
 * leaves the server (it is a bearer credential of its own); the digest only makes tokens of two sessions
 * differ, so two devices of one user never share a token and a token bound to one device's LiveChat
 * customer is not the other device's.
 *
 * @param value the claim, 22 base64url characters
 */
public record SessionClaim(String value) {

    private static final int BYTES = 16;
    private static final int LENGTH = 22;

    /** One digest per thread: a signed-in page works out its session's claim on every request. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    public SessionClaim {
        Objects.requireNonNull(value, "value");
        if (value.length() != LENGTH || !isBase64url(value)) {
            throw new IllegalArgumentException("a session claim is 22 base64url characters");
        }
    }

    /** The claim of the HTTP session {@code sessionId} (never stored or rendered itself). */
    public static SessionClaim ofSessionId(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            throw new IllegalArgumentException("session id must not be empty");
        }
        MessageDigest digest = SHA256.get();
        digest.reset();
        byte[] sha = digest.digest(sessionId.getBytes(StandardCharsets.UTF_8));
        return new SessionClaim(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, BYTES)));
    }

    private static boolean isBase64url(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isBase64url(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase64url(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
