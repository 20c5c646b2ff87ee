package io.lcbridge.core;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.util.Arrays;
import java.util.List;

/**
 * Keys shared by the core tests. Generated once per test JVM (RSA generation is slow), never
 * persisted. Each algorithm has its own single-key set whose only key is the active one.
 */
final class TestKeys {

    static final String AUDIENCE = "19581325";
    static final String OTHER_AUDIENCE = "11111111";

    static final OctetSequenceKey HS = generate(() -> new OctetSequenceKeyGenerator(256)
            .keyID("hs-1")
            .algorithm(JWSAlgorithm.HS256)
            .generate());
    static final ECKey EC =
            generate(() -> new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate());
    static final OctetKeyPair ED = generate(
            () -> new OctetKeyPairGenerator(Curve.Ed25519).keyID("ed-1").generate());
    static final RSAKey RSA = generate(() -> new RSAKeyGenerator(2048)
            .keyID("rs-1")
            .algorithm(JWSAlgorithm.RS256)
            .generate());
    /** The same RSA key pair under another kid, bound to PS256. */
    static final RSAKey RSA_PS =
            new RSAKey.Builder(RSA).keyID("ps-1").algorithm(JWSAlgorithm.PS256).build();

    private TestKeys() {}

    /** The private JWK of the single-key set for {@code algorithm}. */
    static JWK jwk(IdentityAlgorithm algorithm) {
        switch (algorithm) {
            case HS256:
                return HS;
            case ES256:
                return EC;
            case EDDSA:
                return ED;
            case RS256:
                return RSA;
            case PS256:
                return RSA_PS;
            default:
                throw new IllegalArgumentException(algorithm.name());
        }
    }

    /** A signing set holding only the key for {@code algorithm}. */
    static IdentityKeySet keys(IdentityAlgorithm algorithm) {
        return IdentityKeySet.fromJwkSet(jwkSetJson(jwk(algorithm)));
    }

    /** JWK set JSON including private parameters. */
    static String jwkSetJson(JWK... keys) {
        return new JWKSet(Arrays.asList(keys)).toString(false);
    }

    static List<JWK> list(JWK... keys) {
        return Arrays.asList(keys);
    }

    interface KeySupplier<T> {
        T get() throws JOSEException;
    }

    static <T> T generate(KeySupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
