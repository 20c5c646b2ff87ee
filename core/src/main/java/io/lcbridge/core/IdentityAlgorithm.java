package io.lcbridge.core;

import java.util.Optional;

/**
 * The JWS algorithms the bridge signs and verifies identity tokens with. Anything else,
 * {@code none} included, is refused when keys are loaded; a token never chooses its own.
 */
public enum IdentityAlgorithm {
    /** HMAC-SHA256 with a shared secret of at least 256 bits: the default, and the fastest. */
    HS256("HS256"),
    /** ECDSA on P-256 with SHA-256: a verifier elsewhere needs only the public key. */
    ES256("ES256"),
    /** Ed25519 signatures (JOSE name {@code EdDSA}): small keys and signatures. */
    EDDSA("EdDSA"),
    /** RSASSA-PKCS1-v1_5 with SHA-256; works, but makes the token about 300 characters longer. */
    RS256("RS256"),
    /** RSASSA-PSS with SHA-256; same size caveat as {@link #RS256}. */
    PS256("PS256");

    private final String joseName;

    IdentityAlgorithm(String joseName) {
        this.joseName = joseName;
    }

    /** The name used in the JOSE {@code alg} header, e.g. {@code EdDSA}. */
    public String joseName() {
        return joseName;
    }

    /** The algorithm with that JOSE name, if it is one the bridge allows (case-sensitive). */
    public static Optional<IdentityAlgorithm> fromJoseName(String name) {
        for (IdentityAlgorithm algorithm : values()) {
            if (algorithm.joseName.equals(name)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
