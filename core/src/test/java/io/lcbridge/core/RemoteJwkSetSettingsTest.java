package io.lcbridge.core;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a {@link RemoteJwkSet} accepts as its URL and settings, and how a verifier on it behaves before any fetch. */
final class RemoteJwkSetSettingsTest {

    @Test
    void httpsAnywhereAndPlainHttpOnlyToLoopbackAddresses() {
        assertThat(RemoteJwkSet.create(URI.create("https://shop.example.com/.well-known/lcbridge-jwks.json")))
                .isNotNull();
        RemoteJwkSet.create(URI.create("http://127.0.0.1:8080/jwks.json")).close();
        RemoteJwkSet.create(URI.create("http://localhost/jwks.json")).close();
        RemoteJwkSet.create(URI.create("http://[::1]:8080/jwks.json")).close();

        for (String refused : new String[] {
            "http://shop.example.com/jwks.json", "http://10.0.0.1/jwks.json", "file:///etc/keys.json", "ftp://x/y"
        }) {
            assertThatThrownBy(() -> RemoteJwkSet.create(URI.create(refused)))
                    .as(refused)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("https");
        }
    }

    @Test
    void settingsThatCannotWorkTogetherAreRefusedAtBuildTime() {
        URI url = URI.create("https://shop.example.com/jwks.json");

        assertThatThrownBy(() -> RemoteJwkSet.builder(url)
                        .cacheTtl(Duration.ofMinutes(5))
                        .outageTolerance(Duration.ofMinutes(1))
                        .build())
                .hasMessageContaining("outageTolerance");
        assertThatThrownBy(() -> RemoteJwkSet.builder(url)
                        .cacheTtl(Duration.ofSeconds(30))
                        .refreshAhead(Duration.ofSeconds(30))
                        .build())
                .hasMessageContaining("refreshAhead");
        assertThatThrownBy(() -> RemoteJwkSet.builder(url).maxDocumentBytes(0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> RemoteJwkSet.builder(url).minRefreshInterval(Duration.ZERO))
                .hasMessageContaining("minRefreshInterval");
        RemoteJwkSet.builder(url)
                .refreshAhead(Duration.ZERO)
                .outageTolerance(Duration.ZERO)
                .build()
                .close();
    }

    @Test
    void aTokenWithAKidThatIsNoKeyIdIsRefusedWithoutAFetchAndKeysOfARemoteVerifierAreNotLocal() {
        try (RemoteJwkSet remote = RemoteJwkSet.create(URI.create("https://unreachable.invalid/jwks.json"))) {
            IdentityTokenVerifier verifier =
                    IdentityTokenVerifier.builder(remote).build();
            String header = java.util.Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString("{\"typ\":\"lc-identity+jwt\",\"alg\":\"ES256\",\"kid\":\"../../etc\"}"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));

            TokenVerification result = verifier.verify(header + ".e30.AAAA", "12345678", Instant.now());

            assertThat(result.status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
            assertThat(result.reason()).isEqualTo("kid is not a valid key id");
            assertThat(verifier.remoteKeys()).contains(remote);
            assertThatThrownBy(verifier::keys).isInstanceOf(IllegalStateException.class);
        }
    }
}
