package io.lcbridge.demo;

import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.widget.WidgetOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.List;

/** Prints where the demo runs, who can log in, and loudly, which settings are demo-only stand-ins. */
@Component
class DemoBanner implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(DemoBanner.class);

    private final Environment env;
    private final WidgetOptions widget;
    private final ObjectProvider<FakeLiveChat> fakeLiveChat;

    DemoBanner(Environment env, WidgetOptions widget, ObjectProvider<FakeLiveChat> fakeLiveChat) {
        this.env = env;
        this.widget = widget;
        this.fakeLiveChat = fakeLiveChat;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        List<String> notes =
                List.of(env.getProperty(DemoDefaults.NOTES_PROPERTY, "").split(","));
        if (notes.contains("generated-signing-key")) {
            LOG.warn("*** DEMO ONLY: no livechat.signing.secret or livechat.signing.jwk-set is configured, so a random "
                    + "key (HS256, or ES256 with livechat.signing.publish-jwks=true) was generated at start-up. Tokens die with this process. Never run a real app like "
                    + "this: set livechat.signing.secret (e.g. from 'openssl rand -base64 32') or a JWK set. ***");
        }
        if (notes.contains("generated-webhook-secret")) {
            LOG.warn("*** DEMO ONLY: no livechat.webhook.secret-keys is configured, so a random webhook secret was "
                    + "generated; only the playground knows it. Set the secret you registered in LiveChat. ***");
        }
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort()
                : env.getProperty("server.port", Integer.class, 8080);
        StringBuilder banner = new StringBuilder("\n")
                .append("==============================================================================\n")
                .append("  LiveChat Identity Bridge demo:  http://localhost:")
                .append(port)
                .append("/\n")
                .append("  Log in as   alice / alice   (plan enterprise)\n")
                .append("         or   bob / bob       (plan free)\n")
                .append(
                        WebhookPlayground.enabled(env)
                                ? "  Then open   /playground  to send LiveChat-shaped webhooks to this app.\n"
                                : "  Playground: off (a license is set; --demo.playground.enabled=true turns it on)\n");
        FakeLiveChat fake = fakeLiveChat.getIfAvailable();
        if (fake != null) {
            banner.append("         and /agent       for the internal notes an agent would see\n")
                    .append("  LiveChat:   a local fake at ")
                    .append(fake.apiUrl())
                    .append(" (webhooks registered there, notes sent there)\n");
        }
        if (notes.contains("offline-preview")) {
            banner.append("  Widget:     offline preview (")
                    .append(widget.scriptUrl())
                    .append(")\n")
                    .append("              set LIVECHAT_LICENSE=<your license> to load the real LiveChat widget\n");
        } else {
            banner.append("  Widget:     ")
                    .append(widget.scriptUrl())
                    .append(" for ")
                    .append(widget.audience())
                    .append('\n');
        }
        banner.append("==============================================================================");
        LOG.info(banner.toString());
    }
}
