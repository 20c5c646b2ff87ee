package io.lcbridge.core;

import java.math.BigInteger;

/**
 * Refuses Ed25519 public keys that make signatures meaningless. A point of small order (there are 8,
 * the identity {@code 01 00…00} among them) lets anyone forge a signature that verifiers following
 * RFC 8032's cofactorless equation accept for every message; a non-canonical encoding ({@code y ≥ p},
 * or {@code x = 0} with the sign bit set) names a point that a second, different byte string also
 * names; an encoding that is not on the curve is not a key. All are refused when keys are loaded.
 */
final class Ed25519PublicKeyCheck {

    private static final BigInteger P = BigInteger.TWO.pow(255).subtract(BigInteger.valueOf(19));
    /** d = −121665 / 121666 mod p. */
    private static final BigInteger D = BigInteger.valueOf(-121665)
            .multiply(BigInteger.valueOf(121666).modInverse(P))
            .mod(P);
    /** The y coordinates of the 8 points of small order: orders 1, 2, 4 (y = 0) and 8. */
    private static final BigInteger[] SMALL_ORDER_Y = {
        BigInteger.ONE,
        P.subtract(BigInteger.ONE),
        BigInteger.ZERO,
        new BigInteger("05fc536d880238b13933c6d305acdfd5f098eff289f4c345b027b2c28f95e826", 16),
        new BigInteger("7a03ac9277fdc74ec6cc392cfa53202a0f67100d760b3cba4fd84d3d706a17c7", 16),
    };

    private Ed25519PublicKeyCheck() {}

    /**
     * @param kid the key's id, for the message
     * @param x   the JWK's {@code x}: the 32-byte RFC 8032 encoding of the public point
     * @throws InvalidKeyConfigurationException when the key is of small order, non-canonical or not a point
     */
    static void refuseWeak(String kid, byte[] x) {
        if (x.length != 32) {
            throw new InvalidKeyConfigurationException(
                    "kid '" + kid + "' is an Ed25519 key of " + x.length + " bytes; a public key is 32 bytes");
        }
        boolean signBit = (x[31] & 0x80) != 0;
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = x[31 - i];
        }
        bigEndian[0] &= 0x7f;
        BigInteger y = new BigInteger(1, bigEndian);
        if (y.compareTo(P) >= 0) {
            throw new InvalidKeyConfigurationException("kid '" + kid
                    + "' is a non-canonical Ed25519 public key encoding (y is not below the field prime)");
        }
        for (BigInteger small : SMALL_ORDER_Y) {
            if (small.equals(y)) {
                throw new InvalidKeyConfigurationException("kid '" + kid
                        + "' is an Ed25519 public key of small order: anyone could forge signatures it accepts");
            }
        }
        // x² = (y² − 1) / (d·y² + 1); the key is a point only when that is a square
        BigInteger y2 = y.multiply(y).mod(P);
        BigInteger u = y2.subtract(BigInteger.ONE).mod(P);
        BigInteger v = D.multiply(y2).add(BigInteger.ONE).mod(P);
        BigInteger x2 = u.multiply(v.modInverse(P)).mod(P);
        if (x2.signum() == 0) {
            // only y = ±1 give x = 0, and both are refused above; kept for the sign-bit rule's sake
            if (signBit) {
                throw new InvalidKeyConfigurationException("kid '" + kid
                        + "' is a non-canonical Ed25519 public key encoding (x = 0 with the sign bit set)");
            }
            return;
        }
        if (!x2.modPow(P.subtract(BigInteger.ONE).shiftRight(1), P).equals(BigInteger.ONE)) {
            throw new InvalidKeyConfigurationException(
                    "kid '" + kid + "' is not an Ed25519 public key (its encoding is not a point of the curve)");
        }
    }
}
