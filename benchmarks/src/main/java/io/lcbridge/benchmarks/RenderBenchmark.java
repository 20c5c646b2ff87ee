package io.lcbridge.benchmarks;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
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
import tools.jackson.databind.json.JsonMapper;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The widget snippet, single thread, identity with name, email and 5 session variables:
 * <ul>
 *   <li>{@code renderAnonymous}: the loader alone;</li>
 *   <li>{@code renderPreSigned}: loader + identity calls from an already signed identity (render without signing);</li>
 *   <li>{@code pageHs256Cached} / {@code pageEs256Cached}: the whole per-page identity path of a filter —
 *       build the identity, get its token from the {@link CachingIdentitySigner}, render;</li>
 *   <li>{@code pageEs256Uncached}: the same with a fresh ES256 signature per page, to show what the cache saves;</li>
 *   <li>{@code partIdentity}, {@code partCachedToken}: the first two steps of the page path alone;</li>
 *   <li>{@code anchorMustacheWalk}: the anchor — the same bundled template executed by Mustache.java per
 *       request with the values serialized by a plain Jackson mapper, which is what the renderer
 *       avoids by pre-rendering the template once per input shape.</li>
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
    private CachingIdentitySigner hs256Cache;
    private Mustache mustache;
    private Map<String, Object> anchorBase;
    private final JsonMapper plainJson = JsonMapper.builder().build();
    private SignedIdentity preSigned;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        IdentityKeySet hsKeys = IdentityKeySet.fromJwkSet(new JWKSet(new OctetSequenceKeyGenerator(256)
                        .keyID("hs")
                        .algorithm(JWSAlgorithm.HS256)
                        .generate())
                .toString(false));
        IdentityKeySet esKeys = IdentityKeySet.fromJwkSet(new JWKSet(new ECKeyGenerator(Curve.P_256)
                        .keyID("es")
                        .algorithm(JWSAlgorithm.ES256)
                        .generate())
                .toString(false));
        WidgetOptions options =
                WidgetOptions.builder().license(LICENSE).group(2).build();
        IdentitySigner hsSigner = IdentitySigner.builder(hsKeys, LICENSE).build();
        es256Signer = IdentitySigner.builder(esKeys, LICENSE).build();
        hs256Cache = CachingIdentitySigner.wrap(hsSigner);
        hs256 = WidgetSnippetRenderer.builder(options).signer(hs256Cache).build();
        es256 = WidgetSnippetRenderer.builder(options)
                .signer(CachingIdentitySigner.wrap(es256Signer))
                .build();
        preSigned = hsSigner.sign(identity());
        mustache = new DefaultMustacheFactory().compile("io/lcbridge/widget/livechat-widget.mustache");
        anchorBase = new HashMap<>();
        anchorBase.put("license", LICENSE);
        anchorBase.put("group", "2");
        anchorBase.put("integrationName", "\"lcbridge-java\"");
        anchorBase.put("scriptUrl", "\"https://cdn.livechatinc.com/tracking.js\"");
        anchorBase.put("noscriptUrl", "https://www.livechat.com/chat-with/" + LICENSE + "/");
    }

    @Benchmark
    public String anchorMustacheWalk() {
        CustomerIdentity identity = preSigned.identity();
        Map<String, Object> scope = new HashMap<>(anchorBase);
        scope.put("nonce", "r4nd0mN0nce+/==");
        Map<String, Object> identityScope = new HashMap<>();
        identityScope.put(
                "customerName", plainJson.writeValueAsString(identity.name().get()));
        identityScope.put(
                "customerEmail", plainJson.writeValueAsString(identity.email().get()));
        Map<String, String> variables = new LinkedHashMap<>(identity.sessionVariables());
        variables.put("lc_identity", preSigned.token());
        identityScope.put("sessionVariables", plainJson.writeValueAsString(variables));
        scope.put("identity", identityScope);
        StringWriter out = new StringWriter(2048);
        mustache.execute(out, scope);
        return out.toString();
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
        return es256.renderSigned(es256Signer.sign(identity()), "r4nd0mN0nce+/==")
                .html();
    }

    @Benchmark
    public CustomerIdentity partIdentity() {
        return identity();
    }

    @Benchmark
    public String partCachedToken() {
        return hs256Cache.sign(identity()).token();
    }
}
