package io.lcbridge.core;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ES256 signatures are not malleable: {@code (r, n − s)} is as valid an ECDSA signature as
 * {@code (r, s)}, so only the low form ({@code s ≤ n/2}) is accepted and the signer only makes that.
 */
final class Es256LowSTest {

    private static final BigInteger N = KeyEntry.LowSEcdsa.N;
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final IdentitySigner SIGNER = IdentitySigner.builder(
                    TestKeys.keys(IdentityAlgorithm.ES256), AUDIENCE)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
    private static final IdentityTokenVerifier VERIFIER =
            IdentityTokenVerifier.create(TestKeys.keys(IdentityAlgorithm.ES256));

    @Test
    void everyTokenWeSignIsLowSAndVerifies() {
        for (int i = 0; i < 300; i++) {
            String token =
                    SIGNER.sign(CustomerIdentity.builder("user-" + i).build()).token();

            assertThat(s(token)).as("s of signature %d", i).isLessThanOrEqualTo(N.shiftRight(1));
            assertThat(VERIFIER.verify(token, AUDIENCE, NOW).status()).isEqualTo(TokenStatus.VERIFIED);
        }
    }

    @Test
    void theHighSTwinOfAValidTokenIsRefusedThoughPlainEcdsaAcceptsIt() throws Exception {
        String token = SIGNER.sign(CustomerIdentity.builder("user-1").build()).token();
        String twin = withS(token, N.subtract(s(token)));
        String signingInput = token.substring(0, token.lastIndexOf('.'));

        boolean plainEcdsaAccepts = new ECDSAVerifier(TestKeys.EC.toPublicJWK())
                .verify(
                        new JWSHeader(JWSAlgorithm.ES256),
                        signingInput.getBytes(StandardCharsets.US_ASCII),
                        new Base64URL(twin.substring(twin.lastIndexOf('.') + 1)));
        TokenVerification verification = VERIFIER.verify(twin, AUDIENCE, NOW);

        assertThat(twin).isNotEqualTo(token);
        assertThat(plainEcdsaAccepts).as("the twin is a valid ECDSA signature").isTrue();
        assertThat(verification.status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(VERIFIER.verify(token, AUDIENCE, NOW).status()).isEqualTo(TokenStatus.VERIFIED);
    }

    @Test
    void signaturesOfAnotherLengthAreRefused() {
        String token = SIGNER.sign(CustomerIdentity.builder("user-1").build()).token();
        String input = token.substring(0, token.lastIndexOf('.'));
        byte[] rs = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));

        String longer = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(rs, 66));

        assertThat(VERIFIER.verify(longer, AUDIENCE, NOW).status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
    }

    static BigInteger s(String token) {
        byte[] rs = Base64.getUrlDecoder().decode(token.substring(token.lastIndexOf('.') + 1));
        return new BigInteger(1, Arrays.copyOfRange(rs, 32, 64));
    }

    /** {@code token} with its signature's s replaced. */
    static String withS(String token, BigInteger s) {
        int dot = token.lastIndexOf('.');
        byte[] rs = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        byte[] sBytes = s.toByteArray();
        Arrays.fill(rs, 32, 64, (byte) 0);
        int len = Math.min(sBytes.length, 32);
        System.arraycopy(sBytes, sBytes.length - len, rs, 64 - len, len);
        return token.substring(0, dot + 1)
                + Base64.getUrlEncoder().withoutPadding().encodeToString(rs);
    }
}
