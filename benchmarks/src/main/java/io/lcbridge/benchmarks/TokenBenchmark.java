package io.lcbridge.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenVerification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Identity token mint and verify per algorithm, with a 5-variable identity, single thread: {@code verify} without the
 * verified-token cache, {@code verifyRepeated} with it (one token verified again and again).
 * {@link TokenNimbusAnchorBenchmark} runs Nimbus's generic JWT path beside it as the anchor.
 *
 * <p>{@code java -jar benchmarks/target/benchmarks.jar Token}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class TokenBenchmark {

    static final String AUDIENCE = "19283746";

    @Param({"HS256", "ES256", "EdDSA"})
    public String alg;

    private IdentitySigner signer;
    private IdentityTokenVerifier verifier;
    private IdentityTokenVerifier cachingVerifier;
    private CustomerIdentity identity;
    private String token;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        JWK key;
        switch (alg) {
            case "HS256":
                key = new OctetSequenceKeyGenerator(256)
                        .keyID("hs")
                        .algorithm(JWSAlgorithm.HS256)
                        .generate();
                break;
            case "ES256":
                key = new ECKeyGenerator(Curve.P_256)
                        .keyID("es")
                        .algorithm(JWSAlgorithm.ES256)
                        .generate();
                break;
            default:
                key = new OctetKeyPairGenerator(Curve.Ed25519)
                        .keyID("ed")
                        .algorithm(JWSAlgorithm.EdDSA)
                        .generate();
                break;
        }
        IdentityKeySet keys = IdentityKeySet.fromJwkSet(new JWKSet(key).toString(false));
        signer = IdentitySigner.builder(keys, AUDIENCE).build();
        // the full cost of one verification: signature and claims every time
        verifier = IdentityTokenVerifier.builder(keys).verifiedTokenCacheSize(0).build();
        // the default verifier, as a webhook server uses it: the same token again and again
        cachingVerifier = IdentityTokenVerifier.create(keys);
        identity = fiveVariableIdentity();
        token = signer.sign(identity).token();
        now = Instant.now();
    }

    static CustomerIdentity fiveVariableIdentity() {
        return CustomerIdentity.builder("user-8472")
                .name("Thomas Anderson")
                .email("t.anderson@example.com")
                .variable("plan", "enterprise")
                .variable("account_id", "acc_12345")
                .variable("region", "us-east-1")
                .variable("role", "admin")
                .variable("signup", "2024-03-01")
                .build();
    }

    @Benchmark
    public String mint() {
        return signer.sign(identity).token();
    }

    /** One verification without the verified-token cache (every call checks the signature and parses). */
    @Benchmark
    public TokenVerification verify() {
        return verifier.verify(token, AUDIENCE, now);
    }

    /**
     * The same token verified again with the default verified-token cache: what a webhook server pays for the
     * second and later webhooks of a chat (hash, whole-token comparison, audience and time checks).
     */
    @Benchmark
    public TokenVerification verifyRepeated() {
        return cachingVerifier.verify(token, AUDIENCE, now);
    }
}
