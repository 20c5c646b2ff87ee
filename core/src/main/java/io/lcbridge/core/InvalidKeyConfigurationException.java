package io.lcbridge.core;

/**
 * Thrown at start-up when signing or verification keys are unusable: weak, of a refused
 * algorithm, duplicated, or without a single active signing key. The message names the key
 * ({@code kid}) and the problem; it never contains key material.
 */
public final class InvalidKeyConfigurationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidKeyConfigurationException(String message) {
        super(message);
    }
}
