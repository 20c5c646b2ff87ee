package io.lcbridge.examples.jetty;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.LiveChatIdentityServlet;
import io.lcbridge.servlet.LiveChatWebhookServlet;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import io.lcbridge.verifier.InMemoryChatContextStore;
import io.lcbridge.verifier.LiveChatWebhookHandler;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookAuthenticator;
import io.lcbridge.verifier.WebhookEvent;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.DispatcherType;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;

/**
 * The LiveChat identity bridge in a plain Jakarta Servlet app on embedded Jetty 12.1 (ee10), no
 * framework: the widget filter and the webhook servlet are registered in code, the app's own
 * session login tells the filter who is signed in ({@link SessionUserResolver}).
 *
 * <p>Settings come from the environment: {@code LIVECHAT_LICENSE}, {@code LCBRIDGE_IDENTITY_SECRET}
 * (HS256, base64 of at least 32 random bytes), {@code LIVECHAT_WEBHOOK_SECRET}, {@code PORT}.
 * Missing ones get demo values (a demo license, random secrets, port 8081), announced at start-up.
 */
public final class JettyExample {

    private static final Logger LOG = LoggerFactory.getLogger(JettyExample.class);

    /** License number used when {@code LIVECHAT_LICENSE} is not set. */
    static final String DEMO_LICENSE = "19000000";

    /** What the example needs to run: every value already decided. */
    record Settings(int port, String license, String identitySecret, String webhookSecret) {

        static Settings fromEnvironment(Map<String, String> env) {
            String identitySecret = env.get("LCBRIDGE_IDENTITY_SECRET");
            if (identitySecret == null || identitySecret.isBlank()) {
                LOG.warn("*** DEMO ONLY: LCBRIDGE_IDENTITY_SECRET is not set, so a random HS256 key was generated; "
                        + "identity tokens die with this process. ***");
                identitySecret = randomSecret();
            }
            String webhookSecret = env.get("LIVECHAT_WEBHOOK_SECRET");
            if (webhookSecret == null || webhookSecret.isBlank()) {
                LOG.warn("*** DEMO ONLY: LIVECHAT_WEBHOOK_SECRET is not set, so a random webhook secret was "
                        + "generated: no webhook will authenticate. Set the secret you registered in LiveChat. ***");
                webhookSecret = randomSecret();
            }
            return new Settings(
                    Integer.parseInt(env.getOrDefault("PORT", "8081")),
                    env.getOrDefault("LIVECHAT_LICENSE", DEMO_LICENSE),
                    identitySecret,
                    webhookSecret);
        }
    }

    private JettyExample() {}

    public static void main(String[] args) throws Exception {
        Server server = start(Settings.fromEnvironment(System.getenv()), JettyExample::logWebhook);
        LOG.info(
                "LiveChat identity bridge on plain Jetty: http://localhost:{}/  (log in as alice/alice or bob/bob)",
                ((ServerConnector) server.getConnectors()[0]).getLocalPort());
        server.join();
    }

    /** What this app does with a webhook: here, a log line with the verdict (never the token or personal data). */
    static void logWebhook(WebhookEvent event) {
        LOG.info(
                "webhook {} for chat {}: customer {}",
                event.action(),
                event.chatId().orElse("-"),
                event.customer()
                        .map(c -> c.status()
                                + c.identity()
                                        .map(i -> " (user " + i.subject() + ")")
                                        .orElse(""))
                        .orElse("unknown"));
    }

    /** Builds and starts the server (port 0 picks a free one); {@code onWebhook} gets every authentic delivery. */
    static Server start(Settings settings, LiveChatWebhookHandler onWebhook) throws Exception {
        WidgetOptions widget =
                WidgetOptions.builder().license(settings.license()).build();
        IdentityKeySet keys = IdentityKeySet.fromHs256Secret(settings.identitySecret());

        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.SESSIONS);
        context.setContextPath("/");

        // 1. the widget, with the signed-in user's signed identity, on every HTML page
        LiveChatWidgetFilter widgetFilter = LiveChatWidgetFilter.builder(widget)
                .signingKeys(keys)
                .identityResolver(new SessionUserResolver())
                .excludePaths("/webhooks/*")
                .build();
        context.addFilter(new FilterHolder(widgetFilter), "/*", EnumSet.of(DispatcherType.REQUEST));

        // 2. LiveChat's webhooks: authenticated, identity verified, chat contexts remembered, handed to the app
        LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(settings.webhookSecret()))
                .identityKeys(keys)
                .audience(widget.audience())
                .store(InMemoryChatContextStore.builder().build())
                .handlerForAll(onWebhook)
                .build();
        context.addServlet(
                new ServletHolder("livechat-webhooks", new LiveChatWebhookServlet(webhooks)), "/webhooks/livechat");

        // 3. single-page apps: the same identity as JSON, for <LiveChatWidget license="…" {...identity} />
        context.addServlet(
                new ServletHolder("livechat-identity", LiveChatIdentityServlet.forFilter(widgetFilter)),
                LiveChatIdentityServlet.DEFAULT_PATH);

        // 4. the app itself
        context.addServlet(new ServletHolder("login", new LoginServlet()), "/login");
        context.addServlet(new ServletHolder("logout", new LogoutServlet()), "/logout");
        context.addServlet(new ServletHolder("pages", new PageServlet()), "/");

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("localhost");
        connector.setPort(settings.port());
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
        return server;
    }

    static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
