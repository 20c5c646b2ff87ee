package io.lcbridge.livechat.api;

/**
 * The answer of {@code send_event}.
 *
 * @param eventId the new event's ID
 */
public record SentEvent(String eventId) {}
