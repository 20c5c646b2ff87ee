package io.lcbridge.benchmarks;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.SignedIdentity;
import io.lcbridge.widget.CachingIdentitySigner;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetSnippetRenderer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The widget snippet, single thread, identity with name, email and 5 session variables:
 * <ul>
 *   <li>{@code renderAnonymous}: the loader alone;</li>
 *   <li>{@code renderPreSigned}: loader + identity calls from an already signed identity (render without signing);</li>
 *   <li>{@code pageHs256Cached} / {@code pageEs256Cached}: the whole per-page identity path of a filter —
 *       build the identity, get its token from the {@link CachingIdentitySigner}, render;</li>
 *   <li>{@code pageEs256Uncached}: the same with a fresh ES256 signature per page, to show what the cache saves.</li>
 * </ul>
 * {@code java -jar benchmarks/target/benchmarks.jar Render}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RenderBenchmark {

    static final String LICENSE = "19283746";

    private WidgetSnippetRenderer hs256;
    private WidgetSnippetRenderer es256;
    private IdentitySigner es256Signer;
    private SignedIdentity preSigned;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        IdentityKeySet hsKeys = IdentityKeySet.fromJwkSet(new JWKSet(
                new OctetSequenceKeyGenerator(256).keyID("hs").algorithm(JWSAlgorithm.HS256).generate()).toString(false));
        IdentityKeySet esKeys = IdentityKeySet.fromJwkSet(new JWKSet(
                new ECKeyGenerator(Curve.P_256).keyID("es").algorithm(JWSAlgorithm.ES256).generate()).toString(false));
        WidgetOptions options = WidgetOptions.builder().license(LICENSE).group(2).build();
        IdentitySigner hsSigner = IdentitySigner.builder(hsKeys, LICENSE).build();
        es256Signer = IdentitySigner.builder(esKeys, LICENSE).build();
        hs256 = WidgetSnippetRenderer.builder(options).signer(CachingIdentitySigner.wrap(hsSigner)).build();
        es256 = WidgetSnippetRenderer.builder(options).signer(CachingIdentitySigner.wrap(es256Signer)).build();
        preSigned = hsSigner.sign(identity());
    }

    /** What a filter resolves per request: a fresh, validated identity object. */
    static CustomerIdentity identity() {
        return TokenBenchmark.fiveVariableIdentity();
    }

    @Benchmark
    public String renderAnonymous() {
        return hs256.renderAnonymous("r4nd0mN0nce+/==").html();
    }

    @Benchmark
    public String renderPreSigned() {
        return hs256.renderSigned(preSigned, "r4nd0mN0nce+/==").html();
    }

    @Benchmark
    public String pageHs256Cached() {
        return hs256.render(identity(), "r4nd0mN0nce+/==").html();
    }

    @Benchmark
    public String pageEs256Cached() {
        return es256.render(identity(), "r4nd0mN0nce+/==").html();
    }

    @Benchmark
    public String pageEs256Uncached() {
        return es256.renderSigned(es256Signer.sign(identity()), "r4nd0mN0nce+/==").html();
    }
}
