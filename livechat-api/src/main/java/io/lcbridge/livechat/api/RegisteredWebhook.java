package io.lcbridge.livechat.api;

/**
 * The answer of {@code register_webhook}.
 *
 * @param id the new webhook's ID (needed to unregister it)
 */
public record RegisteredWebhook(String id) {}
