package io.lcbridge.servlet;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import io.lcbridge.core.IdentityKeySet;
import jakarta.servlet.ServletException;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link LiveChatJwksServlet} on Jetty 12 (EE11): only public keys are published, never an HS256 secret nor a private
 * part; the answer is cacheable; a key that leaves the set stays published until its tokens expire.
 */
final class JwksServletOnJettyTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private static IdentityKeySet mixedSet(ECKey active, OctetSequenceKey secret) {
        return IdentityKeySet.fromJwks(List.of(
                new ECKey.Builder(active)
                        .keyOperations(Set.of(KeyOperation.SIGN, KeyOperation.VERIFY))
                        .build(),
                new OctetSequenceKey.Builder(secret)
                        .keyOperations(Set.of(KeyOperation.VERIFY))
                        .build()));
    }

    @Test
    void publishesThePublicHalfOfAsymmetricKeysAndNeverASecretOrAPrivatePart() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        OctetSequenceKey secret =
                new OctetSequenceKeyGenerator(256).keyID("hs-1").generate();
        try (LoopbackJetty server = new LoopbackJetty()
                .servlet(LiveChatJwksServlet.builder(mixedSet(ec, secret)).build(), LiveChatJwksServlet.DEFAULT_PATH)) {
            URI uri = server.start().resolve(LiveChatJwksServlet.DEFAULT_PATH.substring(1));

            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/jwk-set+json"));
            assertThat(response.headers().firstValue("Cache-Control")).contains("public, max-age=300");
            JWKSet published = JWKSet.parse(response.body());
            assertThat(published.getKeys()).extracting(JWK::getKeyID).containsExactly("ec-1");
            assertThat(published.getKeys().get(0).isPrivate()).isFalse();
            assertThat(published.getKeys().get(0).getKeyOperations()).containsExactly(KeyOperation.VERIFY);
            assertThat(response.body())
                    .doesNotContain("\"d\"")
                    .doesNotContain("\"k\"")
                    .doesNotContain("hs-1")
                    .doesNotContain(secret.getKeyValue().toString())
                    .doesNotContain(ec.getD().toString());
            assertThat(IdentityKeySet.fromJwkSet(response.body()).activeKeyId())
                    .as("loads as a verification-only set")
                    .isEmpty();
        }
    }

    @Test
    void hs256SecretsAreNeverPublishedSoASetOfSecretsOnlyIsRefused() {
        IdentityKeySet secretOnly = IdentityKeySet.fromHs256Secret("q4jWb7m8r0JpW2bLx9z1S3v5T7y9A1c3E5g7I9k1M3o=");

        assertThatThrownBy(() -> LiveChatJwksServlet.builder(secretOnly).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never published")
                .satisfies(
                        e -> assertThat(e.getMessage()).doesNotContain("q4jWb7m8r0JpW2bLx9z1S3v5T7y9A1c3E5g7I9k1M3o"));
    }

    @Test
    void matchingEtagIsAnswered304AndOtherMethods405() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        try (LoopbackJetty server = new LoopbackJetty()
                .servlet(
                        LiveChatJwksServlet.builder(IdentityKeySet.fromJwks(List.of(ec)))
                                .maxAge(Duration.ofMinutes(10))
                                .build(),
                        "/jwks.json")) {
            URI uri = server.start().resolve("jwks.json");
            HttpResponse<String> first =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            String etag = first.headers().firstValue("ETag").orElseThrow();

            HttpResponse<String> again = http.send(
                    HttpRequest.newBuilder(uri).header("If-None-Match", etag).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> post = http.send(
                    HttpRequest.newBuilder(uri)
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(first.headers().firstValue("Cache-Control")).contains("public, max-age=600");
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(post.statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aKeyThatLeftTheSetStaysPublishedForTheTokenLifetimePlusMaxAgeThenGoes() throws Exception {
        ECKey old = new ECKeyGenerator(Curve.P_256).keyID("old").generate();
        ECKey current = new ECKeyGenerator(Curve.P_256).keyID("current").generate();
        AtomicReference<IdentityKeySet> keys = new AtomicReference<>(IdentityKeySet.fromJwks(List.of(old)));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        LiveChatJwksServlet servlet = LiveChatJwksServlet.builder(keys::get)
                .keyRetention(Duration.ofHours(2))
                .maxAge(Duration.ofMinutes(5))
                .clock(clock)
                .build();
        assertThat(kids(servlet.document())).containsExactly("old");

        keys.set(IdentityKeySet.fromJwks(List.of(current)));
        clock.now = clock.now.plus(Duration.ofHours(1));
        assertThat(kids(servlet.document()))
                .as("first seen missing now: retained from now on")
                .containsExactly("current", "old");

        clock.now = clock.now.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(5));
        assertThat(kids(servlet.document()))
                .as("exactly at the end of retention + max-age")
                .containsExactly("current", "old");

        clock.now = clock.now.plusSeconds(1);
        assertThat(kids(servlet.document())).containsExactly("current");
    }

    @Test
    void webXmlStyleInitParametersPublishTheJwkSetFile(@TempDir Path dir) throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("from-file").generate();
        Path file = dir.resolve("keys.json");
        Files.writeString(file, new JWKSet(ec).toString(false), StandardCharsets.UTF_8);
        ServletHolder holder = new ServletHolder(LiveChatJwksServlet.class);
        holder.setInitParameter("identityJwkSetFile", file.toString());
        holder.setInitParameter("maxAge", "PT1M");
        try (LoopbackJetty server = new LoopbackJetty().servlet(holder, "/jwks.json")) {
            URI uri = server.start().resolve("jwks.json");

            HttpResponse<String> response =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(kids(response.body())).containsExactly("from-file");
            assertThat(response.body()).doesNotContain("\"d\"");
            assertThat(response.headers().firstValue("Cache-Control")).contains("public, max-age=60");
        }
    }

    @Test
    void eachBadInitParameterStopsStartUpNamingIt(@TempDir Path dir) throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
        Path file = dir.resolve("keys.json");
        Files.writeString(file, new JWKSet(ec).toString(false), StandardCharsets.UTF_8);
        OctetSequenceKey secret = new OctetSequenceKeyGenerator(256).keyID("hs").generate();
        Path secretsOnly = dir.resolve("secrets.json");
        Files.writeString(secretsOnly, new JWKSet(secret).toString(false), StandardCharsets.UTF_8);
        Path notJson = dir.resolve("not.json");
        Files.writeString(notJson, "not a JWK set", StandardCharsets.UTF_8);
        String path = file.toString();

        assertStartUpFails(Map.of(), "init parameter 'identityJwkSetFile' is required");
        assertStartUpFails(
                Map.of("identityJwkSetFile", dir.resolve("missing.json").toString()),
                "init parameter 'identityJwkSetFile': cannot read");
        assertStartUpFails(Map.of("identityJwkSetFile", notJson.toString()), "init parameter 'identityJwkSetFile': ");
        assertStartUpFails(
                Map.of("identityJwkSetFile", secretsOnly.toString()),
                "init parameter 'identityJwkSetFile': the signing keys are HS256 secrets only");
        assertStartUpFails(
                Map.of("identityJwkSetFile", path, "maxAge", "5 minutes"),
                "init parameter 'maxAge' must be an ISO-8601 duration");
        assertStartUpFails(
                Map.of("identityJwkSetFile", path, "maxAge", "P2D"),
                "init parameter 'maxAge': maxAge must be between 0 and 1 day");
        assertStartUpFails(
                Map.of("identityJwkSetFile", path, "keyRetention", "PT-1H"),
                "init parameter 'keyRetention': keyRetention must not be negative");
    }

    private static void assertStartUpFails(Map<String, String> parameters, String message) {
        ServletHolder holder = new ServletHolder(LiveChatJwksServlet.class);
        holder.setInitParameters(parameters);
        holder.setName("jwks");
        try (LoopbackJetty server = new LoopbackJetty().servlet(holder, "/jwks.json")) {
            server.start();
            assertThatThrownBy(holder::getServlet)
                    .as("parameters %s", parameters)
                    .isInstanceOf(ServletException.class)
                    .hasMessageContaining("LiveChatJwksServlet 'jwks'")
                    .hasMessageContaining(message);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> kids(String document) throws java.text.ParseException {
        return JWKSet.parse(document).getKeys().stream().map(JWK::getKeyID).toList();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
