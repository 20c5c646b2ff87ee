package io.lcbridge.livechat.api;

import java.util.Map;

/**
 * One webhook as {@code list_webhooks} returns it. LiveChat does not return the secret key.
 *
 * @param id the webhook ID
 * @param url the destination
 * @param description may be null
 * @param action the triggering action
 * @param filters may be null
 * @param ownerClientId the owning Client ID
 * @param type {@code license} or {@code bot}
 */
public record Webhook(
        String id,
        String url,
        String description,
        String action,
        Map<String, Object> filters,
        String ownerClientId,
        String type) {}
