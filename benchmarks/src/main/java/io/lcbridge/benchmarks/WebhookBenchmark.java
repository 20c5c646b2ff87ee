package io.lcbridge.benchmarks;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenVerification;
import io.lcbridge.verifier.InMemoryChatContextStore;
import io.lcbridge.verifier.JdbcChatContextStore;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookAuthenticator;
import io.lcbridge.verifier.WebhookEvent;
import io.lcbridge.verifier.WebhookHeaders;
import io.lcbridge.verifier.WebhookOutcome;
import org.h2.jdbcx.JdbcConnectionPool;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One {@code incoming_chat} webhook (the 4 KB v3.6 sample with an HS256 token) through the whole
 * verifier — bounded parse, secret check, dedupe claim, identity rebuild, token verify, context
 * save, dispatch — single thread. Every invocation is a new delivery (its chat id is a counter), so
 * dedupe never short-cuts. Side by side:
 * <ul>
 *   <li>{@code verifierMemoryStore}: {@link InMemoryChatContextStore} (target ≥ 50k/s);</li>
 *   <li>{@code verifierH2Store}: {@link JdbcChatContextStore} on embedded H2 (pooled connections);</li>
 *   <li>{@code naiveNoStore}: the anchor — Jackson data binding to {@code Map}, {@code String.equals} on
 *       the secret, the core verifier, no store, no field comparison.</li>
 * </ul>
 * {@code java -jar benchmarks/target/benchmarks.jar WebhookBenchmark}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 8, time = 5)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class WebhookBenchmark {

    static final String SECRET = "laudla991lamda0pnoaa0";
    static final String AUDIENCE = "12345678";
    static final String CHAT_ID = "PJ0MRSHTDG";
    static final Instant THREAD_START = Instant.parse("2026-11-20T11:42:47.383Z");

    private byte[] template;
    private int chatIdOffset;
    private long counter;
    private final Instant receivedAt = THREAD_START.plusSeconds(60);

    private LiveChatWebhooks memory;
    private LiveChatWebhooks h2;
    private JdbcConnectionPool pool;
    private IdentityTokenVerifier verifier;
    private final ObjectMapper mapper = JsonMapper.builder().build();
    private WebhookEvent lastEvent;

    @Setup(Level.Trial)
    public void setUp() {
        IdentityKeySet keys = IdentityKeySet.fromHs256Secret("q4jWb7m8r0JpW2bLx9z1S3v5T7y9A1c3E5g7I9k1M3o=");
        String json = SampleDelivery.body(keys, AUDIENCE, THREAD_START);
        template = json.getBytes(StandardCharsets.UTF_8);
        chatIdOffset = json.indexOf(CHAT_ID); // ASCII before it: char index = byte index
        verifier = IdentityTokenVerifier.create(keys);
        memory = webhooks(keys, InMemoryChatContextStore.builder().build());
        pool = JdbcConnectionPool.create(
                "jdbc:h2:mem:webhook-bench-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(4);
        h2 = webhooks(keys, JdbcChatContextStore.create(pool));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.dispose();
    }

    private LiveChatWebhooks webhooks(IdentityKeySet keys, io.lcbridge.verifier.ChatContextStore store) {
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(keys)
                .audience(AUDIENCE)
                .store(store)
                .handler("incoming_chat", event -> lastEvent = event)
                .build();
    }

    /** A new delivery: the template with the next chat id (10 base-36 digits). */
    private byte[] nextBody() {
        byte[] body = template.clone();
        long n = ++counter;
        for (int i = CHAT_ID.length() - 1; i >= 0; i--) {
            body[chatIdOffset + i] = (byte) Character.toUpperCase(Character.forDigit((int) (n % 36), 36));
            n /= 36;
        }
        return body;
    }

    @Benchmark
    public WebhookOutcome verifierMemoryStore() {
        WebhookOutcome outcome = memory.process(nextBody(), WebhookHeaders.none(), receivedAt);
        if (outcome.kind() != WebhookOutcome.Kind.HANDLED || !lastEvent.hasVerifiedCustomer()) {
            throw new IllegalStateException("not handled: " + outcome);
        }
        return outcome;
    }

    @Benchmark
    public WebhookOutcome verifierH2Store() {
        WebhookOutcome outcome = h2.process(nextBody(), WebhookHeaders.none(), receivedAt);
        if (outcome.kind() != WebhookOutcome.Kind.HANDLED || !lastEvent.hasVerifiedCustomer()) {
            throw new IllegalStateException("not handled: " + outcome);
        }
        return outcome;
    }

    @Benchmark
    @SuppressWarnings("unchecked")
    public TokenVerification naiveNoStore() {
        Map<String, Object> root = mapper.readValue(nextBody(), Map.class);
        if (!SECRET.equals(root.get("secret_key"))) {
            throw new IllegalStateException("secret");
        }
        Map<String, Object> chat = (Map<String, Object>) ((Map<String, Object>) root.get("payload")).get("chat");
        for (Map<String, Object> user : (List<Map<String, Object>>) chat.get("users")) {
            if ("customer".equals(user.get("type"))) {
                for (Map<String, Object> field : (List<Map<String, Object>>) user.get("session_fields")) {
                    Object token = field.get("lc_identity");
                    if (token != null) {
                        TokenVerification v = verifier.verify((String) token, AUDIENCE, THREAD_START, receivedAt);
                        if (!v.isVerified()) {
                            throw new IllegalStateException(v.toString());
                        }
                        return v;
                    }
                }
            }
        }
        throw new IllegalStateException("no token");
    }

    static String resource(String name) {
        try (InputStream in = WebhookBenchmark.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
