/**
 * A typed client of LiveChat's Platform API v3.6: the Configuration API (webhooks, agents,
 * groups) and the Agent Chat Web API (events, chats, archives, customers).
 *
 * <p>{@link io.lcbridge.livechat.api.LiveChatApiClient} sends each method as LiveChat documents
 * it ({@code POST <base>/v3.6/<api>/action/<method>}, JSON both ways) on the JDK's
 * {@link java.net.http.HttpClient}, authenticated with a Personal Access Token or a Bearer token
 * ({@link io.lcbridge.livechat.api.LiveChatCredentials}). Rate limits and server errors are
 * retried within bounds for the operations that are safe to repeat; every other failure becomes a
 * {@link io.lcbridge.livechat.api.LiveChatApiException} naming the method and LiveChat's error
 * type, never the token. The facts each operation relies on, with their sources, are in
 * {@code docs/livechat-api.md}.
 */
@NullMarked
package io.lcbridge.livechat.api;

import org.jspecify.annotations.NullMarked;
