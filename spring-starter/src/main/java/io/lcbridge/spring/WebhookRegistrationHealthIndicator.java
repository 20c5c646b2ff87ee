package io.lcbridge.spring;

import io.lcbridge.livechat.api.WebhookRegistration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Where the start-up webhook registration ({@link WebhookRegistrationRunner}) stands, as an
 * actuator health indicator ({@code liveChatWebhookRegistration}): {@code UNKNOWN} before the first
 * attempt, {@code UP} once every action is registered, {@code DOWN} while LiveChat cannot be reached
 * (another attempt is scheduled) and after a refusal retrying cannot fix. Without registered
 * webhooks no verdict reaches the app, which is what an operator should see; the app keeps
 * serving either way, and Boot's liveness and readiness groups do not include this indicator.
 *
 * <p>Details: {@code registration} (the runner's status), {@code attempts}, {@code actions} and,
 * after a failure, {@code error} (LiveChat's method and error type, never a token or secret).
 */
public final class WebhookRegistrationHealthIndicator implements HealthIndicator {

    private final WebhookRegistrationRunner registration;

    WebhookRegistrationHealthIndicator(WebhookRegistrationRunner registration) {
        this.registration = registration;
    }

    @Override
    public Health health() {
        WebhookRegistrationRunner.State state = registration.state();
        Health.Builder health = switch (state.status()) {
            case PENDING -> Health.unknown();
            case REGISTERED -> Health.up();
            case RETRYING, FAILED -> Health.down();
        };
        health.withDetail("registration", state.status().name()).withDetail("attempts", state.attempts());
        if (!state.webhooks().isEmpty()) {
            health.withDetail(
                    "actions",
                    state.webhooks().stream()
                            .map(WebhookRegistration.Entry::action)
                            .toList());
        }
        if (state.lastError() != null) {
            health.withDetail("error", state.lastError());
        }
        return health.build();
    }
}
