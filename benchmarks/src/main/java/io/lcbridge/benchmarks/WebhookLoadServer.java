package io.lcbridge.benchmarks;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.servlet.LiveChatWebhookServlet;
import io.lcbridge.verifier.JdbcChatContextStore;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookAuthenticator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.ee11.servlet.ServletContextHandler;
import org.eclipse.jetty.ee11.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Loopback HTTP load target: {@link LiveChatWebhookServlet} on Jetty 12.1 (ee11) with
 * {@link JdbcChatContextStore} on embedded H2, for {@code wrk} (see {@code benchmarks/load/webhooks.lua}).
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar io.lcbridge.benchmarks.WebhookLoadServer PORT BODY_FILE}
 * writes the {@code incoming_chat} body (with a valid HS256 identity token) to {@code BODY_FILE},
 * serves until stopped, then prints how many deliveries were handled and how many carried a
 * verified customer.
 */
public final class WebhookLoadServer {

    private WebhookLoadServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path bodyFile = Path.of(args[1]);
        IdentityKeySet keys = IdentityKeySet.fromHs256Secret("q4jWb7m8r0JpW2bLx9z1S3v5T7y9A1c3E5g7I9k1M3o=");
        CustomerIdentity identity = CustomerIdentity.builder("user-8472").name("Thomas Anderson").email("t.anderson@example.com")
                .variable("plan", "enterprise").variable("account_id", "acc_12345").build();
        // minted just before the sample thread started; alive when it started, not minted after reception
        String token = IdentitySigner.builder(keys, WebhookBenchmark.AUDIENCE)
                .clock(Clock.fixed(WebhookBenchmark.THREAD_START.minusSeconds(60), ZoneOffset.UTC))
                .build().sign(identity).token();
        Files.writeString(bodyFile, WebhookBenchmark.resource("/livechat/incoming_chat.v3.6.json").replace("{{TOKEN}}", token),
                StandardCharsets.UTF_8);

        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:webhook-load;DB_CLOSE_DELAY=-1", "sa", "");
        pool.setMaxConnections(32);
        LongAdder handled = new LongAdder();
        LongAdder verified = new LongAdder();
        LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(WebhookBenchmark.SECRET))
                .identityKeys(keys).audience(WebhookBenchmark.AUDIENCE)
                .store(JdbcChatContextStore.create(pool))
                .handlerForAll(event -> {
                    handled.increment();
                    if (event.hasVerifiedCustomer()) {
                        verified.increment();
                    }
                })
                .build();

        QueuedThreadPool threads = new QueuedThreadPool(32, 8);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new LiveChatWebhookServlet(webhooks)), "/livechat/webhooks");
        server.setHandler(context);
        Instant started = Instant.now();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                System.err.println("stop failed: " + e);
            }
            System.out.println("handled=" + handled.sum() + " verified=" + verified.sum()
                    + " uptime_s=" + java.time.Duration.between(started, Instant.now()).toSeconds());
            pool.dispose();
        }));
        server.start();
        System.out.println("listening on 127.0.0.1:" + connector.getLocalPort());
        server.join();
    }
}
