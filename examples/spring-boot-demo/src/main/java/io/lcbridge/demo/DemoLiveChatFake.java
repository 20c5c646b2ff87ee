package io.lcbridge.demo;

import io.lcbridge.testsupport.livechat.FakeLiveChat;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Offline, the demo talks to a local fake of LiveChat's Platform API instead of LiveChat: with no
 * real license ({@link DemoDefaults} chose the offline preview) and no
 * {@code livechat.api.personal-access-token}, this starts {@link FakeLiveChat} on a free loopback
 * port before the app's properties are bound, and configures the starter exactly as a real app
 * would be configured, only pointed at the fake:
 * <ul>
 *   <li>{@code livechat.api.url} = the fake, with a fresh account ID and token the fake requires;</li>
 *   <li>{@code livechat.agent-notes.enabled=true}: every {@code incoming_chat} gets an internal note;</li>
 *   <li>{@code livechat.webhook.registration.*}: the demo's own webhook URL is registered at start-up;</li>
 *   <li>{@code livechat.customer-identity.*}: the fake's accounts service (agent-token grant), used when the demo
 *       runs with {@code --livechat.customer-identity.enabled=true}.</li>
 * </ul>
 * The fake is a bean ({@code demoFakeLiveChat}) so that the agent view can show what it recorded;
 * it stops with the application. Every value is a default: anything set on the command line wins,
 * and {@code --demo.livechat-fake.enabled=false} turns the fake off.
 */
final class DemoLiveChatFake implements ApplicationListener<ApplicationEvent> {

    static final String SOURCE_NAME = "lcbridgeDemoLiveChatFake";

    /** Set to {@code false} to run the demo without the fake (no notes, no registration). */
    static final String ENABLED_PROPERTY = "demo.livechat-fake.enabled";

    /** Name of the fake's bean. */
    static final String BEAN_NAME = "demoFakeLiveChat";

    /** The account ID and Client ID the demo uses against the fake; any value works there. */
    static final String ACCOUNT_ID = "demo-account@example.com";

    static final String CLIENT_ID = "lcbridge-demo-client-id";

    private FakeLiveChat fake;

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            configure(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared && fake != null) {
            prepared.getApplicationContext().getBeanFactory().registerSingleton(BEAN_NAME, fake);
        } else if (event instanceof ContextClosedEvent || event instanceof ApplicationFailedEvent) {
            stop();
        }
    }

    /** Starts the fake and points the starter at it, when the demo runs offline. */
    void configure(ConfigurableEnvironment env) {
        boolean offline = List.of(
                        env.getProperty(DemoDefaults.NOTES_PROPERTY, "").split(","))
                .contains("offline-preview");
        if (!offline
                || env.containsProperty("livechat.api.personal-access-token")
                || !env.getProperty(ENABLED_PROPERTY, Boolean.class, true)
                || fake != null) {
            return;
        }
        fake = FakeLiveChat.start();
        String token = DemoDefaults.randomSecret();
        fake.requirePersonalAccessToken(ACCOUNT_ID, token);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("livechat.api.url", fake.apiUrl().toString());
        defaults.put("livechat.api.account-id", ACCOUNT_ID);
        defaults.put("livechat.api.personal-access-token", token);
        defaults.put("livechat.agent-notes.enabled", "true");
        defaults.put("livechat.webhook.registration.enabled", "true");
        defaults.put(
                "livechat.webhook.registration.public-url",
                "http://localhost:${server.port:8080}${livechat.webhook.path:/webhooks/livechat}");
        defaults.put("livechat.webhook.registration.owner-client-id", CLIENT_ID);
        defaults.put("livechat.webhook.registration.retry-initial", "1s");
        // customer identity binding (off unless --livechat.customer-identity.enabled=true): the fake's accounts service
        defaults.put(
                "livechat.customer-identity.accounts-url", fake.accountsUrl().toString());
        defaults.put("livechat.customer-identity.agent-token", "demo-agent-" + DemoDefaults.randomSecret());
        defaults.put("livechat.customer-identity.client-id", CLIENT_ID);
        env.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
    }

    /** The running fake, or null when the demo does not use one. */
    FakeLiveChat fake() {
        return fake;
    }

    private void stop() {
        if (fake != null) {
            fake.close();
            fake = null;
        }
    }
}
