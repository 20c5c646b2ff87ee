package io.lcbridge.widget;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import io.lcbridge.core.IdentityKeySet;

import java.util.List;

/** A fresh ES256 key set for tests. */
final class EcKeys {
    private EcKeys() {}

    static IdentityKeySet es256() {
        try {
            return IdentityKeySet.fromJwks(List.of(new ECKeyGenerator(Curve.P_256)
                    .keyID("es-test")
                    .algorithm(JWSAlgorithm.ES256)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
