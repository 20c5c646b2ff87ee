package io.lcbridge.spring;

import io.micrometer.common.KeyValues;

/**
 * The default names and tags of webhook deliveries: observation (and timer) {@value #NAME}, low-cardinality keys
 * {@code status} (the HTTP status answered), {@code outcome} (the verifier's outcome: {@code handled},
 * {@code duplicate}, {@code queued}, {@code malformed}, {@code not_authentic}, {@code too_large},
 * {@code handler_failed}, {@code store_unavailable}, {@code in_progress}, {@code queue_full}; or, for requests refused
 * before processing, {@code refused} (wrong method or type), {@code too_large}, {@code timeout}, {@code unreadable})
 * and {@code action} (LiveChat's action, {@code unknown} when it was not dispatched on the request's thread). The
 * contextual name, for spans, is {@code livechat webhook <action>}.
 */
public class DefaultLiveChatWebhookObservationConvention implements LiveChatWebhookObservationConvention {

    /** Name of the observation, and so of its timer. */
    public static final String NAME = "lcbridge.webhook.deliveries";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(LiveChatWebhookObservationContext context) {
        String action = context.action();
        return "livechat webhook " + (action == null ? "delivery" : action);
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(LiveChatWebhookObservationContext context) {
        String action = context.action();
        String outcome = context.outcome();
        return KeyValues.of(
                "action",
                action == null ? "unknown" : action,
                "outcome",
                outcome != null ? outcome : refusedOutcome(context.status()),
                "status",
                Integer.toString(context.status()));
    }

    /** The outcome of a request the endpoint answered before the verifier saw it. */
    static String refusedOutcome(int status) {
        return switch (status) {
            case 405, 415 -> "refused";
            case 413 -> "too_large";
            case 408 -> "timeout";
            case 400 -> "unreadable";
            case 500 -> "error";
            default -> "other";
        };
    }
}
