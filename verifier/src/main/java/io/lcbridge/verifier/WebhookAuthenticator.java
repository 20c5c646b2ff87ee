package io.lcbridge.verifier;

import org.jspecify.annotations.Nullable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Decides whether a webhook delivery comes from LiveChat (or from a trusted relay).
 *
 * <p>Two proofs, {@linkplain Mode configurable} which are required:
 * <ul>
 *   <li>{@linkplain Builder#secretKeys LiveChat's own}: the {@code secret_key} LiveChat puts in the
 *       JSON body, equal to one of the configured secrets (several, to rotate: register the new
 *       webhook, accept both, drop the old one);</li>
 *   <li>{@linkplain Builder#signatureSecrets a relay's}: a <a href="https://www.standardwebhooks.com/">Standard
 *       Webhooks</a> signature: headers {@value #ID_HEADER}, {@value #TIMESTAMP_HEADER} (Unix seconds) and
 *       {@value #SIGNATURE_HEADER} ({@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body}; several
 *       space-separated entries allowed). A timestamp further than the {@linkplain Builder#signatureTolerance
 *       tolerance} (default 5 minutes) from the reception time is refused, so a captured delivery cannot be
 *       replayed later. LiveChat itself sends no such headers; they are for deployments behind a relay that
 *       signs.</li>
 * </ul>
 * The old relay header (default {@value #DEFAULT_SIGNATURE_HEADER}: the hex HMAC of the body alone, with no
 * timestamp, so replayable forever) is refused unless {@linkplain Builder#acceptLegacySignatureHeader
 * explicitly enabled}; it is deprecated.
 *
 * <p>Every comparison is constant-time ({@link MessageDigest#isEqual} over fixed-length digests) and
 * runs over all configured secrets, so timing tells nothing about which one was close. Secrets are
 * never logged or put in exceptions. Thread-safe.
 */
public final class WebhookAuthenticator {

    /** Header carrying the deprecated body-only signature unless configured otherwise. */
    public static final String DEFAULT_SIGNATURE_HEADER = "X-LiveChat-Signature";
    /** Standard Webhooks: the message id, part of the signed content. */
    public static final String ID_HEADER = "webhook-id";
    /** Standard Webhooks: when the relay signed, in Unix seconds, part of the signed content. */
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";
    /** Standard Webhooks: {@code v1,<base64 HMAC-SHA256 of id.timestamp.body>}, space-separated. */
    public static final String SIGNATURE_HEADER = "webhook-signature";
    /** How far a signature's timestamp may be from the reception time unless configured otherwise. */
    public static final Duration DEFAULT_SIGNATURE_TOLERANCE = Duration.ofMinutes(5);
    /** Standard Webhooks' prefix of a base64 secret. */
    private static final String WHSEC = "whsec_";

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
    private final boolean acceptLegacySignature;
    private final Duration tolerance;
    private final Mode mode;

    private WebhookAuthenticator(Builder b) {
        this.secretDigests = List.copyOf(b.secretDigests);
        this.signatureKeys = List.copyOf(b.signatureKeys);
        this.signatureHeader = b.signatureHeader;
        this.acceptLegacySignature = b.acceptLegacySignature;
        this.tolerance = b.tolerance;
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

    /** The header read for the deprecated body-only signature, when {@linkplain #acceptsLegacySignatureHeader accepted}. */
    public String signatureHeader() {
        return signatureHeader;
    }

    /** Whether the deprecated, replayable body-only signature header is accepted. */
    public boolean acceptsLegacySignatureHeader() {
        return acceptLegacySignature;
    }

    /** How far a Standard Webhooks timestamp may be from the reception time. */
    public Duration signatureTolerance() {
        return tolerance;
    }

    /**
     * Whether the delivery carries the required proofs, with the time taken from the system clock.
     *
     * @deprecated pass the reception time: {@link #authenticate(byte[], String, WebhookHeaders, Instant)}
     */
    @Deprecated
    public boolean authenticate(byte[] rawBody, String bodySecretKey, WebhookHeaders headers) {
        return authenticate(rawBody, bodySecretKey, headers, Instant.now());
    }

    /**
     * Whether the delivery carries the required proofs.
     *
     * @param rawBody       the exact bytes received (the signature covers them)
     * @param bodySecretKey the envelope's {@code secret_key}, {@code null} when absent
     * @param headers       the request's headers
     * @param receivedAt    when the delivery arrived: a relay's signature must be this recent
     */
    public boolean authenticate(
            byte[] rawBody, @Nullable String bodySecretKey, WebhookHeaders headers, Instant receivedAt) {
        Objects.requireNonNull(rawBody, "rawBody");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(receivedAt, "receivedAt");
        switch (mode) {
            case SECRET_KEY:
                return secretMatches(bodySecretKey);
            case SIGNATURE:
                return signatureMatches(rawBody, headers, receivedAt);
            case SECRET_KEY_AND_SIGNATURE:
                return secretMatches(bodySecretKey) & signatureMatches(rawBody, headers, receivedAt);
            default:
                return secretMatches(bodySecretKey) | signatureMatches(rawBody, headers, receivedAt);
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

    private boolean signatureMatches(byte[] body, WebhookHeaders headers, Instant receivedAt) {
        if (signatureKeys.isEmpty()) {
            return false;
        }
        boolean standard = standardSignatureMatches(
                body, headers.get(ID_HEADER), headers.get(TIMESTAMP_HEADER), headers.get(SIGNATURE_HEADER), receivedAt);
        return standard || acceptLegacySignature && legacySignatureMatches(body, headers.get(signatureHeader));
    }

    boolean standardSignatureMatches(byte[] body, String id, String timestamp, String signatures, Instant receivedAt) {
        if (id == null || timestamp == null || signatures == null || !isMessageId(id)) {
            return false;
        }
        long seconds = unixSeconds(timestamp);
        if (seconds < 0 || Math.abs(seconds - receivedAt.getEpochSecond()) > tolerance.getSeconds()) {
            return false;
        }
        List<byte[]> given = new ArrayList<>();
        for (String entry : signatures.strip().split(" ", 9)) {
            if (entry.startsWith("v1,") && entry.length() <= 3 + 64) {
                try {
                    byte[] mac = Base64.getDecoder().decode(entry.substring(3));
                    if (mac.length == 32) {
                        given.add(mac);
                    }
                } catch (IllegalArgumentException e) {
                    // not base64: not a signature
                }
            }
        }
        if (given.isEmpty()) {
            return false;
        }
        byte[] prefix = (id + '.' + timestamp + '.').getBytes(StandardCharsets.US_ASCII);
        boolean match = false;
        for (SecretKeySpec key : signatureKeys) {
            byte[] expected = hmac(key, prefix, body);
            for (byte[] mac : given) {
                match |= MessageDigest.isEqual(expected, mac);
            }
        }
        return match;
    }

    /** Printable ASCII without '.' or spaces, 1 to 256 characters: the id cannot shift into the timestamp. */
    private static boolean isMessageId(String id) {
        if (id.isEmpty() || id.length() > 256) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c > '~' || c == '.') {
                return false;
            }
        }
        return true;
    }

    /** Decimal seconds (at most 12 digits, no sign), or -1. */
    private static long unixSeconds(String timestamp) {
        if (timestamp.isEmpty() || timestamp.length() > 12) {
            return -1;
        }
        long value = 0;
        for (int i = 0; i < timestamp.length(); i++) {
            char c = timestamp.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    boolean legacySignatureMatches(byte[] body, String header) {
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
            match |= MessageDigest.isEqual(hmac(key, new byte[0], body), given);
        }
        return match;
    }

    /**
     * The three Standard Webhooks headers a relay sends with {@code body}: {@value #ID_HEADER} = {@code id},
     * {@value #TIMESTAMP_HEADER} = {@code timestamp} in Unix seconds, {@value #SIGNATURE_HEADER} =
     * {@code v1,} and the base64 HMAC-SHA256 of {@code id.timestamp.body} keyed with {@code secret}
     * (a {@code whsec_} secret is base64-decoded, any other is used as its UTF-8 bytes).
     */
    public static Map<String, String> signatureHeaders(String secret, String id, Instant timestamp, byte[] body) {
        if (!isMessageId(id)) {
            throw new IllegalArgumentException("webhook-id must be 1-256 printable ASCII characters without '.'");
        }
        String seconds = Long.toString(timestamp.getEpochSecond());
        byte[] mac = hmac(key(secret), (id + '.' + seconds + '.').getBytes(StandardCharsets.US_ASCII), body);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ID_HEADER, id);
        headers.put(TIMESTAMP_HEADER, seconds);
        headers.put(SIGNATURE_HEADER, "v1," + Base64.getEncoder().encodeToString(mac));
        return headers;
    }

    /**
     * HMAC-SHA256 of {@code body} with {@code secret}, lower-case hex: the deprecated body-only signature.
     *
     * @deprecated replayable; relays sign with {@link #signatureHeaders}
     */
    @Deprecated
    public static String sign(byte[] body, String secret) {
        byte[] mac = hmac(key(secret), new byte[0], body);
        StringBuilder hex = new StringBuilder(64);
        for (byte b : mac) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }

    private static SecretKeySpec key(String secret) {
        byte[] bytes;
        if (secret.startsWith(WHSEC)) {
            try {
                bytes = Base64.getDecoder().decode(secret.substring(WHSEC.length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a whsec_ webhook signature secret must be base64 after the prefix");
            }
            if (bytes.length < 16) {
                throw new IllegalArgumentException("a whsec_ webhook signature secret must hold at least 16 bytes");
            }
        } else {
            bytes = secret.getBytes(StandardCharsets.UTF_8);
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    private static byte[] hmac(SecretKeySpec key, byte[] prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(prefix);
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
                + signatureKeys.size() + ", tolerance=" + tolerance + (acceptLegacySignature ? ", legacyHeader" : "")
                + "]";
    }

    /** Settings of a {@link WebhookAuthenticator}. */
    public static final class Builder {
        private final List<byte[]> secretDigests = new ArrayList<>();
        private final List<SecretKeySpec> signatureKeys = new ArrayList<>();
        private String signatureHeader = DEFAULT_SIGNATURE_HEADER;
        private boolean acceptLegacySignature;
        private Duration tolerance = DEFAULT_SIGNATURE_TOLERANCE;
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

        /**
         * Accepted HMAC-SHA256 secrets of a signing relay (at least 16 characters; Standard Webhooks'
         * {@code whsec_<base64>} form is decoded); several while rotating.
         */
        public Builder signatureSecrets(String... secrets) {
            for (String s : secrets) {
                if (s == null || s.length() < 16) {
                    throw new IllegalArgumentException("webhook signature secret must be at least 16 characters");
                }
                signatureKeys.add(key(s));
            }
            return this;
        }

        /**
         * How far a relay's {@value WebhookAuthenticator#TIMESTAMP_HEADER} may be from the reception time, either way
         * (default 5 minutes, at most 1 hour): a captured delivery replayed later is refused.
         */
        public Builder signatureTolerance(Duration tolerance) {
            if (tolerance == null
                    || tolerance.compareTo(Duration.ofSeconds(1)) < 0
                    || tolerance.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("signature tolerance must be between 1 second and 1 hour");
            }
            this.tolerance = tolerance;
            return this;
        }

        /**
         * Also accepts the old relay header (the hex HMAC of the body alone, in {@link #signatureHeader}).
         * Default off.
         *
         * @deprecated it carries no timestamp, so a captured delivery can be replayed at any time; move the
         *     relay to the Standard Webhooks headers ({@link WebhookAuthenticator#signatureHeaders})
         */
        @Deprecated
        public Builder acceptLegacySignatureHeader(boolean accept) {
            this.acceptLegacySignature = accept;
            return this;
        }

        /**
         * Header carrying the deprecated body-only signature (default {@value
         * WebhookAuthenticator#DEFAULT_SIGNATURE_HEADER}); read only when {@link #acceptLegacySignatureHeader} is on.
         */
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
