package io.lcbridge.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class SmokeRoundTripTest {
    @Test
    void hs256RoundTrip() {
        IdentityKeySet keys = IdentityKeySet.fromHs256Secret("q4jWb7m8r0JpW2bLx9z1S3v5T7y9A1c3E5g7I9k1M3o=");
        IdentitySigner signer = IdentitySigner.builder(keys, "12345").build();
        CustomerIdentity id = CustomerIdentity.builder("u1").name("Zoë \"Q\"").email("z@example.com").variable("plan", "pro").build();
        SignedIdentity signed = signer.sign(id);
        TokenVerification v = IdentityTokenVerifier.create(keys).verify(signed.token(), "12345", Instant.now());
        assertThat(v.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(v.identity()).contains(id);
    }
}
