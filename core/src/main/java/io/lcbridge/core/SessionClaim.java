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

    public SessionClaim {
        Objects.requireNonNull(value, "value");
        if (value.length() != 22 || !value.chars().allMatch(SessionClaim::isBase64url)) {
            throw new IllegalArgumentException("a session claim is 22 base64url characters");
        }
    }

    /** The claim of the HTTP session {@code sessionId} (never stored or rendered itself). */
    public static SessionClaim ofSessionId(String sessionId) {
        if (sessionId == null || sessionId.isEmpty()) {
            throw new IllegalArgumentException("session id must not be empty");
        }
        byte[] sha;
        try {
            sha = MessageDigest.getInstance("SHA-256").digest(sessionId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
        return new SessionClaim(Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sha, BYTES)));
    }

    private static boolean isBase64url(int c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
    }
}
