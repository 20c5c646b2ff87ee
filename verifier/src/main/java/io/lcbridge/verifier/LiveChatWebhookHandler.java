package io.lcbridge.verifier;

/**
 * The app's code for webhooks: registered per action or for all actions on
 * {@link LiveChatWebhooks.Builder}. Runs only for authentic deliveries that were not handled before.
 *
 * <p>Throwing marks the delivery as failed: it is answered 500 and dispatched again (to every
 * handler) when LiveChat retries, so handlers should tolerate seeing an event twice after their own
 * failure. Handlers should return quickly (LiveChat waits about 10 s) or use asynchronous dispatch.
 */
@FunctionalInterface
public interface LiveChatWebhookHandler {

    void handle(WebhookEvent event) throws Exception;
}
