package io.lcbridge.verifier;

import org.jspecify.annotations.Nullable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides whether a webhook delivery comes from LiveChat (or from a trusted relay).
 *
 * <p>Two proofs, {@linkplain Mode configurable} which are required:
 * <ul>
 *   <li>{@linkplain Builder#secretKeys LiveChat's own}: the {@code secret_key} LiveChat puts in the
 *       JSON body, equal to one of the configured secrets (several, to rotate: register the new
 *       webhook, accept both, drop the old one);</li>
 *   <li>{@linkplain Builder#signatureSecrets a relay's}: an HMAC-SHA256 of the raw body, hex-encoded
 *       in a header (default {@value #DEFAULT_SIGNATURE_HEADER}, an optional {@code sha256=} prefix is
 *       accepted). LiveChat itself sends no such header; it is for deployments behind a relay that signs.</li>
 * </ul>
 * Every comparison is constant-time ({@link MessageDigest#isEqual} over fixed-length digests) and
 * runs over all configured secrets, so timing tells nothing about which one was close. Secrets are
 * never logged or put in exceptions. Thread-safe.
 */
public final class WebhookAuthenticator {

    /** Header carrying a relay's signature unless configured otherwise. */
    public static final String DEFAULT_SIGNATURE_HEADER = "X-LiveChat-Signature";

    /** Which proofs a delivery must carry. */
    public enum Mode {
        /** The body's {@code secret_key} (LiveChat's way). */
        SECRET_KEY,
        /** The HMAC signature header (a relay's way). */
        SIGNATURE,
        /** Both. */
        SECRET_KEY_AND_SIGNATURE,
        /** Either one. */
        SECRET_KEY_OR_SIGNATURE
    }

    private final List<byte[]> secretDigests;
    private final List<SecretKeySpec> signatureKeys;
    private final String signatureHeader;
    private final Mode mode;

    private WebhookAuthenticator(Builder b) {
        this.secretDigests = List.copyOf(b.secretDigests);
        this.signatureKeys = List.copyOf(b.signatureKeys);
        this.signatureHeader = b.signatureHeader;
        if (secretDigests.isEmpty() && signatureKeys.isEmpty()) {
            throw new IllegalArgumentException(
                    "webhook authenticator: configure at least one secret key or signature secret");
        }
        this.mode = b.mode != null
                ? b.mode
                : signatureKeys.isEmpty()
                        ? Mode.SECRET_KEY
                        : secretDigests.isEmpty() ? Mode.SIGNATURE : Mode.SECRET_KEY_AND_SIGNATURE;
        boolean needsSecret = mode != Mode.SIGNATURE;
        boolean needsSignature = mode != Mode.SECRET_KEY;
        if (needsSecret && secretDigests.isEmpty() && mode != Mode.SECRET_KEY_OR_SIGNATURE) {
            throw new IllegalArgumentException(
                    "webhook authenticator: mode " + mode + " needs at least one secret key");
        }
        if (needsSignature && signatureKeys.isEmpty() && mode != Mode.SECRET_KEY_OR_SIGNATURE) {
            throw new IllegalArgumentException(
                    "webhook authenticator: mode " + mode + " needs at least one signature secret");
        }
    }

    /** LiveChat's way only: the body's {@code secret_key} must equal one of {@code secretKeys}. */
    public static WebhookAuthenticator secretKey(String... secretKeys) {
        return builder().secretKeys(secretKeys).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Which proofs are required. */
    public Mode mode() {
        return mode;
    }

    /** The header read for a relay's signature. */
    public String signatureHeader() {
        return signatureHeader;
    }

    /**
     * Whether the delivery carries the required proofs.
     *
     * @param rawBody       the exact bytes received (the signature covers them)
     * @param bodySecretKey the envelope's {@code secret_key}, {@code null} when absent
     * @param headers       the request's headers
     */
    public boolean authenticate(byte[] rawBody, @Nullable String bodySecretKey, WebhookHeaders headers) {
        Objects.requireNonNull(rawBody, "rawBody");
        Objects.requireNonNull(headers, "headers");
        switch (mode) {
            case SECRET_KEY:
                return secretMatches(bodySecretKey);
            case SIGNATURE:
                return signatureMatches(rawBody, headers.get(signatureHeader));
            case SECRET_KEY_AND_SIGNATURE:
                return secretMatches(bodySecretKey) & signatureMatches(rawBody, headers.get(signatureHeader));
            default:
                return secretMatches(bodySecretKey) | signatureMatches(rawBody, headers.get(signatureHeader));
        }
    }

    boolean secretMatches(String bodySecretKey) {
        if (bodySecretKey == null || secretDigests.isEmpty()) {
            return false;
        }
        byte[] digest = sha256(bodySecretKey.getBytes(StandardCharsets.UTF_8));
        boolean match = false;
        for (byte[] expected : secretDigests) {
            match |= MessageDigest.isEqual(expected, digest);
        }
        return match;
    }

    boolean signatureMatches(byte[] body, String header) {
        if (header == null || signatureKeys.isEmpty()) {
            return false;
        }
        String hex = header.strip();
        if (hex.regionMatches(true, 0, "sha256=", 0, 7)) {
            hex = hex.substring(7);
        }
        byte[] given = decodeHex(hex);
        if (given == null) {
            return false;
        }
        boolean match = false;
        for (SecretKeySpec key : signatureKeys) {
            match |= MessageDigest.isEqual(hmac(key, body), given);
        }
        return match;
    }

    /** HMAC-SHA256 of {@code body} with {@code secret}, lower-case hex: what a relay puts in the header. */
    public static String sign(byte[] body, String secret) {
        byte[] mac = hmac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"), body);
        StringBuilder hex = new StringBuilder(64);
        for (byte b : mac) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    private static byte[] hmac(SecretKeySpec key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] decodeHex(String hex) {
        if (hex.length() != 64) {
            return null;
        }
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i++) {
            int hi = Character.digit(hex.charAt(2 * i), 16);
            int lo = Character.digit(hex.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            out[i] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    static byte[] sha256(byte[] data) {
        return SHA256.get().digest(data);
    }

    @Override
    public String toString() {
        return "WebhookAuthenticator[mode=" + mode + ", secretKeys=" + secretDigests.size() + ", signatureSecrets="
                + signatureKeys.size() + "]";
    }

    /** Settings of a {@link WebhookAuthenticator}. */
    public static final class Builder {
        private final List<byte[]> secretDigests = new ArrayList<>();
        private final List<SecretKeySpec> signatureKeys = new ArrayList<>();
        private String signatureHeader = DEFAULT_SIGNATURE_HEADER;
        private Mode mode;

        private Builder() {}

        /** Accepted values of the body's {@code secret_key}; several while rotating. */
        public Builder secretKeys(String... secretKeys) {
            for (String s : secretKeys) {
                if (s == null || s.isBlank()) {
                    throw new IllegalArgumentException("webhook secret key must not be blank");
                }
                secretDigests.add(sha256(s.getBytes(StandardCharsets.UTF_8)));
            }
            return this;
        }

        /** Accepted HMAC-SHA256 secrets of a signing relay (at least 16 characters); several while rotating. */
        public Builder signatureSecrets(String... secrets) {
            for (String s : secrets) {
                if (s == null || s.length() < 16) {
                    throw new IllegalArgumentException("webhook signature secret must be at least 16 characters");
                }
                signatureKeys.add(new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            }
            return this;
        }

        /** Header carrying the relay's signature (default {@value WebhookAuthenticator#DEFAULT_SIGNATURE_HEADER}). */
        public Builder signatureHeader(String header) {
            if (header == null || header.isBlank()) {
                throw new IllegalArgumentException("signature header name must not be blank");
            }
            this.signatureHeader = header;
            return this;
        }

        /**
         * Which proofs are required. Default: the ones configured ({@link Mode#SECRET_KEY_AND_SIGNATURE}
         * when both kinds of secret are given).
         */
        public Builder require(Mode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        public WebhookAuthenticator build() {
            return new WebhookAuthenticator(this);
        }
    }
}
