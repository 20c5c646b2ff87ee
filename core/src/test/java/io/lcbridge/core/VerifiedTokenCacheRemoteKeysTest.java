package io.lcbridge.core;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static io.lcbridge.core.TestKeys.AUDIENCE;
import static io.lcbridge.core.VerifiedTokenCacheTest.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With keys from a JWK set URL the cache never outlives a key: the kid is resolved again on every call, and a cached
 * token counts only while the very key that verified it is still the one the set gives for its kid.
 */
final class VerifiedTokenCacheRemoteKeysTest {

    private static final Instant MINTED = Instant.parse("2026-05-10T08:00:00Z");
    private static final Duration TTL = RemoteJwkSet.DEFAULT_CACHE_TTL;

    private HttpServer server;
    private volatile String document = "{\"keys\":[]}";
    private final AtomicInteger fetches = new AtomicInteger();
    /** The remote set's clock, in milliseconds: moved past the document's time to live to make it fetch again. */
    private final AtomicLong millis = new AtomicLong(1_000_000_000L);

    private RemoteJwkSet remote;
    private IdentityTokenVerifier cached;
    private IdentityTokenVerifier uncached;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", ex -> {
            fetches.incrementAndGet();
            byte[] body = document.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/jwk-set+json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
        remote = RemoteJwkSet.builder(url)
                .refreshAhead(Duration.ZERO)
                .outageTolerance(Duration.ZERO)
                .clock(millis::get)
                .build();
        cached = IdentityTokenVerifier.builder(remote).build();
        uncached =
                IdentityTokenVerifier.builder(remote).verifiedTokenCacheSize(0).build();
    }

    @AfterEach
    void stop() {
        if (remote != null) {
            remote.close();
        }
        server.stop(0);
    }

    private static String set(JWK... keys) {
        return new JWKSet(List.of(keys)).toString(true); // public halves only
    }

    private static String signedBy(ECKey key) {
        return IdentitySigner.builder(IdentityKeySet.fromJwks(List.of(key)), AUDIENCE)
                .clock(Clock.fixed(MINTED, ZoneOffset.UTC))
                .build()
                .sign(CustomerIdentity.builder("user-r").build())
                .token();
    }

    /** Lets the fetched document expire, so that the next look-up fetches it again. */
    private void afterTheDocumentExpires() {
        millis.addAndGet(TTL.toMillis() + 1_000);
    }

    private static VerifiedTokenCache cacheOf(IdentityTokenVerifier verifier) {
        VerifiedTokenCache cache = verifier.verifiedTokenCache();
        assertThat(cache).isNotNull();
        return cache;
    }

    @Test
    void aCachedTokenIsServedFromTheCacheWhileItsKeyIsStillPublished() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("r-1").generate();
        document = set(key);
        String token = signedBy(key);

        TokenVerification first = cached.verify(token, AUDIENCE, MINTED);
        afterTheDocumentExpires(); // a new fetch of the same document still gives the same key
        TokenVerification second = cached.verify(token, AUDIENCE, MINTED);

        assertThat(first.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(fields(second)).isEqualTo(fields(first));
        assertThat(fields(second)).isEqualTo(fields(uncached.verify(token, AUDIENCE, MINTED)));
        assertThat(cacheOf(cached).hits()).isEqualTo(1);
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void aKeyRemovedFromTheSetAfterCachingMakesTheCachedTokenUnknownKeyAtOnce() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("r-1").generate();
        document = set(key);
        String token = signedBy(key);
        assertThat(cached.verify(token, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(cached.verify(token, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(cacheOf(cached).hits()).isEqualTo(1);

        document = "{\"keys\":[]}";
        afterTheDocumentExpires();
        TokenVerification result = cached.verify(token, AUDIENCE, MINTED);

        assertThat(result.status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
        assertThat(result.identity()).isEmpty();
        assertThat(fields(result)).isEqualTo(fields(uncached.verify(token, AUDIENCE, MINTED)));
        assertThat(cacheOf(cached).hits()).isEqualTo(1);
    }

    @Test
    void anotherKeyUnderTheSameKidMakesTheCachedTokenVerifyInFullAndFail() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("r-1").generate();
        ECKey replacement = new ECKeyGenerator(Curve.P_256).keyID("r-1").generate();
        document = set(key);
        String token = signedBy(key);
        assertThat(cached.verify(token, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.VERIFIED);

        document = set(replacement);
        afterTheDocumentExpires();
        TokenVerification result = cached.verify(token, AUDIENCE, MINTED);

        assertThat(result.status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(fields(result)).isEqualTo(fields(uncached.verify(token, AUDIENCE, MINTED)));
        assertThat(cacheOf(cached).hits()).isZero();
        // and a token of the new key verifies, and is then served from the cache
        String fresh = signedBy(replacement);
        assertThat(cached.verify(fresh, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(cached.verify(fresh, AUDIENCE, MINTED).status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(cacheOf(cached).hits()).isEqualTo(1);
    }
}
