package io.lcbridge.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.LiveChatWebhookServlet;
import io.lcbridge.verifier.ChatContextStore;
import io.lcbridge.verifier.InMemoryChatContextStore;
import io.lcbridge.verifier.JdbcChatContextStore;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookAuthenticator;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.h2.jdbcx.JdbcConnectionPool;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Loopback HTTP load target for {@code wrk} (see {@code benchmarks/load/webhooks.lua}): Jetty 12.1 (ee11)
 * serving the same {@code incoming_chat} delivery on several paths, so the variants can be compared
 * side by side against one server:
 * <ul>
 *   <li>{@code /livechat/webhooks} and {@code /h2}: {@link LiveChatWebhookServlet} with {@link JdbcChatContextStore} on embedded H2;</li>
 *   <li>{@code /memory}: {@link LiveChatWebhookServlet} with {@link InMemoryChatContextStore};</li>
 *   <li>{@code /minimal}: the limit, a servlet that only parses the JSON and compares the secret;</li>
 *   <li>{@code /pg}: the bridge with {@link JdbcChatContextStore} on PostgreSQL, only when a JDBC URL is given,
 *       its sessions with {@code synchronous_commit=off} (a commit does not wait for its WAL flush);</li>
 *   <li>{@code /pgsync}: the same on the server's default durability ({@code synchronous_commit=on}: each commit
 *       waits until its WAL is flushed to disk), in its own table.</li>
 * </ul>
 * Both PostgreSQL variants use a HikariCP pool of {@value #PG_POOL} connections: on a 2-core machine more
 * connections only queue in the database.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.lcbridge.benchmarks.WebhookLoadServer PORT BODY_FILE [POSTGRES_JDBC_URL]}
 * writes the {@code incoming_chat} body (with a valid HS256 identity token) to {@code BODY_FILE},
 * serves until stopped, then prints per path how many deliveries were handled and how many carried a
 * verified customer.
 */
public final class WebhookLoadServer {

    /** Connections of each PostgreSQL pool. */
    static final int PG_POOL = 8;

    private WebhookLoadServer() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path bodyFile = Path.of(args[1]);
        IdentityKeySet keys = IdentityKeySet.fromHs256Secret("q4jWb7m8r0JpW2bLx9z1S3v5T7y9A1c3E5g7I9k1M3o=");
        // The sample's thread starts now: the servlets receive on the real clock.
        String body = SampleDelivery.body(
                keys, WebhookBenchmark.AUDIENCE, Instant.now().truncatedTo(ChronoUnit.MILLIS));
        Files.writeString(bodyFile, body, StandardCharsets.UTF_8);

        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:webhook-load;DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(32);
        Map<String, LongAdder[]> counts = new LinkedHashMap<>();
        LiveChatWebhooks h2 = bridge(keys, JdbcChatContextStore.create(pool), counts, "h2");
        LiveChatWebhooks memory =
                bridge(keys, InMemoryChatContextStore.builder().build(), counts, "memory");
        HikariDataSource pgPool = null;
        HikariDataSource pgSyncPool = null;
        LiveChatWebhooks pg = null;
        LiveChatWebhooks pgSync = null;
        if (args.length > 2) {
            pgPool = hikari(args[2], "lcbridge-pg", "SET synchronous_commit = off");
            pg = bridge(keys, JdbcChatContextStore.create(pgPool), counts, "pg");
            pgSyncPool = hikari(args[2], "lcbridge-pgsync", null);
            pgSync = bridge(
                    keys,
                    JdbcChatContextStore.builder(pgSyncPool)
                            .table("lcbridge_webhook_state_durable")
                            .build(),
                    counts,
                    "pgsync");
        }
        LongAdder minimalCount = new LongAdder();

        QueuedThreadPool threads = new QueuedThreadPool(32, 8);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new LiveChatWebhookServlet(h2)), "/livechat/webhooks");
        context.addServlet(new ServletHolder(new LiveChatWebhookServlet(h2)), "/h2");
        context.addServlet(new ServletHolder(new LiveChatWebhookServlet(memory)), "/memory");
        context.addServlet(new ServletHolder(new MinimalWebhookServlet(minimalCount)), "/minimal");
        if (pg != null) {
            context.addServlet(new ServletHolder(new LiveChatWebhookServlet(pg)), "/pg");
            context.addServlet(new ServletHolder(new LiveChatWebhookServlet(pgSync)), "/pgsync");
        }
        HikariDataSource pgPoolToClose = pgPool;
        HikariDataSource pgSyncPoolToClose = pgSyncPool;
        server.setHandler(context);
        Instant started = Instant.now();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("stop failed: " + e);
            }
            counts.forEach(
                    (name, c) -> System.out.println(name + ": handled=" + c[0].sum() + " verified=" + c[1].sum()));
            System.out.println("minimal: accepted=" + minimalCount.sum() + " uptime_s="
                    + java.time.Duration.between(started, Instant.now()).toSeconds());
            pool.dispose();
            if (pgPoolToClose != null) {
                pgPoolToClose.close();
                pgSyncPoolToClose.close();
            }
        }));
        server.start();
        System.out.println("listening on 127.0.0.1:" + connector.getLocalPort());
        server.join();
    }

    private static HikariDataSource hikari(String url, String name, String initSql) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setPoolName(name);
        config.setMaximumPoolSize(PG_POOL);
        config.setMinimumIdle(PG_POOL);
        if (initSql != null) {
            config.setConnectionInitSql(initSql);
        }
        return new HikariDataSource(config);
    }

    private static LiveChatWebhooks bridge(
            IdentityKeySet keys, ChatContextStore store, Map<String, LongAdder[]> counts, String name) {
        LongAdder handled = new LongAdder();
        LongAdder verified = new LongAdder();
        counts.put(name, new LongAdder[] {handled, verified});
        return LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(WebhookBenchmark.SECRET))
                .identityKeys(keys)
                .audience(WebhookBenchmark.AUDIENCE)
                .store(store)
                .handlerForAll(event -> {
                    handled.increment();
                    if (event.hasVerifiedCustomer()) {
                        verified.increment();
                    }
                })
                .build();
    }

    /**
     * The limit of the webhook path: read the body, parse it with Jackson into a {@code Map}, compare
     * {@code secret_key}; 200 or 401. No identity, no store, no dispatch.
     */
    static final class MinimalWebhookServlet extends HttpServlet {
        private static final ObjectMapper MAPPER = JsonMapper.builder().build();
        private final transient LongAdder accepted;

        MinimalWebhookServlet(LongAdder accepted) {
            this.accepted = accepted;
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            byte[] body = request.getInputStream().readAllBytes();
            Map<?, ?> root = MAPPER.readValue(body, Map.class);
            if (WebhookBenchmark.SECRET.equals(root.get("secret_key"))) {
                accepted.increment();
                response.setStatus(200);
            } else {
                response.setStatus(401);
            }
        }
    }
}
