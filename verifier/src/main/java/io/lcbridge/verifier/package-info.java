/**
 * LiveChat webhooks in, a trusted chat context out.
 *
 * <p>{@link io.lcbridge.verifier.LiveChatWebhooks} takes the raw body of one webhook delivery,
 * parses it within fixed bounds, checks that it came from LiveChat
 * ({@link io.lcbridge.verifier.WebhookAuthenticator}), drops retries of deliveries already handled,
 * rebuilds the customer's identity from the signed token in the session fields
 * ({@link io.lcbridge.verifier.VerifiedCustomer}), remembers it per chat thread
 * ({@link io.lcbridge.verifier.ChatContextStore}) and hands a typed
 * {@link io.lcbridge.verifier.WebhookEvent} to the app's
 * {@link io.lcbridge.verifier.LiveChatWebhookHandler}s. The answer is a
 * {@link io.lcbridge.verifier.WebhookOutcome} that maps to the HTTP status LiveChat expects.
 *
 * <p>Nothing here knows about servlets or HTML; the servlet module adapts it to HTTP.
 */
@NullMarked
package io.lcbridge.verifier;

import org.jspecify.annotations.NullMarked;
