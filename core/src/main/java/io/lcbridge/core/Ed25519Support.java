package io.lcbridge.core;

import java.util.List;
import java.util.function.Predicate;

/**
 * Ed25519 (EdDSA) signing and verification run on Google Tink through Nimbus. Tink is an optional
 * dependency of core (HS256, ES256 and RS256 apps do not carry its 2.7 MB), so an Ed25519 key is
 * checked for it when loaded and refused with a message naming the dependency to add, instead of a
 * {@link NoClassDefFoundError} at the first token.
 */
final class Ed25519Support {

    /** The Maven coordinates an application adds to use EdDSA keys. */
    static final String TINK_COORDINATES = "com.google.crypto.tink:tink";

    /** What Nimbus's {@code Ed25519Signer} and {@code Ed25519Verifier} load. */
    static final List<String> TINK_CLASSES =
            List.of("com.google.crypto.tink.subtle.Ed25519Sign", "com.google.crypto.tink.subtle.Ed25519Verify");

    private Ed25519Support() {}

    /**
     * @throws InvalidKeyConfigurationException when Tink is not on core's classpath
     */
    static void require(String kid) {
        require(kid, Ed25519Support::presentBesideCore);
    }

    /**
     * @param classPresent whether a class of the given name can be loaded
     * @throws InvalidKeyConfigurationException when one of Tink's Ed25519 classes is absent
     */
    static void require(String kid, Predicate<String> classPresent) {
        for (String name : TINK_CLASSES) {
            if (!classPresent.test(name)) {
                throw missing(kid);
            }
        }
    }

    static InvalidKeyConfigurationException missing(String kid) {
        return new InvalidKeyConfigurationException("kid '" + kid
                + "' is an Ed25519 (EdDSA) key, which needs Google Tink on the classpath: add the dependency "
                + TINK_COORDINATES + " (it is optional in lcbridge-core)");
    }

    private static boolean presentBesideCore(String className) {
        try {
            Class.forName(className, false, Ed25519Support.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
