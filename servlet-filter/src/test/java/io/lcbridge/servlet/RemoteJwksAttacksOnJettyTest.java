package io.lcbridge.servlet;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.RemoteJwkSet;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile or broken JWK set URL never makes a token verify, and never makes the verifier fetch without bound: a
 * secret (oct) key, an algorithm off the allow-list, a kid offered twice, an algorithm confused with the key's, a huge
 * document, and a flood of tokens with made-up kids.
 */
final class RemoteJwksAttacksOnJettyTest {

    private static final String AUDIENCE = "12345678";
    private static final CustomerIdentity MALLORY =
            CustomerIdentity.builder("admin").name("Mallory").build();

    /** Serves whatever document the test sets, as a JWK set. */
    static final class Document extends HttpServlet {
        private static final long serialVersionUID = 1L;
        volatile String json = "{\"keys\":[]}";

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("application/jwk-set+json");
            resp.getOutputStream().write(json.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final Document document = new Document();
    private final LoopbackJetty publisher = new LoopbackJetty().servlet(document, "/jwks.json");
    private RemoteJwkSet remote;

    @AfterEach
    void close() {
        if (remote != null) {
            remote.close();
        }
        publisher.close();
    }

    private IdentityTokenVerifier verifier(RemoteJwkSet.Builder settings) {
        remote = settings.build();
        return IdentityTokenVerifier.builder(remote).build();
    }

    private RemoteJwkSet.Builder remoteAt(URI base) {
        return RemoteJwkSet.builder(base.resolve("jwks.json"));
    }

    private static String signedBy(JWK key) {
        return IdentitySigner.builder(IdentityKeySet.fromJwks(List.of(key)), AUDIENCE)
                .build()
                .sign(MALLORY)
                .token();
    }

    /** The keys as a JWK set document, exactly as given (private parts and repeated kids included). */
    private static String set(JWK... keys) {
        return new JWKSet(List.of(keys)).toString(false);
    }

    @Test
    void aSecretKeyInTheDocumentIsNeverUsedSoAnyoneWhoReadsItCannotMintTokens() throws Exception {
        OctetSequenceKey secret =
                new OctetSequenceKeyGenerator(256).keyID("leaked").generate();
        document.json = set(secret);
        IdentityTokenVerifier verifier = verifier(remoteAt(publisher.start()));

        TokenVerification result = verifier.verify(signedBy(secret), AUDIENCE, Instant.now());

        assertThat(result.status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
        assertThat(result.reason())
                .contains("secret")
                .doesNotContain(secret.getKeyValue().toString());
    }

    @Test
    void aKeyDeclaringAnAlgorithmOffTheAllowListIsRefused() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("es384").generate();
        JWK declaringEs384 = JWK.parse(withMember(key.toPublicJWK(), "alg", "ES384"));
        document.json = set(declaringEs384);
        IdentityTokenVerifier verifier = verifier(remoteAt(publisher.start()));

        TokenVerification result = verifier.verify(signedBy(key), AUDIENCE, Instant.now());

        assertThat(result.status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
        assertThat(result.reason()).contains("ES384");
    }

    @Test
    void aTokenNamingAnAlgorithmOffTheAllowListIsRefusedWithoutAFetch() throws Exception {
        document.json =
                set(new ECKeyGenerator(Curve.P_256).keyID("k1").generate().toPublicJWK());
        IdentityTokenVerifier verifier = verifier(remoteAt(publisher.start()));
        String header = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("{\"typ\":\"lc-identity+jwt\",\"alg\":\"HS512\",\"kid\":\"k1\"}"
                        .getBytes(StandardCharsets.US_ASCII));

        TokenVerification result = verifier.verify(header + ".e30.AAAA", AUDIENCE, Instant.now());

        assertThat(result.status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(publisher.requests.get()).isZero();
    }

    @Test
    void aKidOfferedTwiceIsAmbiguousAndNeitherKeyIsUsed() throws Exception {
        ECKey genuine = new ECKeyGenerator(Curve.P_256).keyID("dup").generate();
        ECKey planted = new ECKeyGenerator(Curve.P_256).keyID("dup").generate();
        document.json = set(genuine.toPublicJWK(), planted.toPublicJWK());
        IdentityTokenVerifier verifier = verifier(remoteAt(publisher.start()));

        TokenVerification byGenuine = verifier.verify(signedBy(genuine), AUDIENCE, Instant.now());
        TokenVerification byPlanted = verifier.verify(signedBy(planted), AUDIENCE, Instant.now());

        assertThat(byGenuine.status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
        assertThat(byPlanted.status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
        assertThat(byPlanted.reason()).contains("more than once");
    }

    @Test
    void anHs256TokenSignedWithThePublishedPublicKeyAsItsSecretIsRefused() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("ec1").generate();
        document.json = set(key.toPublicJWK());
        IdentityTokenVerifier verifier = verifier(remoteAt(publisher.start()));
        byte[] publicKeyAsSecret = key.toPublicJWK().toJSONString().getBytes(StandardCharsets.US_ASCII);
        OctetSequenceKey confused =
                new OctetSequenceKey.Builder(publicKeyAsSecret).keyID("ec1").build();

        TokenVerification result = verifier.verify(signedBy(confused), AUDIENCE, Instant.now());

        assertThat(result.status()).isEqualTo(TokenStatus.INVALID_SIGNATURE);
        assertThat(result.reason()).contains("alg differs");
    }

    @Test
    void aHugeDocumentIsReadOnlyUpToTheCapAndYieldsNoKeys() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("k1").generate();
        String padding = "x".repeat(2 * 1024 * 1024);
        document.json = set(key.toPublicJWK()).replace("{\"keys\"", "{\"padding\":\"" + padding + "\",\"keys\"");
        IdentityTokenVerifier verifier = verifier(remoteAt(publisher.start()).maxDocumentBytes(64 * 1024));

        TokenVerification result = verifier.verify(signedBy(key), AUDIENCE, Instant.now());

        assertThat(result.status()).isEqualTo(TokenStatus.UNKNOWN_KEY);
        assertThat(result.reason()).contains("unavailable");
    }

    @Test
    void aFloodOfUnknownKidsCostsThePublisherOneRefreshPerInterval() throws Exception {
        ECKey known = new ECKeyGenerator(Curve.P_256).keyID("known").generate();
        document.json = set(known.toPublicJWK());
        IdentityTokenVerifier verifier =
                verifier(remoteAt(publisher.start()).minRefreshInterval(Duration.ofMinutes(1)));
        assertThat(verifier.verify(signedBy(known), AUDIENCE, Instant.now()).status())
                .isEqualTo(TokenStatus.VERIFIED);
        assertThat(publisher.requests.get()).isEqualTo(1);

        for (int i = 0; i < 200; i++) {
            ECKey madeUp = new ECKeyGenerator(Curve.P_256).keyID("made-up-" + i).generate();
            assertThat(verifier.verify(signedBy(madeUp), AUDIENCE, Instant.now())
                            .status())
                    .isEqualTo(TokenStatus.UNKNOWN_KEY);
        }

        assertThat(publisher.requests.get())
                .as("the initial fetch and one refresh forced by an unknown kid")
                .isEqualTo(2);
        assertThat(verifier.verify(signedBy(known), AUDIENCE, Instant.now()).status())
                .isEqualTo(TokenStatus.VERIFIED);
        assertThat(publisher.requests.get()).isEqualTo(2);
    }

    @Test
    void plainHttpToAnotherHostIsRefusedAtConfiguration() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> RemoteJwkSet.builder(URI.create("http://keys.example.com/jwks.json")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https");
    }

    private static Map<String, Object> withMember(JWK key, String name, Object value) {
        Map<String, Object> json = key.toJSONObject();
        json.put(name, value);
        return json;
    }
}
