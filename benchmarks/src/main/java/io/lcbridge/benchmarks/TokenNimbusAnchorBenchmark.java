package io.lcbridge.benchmarks;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.lcbridge.core.CustomerIdentity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The anchor for {@link TokenBenchmark}: the same HS256 token minted and verified through Nimbus's
 * generic JWT path ({@code SignedJWT}, {@code MACSigner}/{@code MACVerifier}, {@code JWTClaimsSet}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class TokenNimbusAnchorBenchmark {

    private MACSigner signer;
    private MACVerifier verifier;
    private JWSHeader header;
    private CustomerIdentity identity;
    private String token;

    @Setup
    public void setUp() throws Exception {
        OctetSequenceKey key = new OctetSequenceKeyGenerator(256)
                .keyID("hs")
                .algorithm(JWSAlgorithm.HS256)
                .generate();
        signer = new MACSigner(key);
        verifier = new MACVerifier(key);
        header = new JWSHeader.Builder(JWSAlgorithm.HS256)
                .type(new JOSEObjectType("lc-identity+jwt"))
                .keyID("hs")
                .build();
        identity = TokenBenchmark.fiveVariableIdentity();
        token = mint();
    }

    @Benchmark
    public String mint() throws Exception {
        long nowSec = System.currentTimeMillis() / 1000;
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(identity.subject())
                .claim("name", identity.name().orElse(null))
                .claim("email", identity.email().orElse(null))
                .claim("vars", new LinkedHashMap<String, Object>(identity.sessionVariables()))
                .audience(TokenBenchmark.AUDIENCE)
                .issuer("lcbridge")
                .issueTime(new Date(nowSec * 1000))
                .expirationTime(new Date((nowSec + 43200) * 1000))
                .build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    @Benchmark
    public JWTClaimsSet verify() throws Exception {
        SignedJWT jwt = SignedJWT.parse(token);
        if (!jwt.verify(verifier)) {
            throw new IllegalStateException("does not verify");
        }
        return jwt.getJWTClaimsSet();
    }
}
