package io.lcbridge.core;

/**
 * Refuses HS256 secrets whose bytes were plainly not drawn at random, whatever their length. The
 * rule, chosen so that a random secret of 32 bytes or more fails it with a probability below 2^-54:
 * <ol>
 *   <li>fewer than {@value #MIN_DISTINCT_BYTES} distinct byte values (all zeros, {@code "aaaa…"},
 *       a short hex or decimal string, a base64 text typed by hand);</li>
 *   <li>a repetition of a shorter sequence of at most half its length ({@code "abcd…abcd"}: as
 *       strong as that sequence alone);</li>
 *   <li>every byte differing from the one before by the same amount ({@code 00 01 02 …}).</li>
 * </ol>
 * Passing the rule does not make a secret random; generate secrets with a CSPRNG
 * ({@code openssl rand -base64 32}).
 */
final class SecretStrength {

    /** Least number of distinct byte values a secret must hold. */
    static final int MIN_DISTINCT_BYTES = 16;

    private SecretStrength() {}

    /** Why {@code secret} is trivially weak, or {@code null} when it passes; never quotes the secret. */
    static String weakness(byte[] secret) {
        boolean[] seen = new boolean[256];
        int distinct = 0;
        for (byte b : secret) {
            if (!seen[b & 0xff]) {
                seen[b & 0xff] = true;
                distinct++;
            }
        }
        if (distinct < MIN_DISTINCT_BYTES) {
            return "it holds only " + distinct + " distinct byte values (at least " + MIN_DISTINCT_BYTES
                    + " are required)";
        }
        int n = secret.length;
        for (int period = 1; period <= n / 2; period++) {
            int i = 0;
            while (i + period < n && secret[i] == secret[i + period]) {
                i++;
            }
            if (i + period == n) {
                return "it repeats a sequence of " + period + " bytes";
            }
        }
        int step = (secret[1] - secret[0]) & 0xff;
        int i = 1;
        while (i + 1 < n && ((secret[i + 1] - secret[i]) & 0xff) == step) {
            i++;
        }
        if (i + 1 == n) {
            return "its bytes count up or down in equal steps";
        }
        return null;
    }
}
