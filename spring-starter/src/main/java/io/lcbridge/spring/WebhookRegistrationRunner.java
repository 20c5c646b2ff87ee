package io.lcbridge.spring;

import io.lcbridge.livechat.api.LiveChatApiException;
import io.lcbridge.livechat.api.WebhookRegistration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Registers the app's webhooks once the application is ready, off the start-up thread, with the
 * same diffing as {@code lcbridge-cli webhooks register}. A LiveChat that cannot be reached never
 * fails start-up: the first failure is logged once, then the registration is retried with growing
 * waits; a refusal that retrying cannot fix (authentication, authorization, validation) stops it.
 * {@link #state()} tells where it stands (exposed as the {@code lcbridge.webhook.registration}
 * gauge when Micrometer is present).
 */
public final class WebhookRegistrationRunner implements ApplicationListener<ApplicationReadyEvent>, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(WebhookRegistrationRunner.class.getName());

    /** Where the registration stands. */
    public enum Status {
        /** Not tried yet. */
        PENDING,
        /** Every action is registered. */
        REGISTERED,
        /** Failed; another attempt is scheduled. */
        RETRYING,
        /** Refused for a reason retrying cannot fix; see the log. */
        FAILED
    }

    /**
     * A snapshot.
     *
     * @param status where it stands
     * @param attempts attempts so far
     * @param lastError the last failure (method and LiveChat's error type), or null
     * @param webhooks the result of the last successful run
     */
    public record State(Status status, int attempts, String lastError, List<WebhookRegistration.Entry> webhooks) {}

    private final WebhookRegistration registration;
    private final WebhookRegistration.Desired desired;
    private final String secretKey;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final AtomicReference<State> state = new AtomicReference<>(new State(Status.PENDING, 0, null, List.of()));
    private final ScheduledThreadPoolExecutor executor;

    WebhookRegistrationRunner(
            WebhookRegistration registration,
            WebhookRegistration.Desired desired,
            String secretKey,
            Duration retryInitial,
            Duration retryMax) {
        this.registration = registration;
        this.desired = desired;
        this.secretKey = secretKey;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lcbridge-webhook-registration");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        start();
    }

    /** Starts the first attempt (once). */
    void start() {
        if (state.get().status() == Status.PENDING && state.get().attempts() == 0) {
            executor.execute(this::attempt);
        }
    }

    /** Where the registration stands. */
    public State state() {
        return state.get();
    }

    private void attempt() {
        State before = state.get();
        int attempts = before.attempts() + 1;
        try {
            List<WebhookRegistration.Entry> result = registration.apply(desired, secretKey);
            state.set(new State(Status.REGISTERED, attempts, null, result));
            LOG.log(Level.INFO, () -> "lcbridge registered LiveChat webhooks for " + desired.actions());
        } catch (RuntimeException e) {
            String error = e instanceof LiveChatApiException
                    ? e.getMessage()
                    : e.getClass().getName();
            boolean retry = !(e instanceof LiveChatApiException) || ((LiveChatApiException) e).isTransient();
            if (!retry) {
                state.set(new State(Status.FAILED, attempts, error, before.webhooks()));
                LOG.log(Level.ERROR, () -> "lcbridge could not register LiveChat webhooks, not retrying: " + error);
                return;
            }
            state.set(new State(Status.RETRYING, attempts, error, before.webhooks()));
            if (attempts == 1) {
                LOG.log(Level.WARNING, () -> "lcbridge could not register LiveChat webhooks, will retry: " + error);
            } else {
                LOG.log(Level.DEBUG, () -> "lcbridge webhook registration attempt " + attempts + " failed: " + error);
            }
            long base = Math.min(retryMax.toMillis(), retryInitial.toMillis() << Math.min(attempts - 1, 20));
            long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            try {
                executor.schedule(this::attempt, wait, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // shutting down
            }
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
