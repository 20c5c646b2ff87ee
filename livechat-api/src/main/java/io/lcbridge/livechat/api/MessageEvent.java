package io.lcbridge.livechat.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * A {@code message} event.
 *
 * @param text the text, at most 16 KB of UTF-8 (LiveChat's limit)
 * @param visibility {@link Visibility#ALL} or {@link Visibility#AGENTS}
 * @param customId optional ID of the sender's choosing
 * @param properties optional event properties, namespace to name to value
 */
public record MessageEvent(
        String text, Visibility visibility, String customId, Map<String, Map<String, Object>> properties)
        implements Event {

    /** LiveChat's limit on a message's raw text. */
    public static final int MAX_TEXT_BYTES = 16 * 1024;

    public MessageEvent {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("text must not be blank");
        }
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("text is longer than 16 KB of UTF-8; split it into several messages");
        }
        visibility = visibility == null ? Visibility.ALL : visibility;
        properties = properties == null ? null : Map.copyOf(properties);
    }

    /** The same message with a custom ID (lets a sender find its own event again). */
    public MessageEvent withCustomId(String id) {
        return new MessageEvent(text, visibility, id, properties);
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return "message";
    }
}
