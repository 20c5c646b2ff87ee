package io.lcbridge.spring;

import io.lcbridge.verifier.ChatContextStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The bridge's own actuator health indicator ({@code liveChat}): {@code UP} when the signing keys are loaded (or the
 * bridge runs without identities on purpose) and the webhooks' chat-context store answers; {@code DOWN} when the store
 * cannot be reached, since every webhook is then answered 503 and retried. The store is pinged with one lookup of a
 * chat that does not exist (for the JDBC store a primary-key query on its table).
 *
 * <p>Details: {@code identities} ({@code on}/{@code off}), {@code activeKid} and {@code algorithm} of the signing key,
 * {@code store} ({@code memory}, {@code jdbc}, an application store's class, or {@code none} without webhooks) and,
 * when the ping fails, {@code storeError} (the exception's class name, never its message, which may carry a JDBC URL).
 * The webhook registration has its own indicator, {@code liveChatWebhookRegistration}.
 */
public final class LiveChatHealthIndicator implements HealthIndicator {

    static final String PING_CHAT = "lcbridge-health-check";

    private final LiveChatBridgeState state;

    LiveChatHealthIndicator(LiveChatBridgeState state) {
        this.state = state;
    }

    @Override
    public Health health() {
        Health.Builder health = Health.up().withDetails(state.keyDetails());
        ChatContextStore store = state.store();
        health.withDetail("store", LiveChatBridgeState.storeType(store));
        if (store != null) {
            try {
                store.find(PING_CHAT, PING_CHAT);
            } catch (RuntimeException e) {
                health.down().withDetail("storeError", e.getClass().getName());
            }
        }
        return health.build();
    }
}
