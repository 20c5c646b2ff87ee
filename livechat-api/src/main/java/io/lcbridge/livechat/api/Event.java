package io.lcbridge.livechat.api;

/**
 * An event to send with {@code send_event}: a {@link MessageEvent} or a {@link RichMessageEvent}.
 */
public sealed interface Event permits MessageEvent, RichMessageEvent {

    /** LiveChat's event type, e.g. {@code message}. */
    String type();

    /** Who will see the event. */
    Visibility visibility();

    /** A plain message that the customer and the agents see. */
    static MessageEvent message(String text) {
        return new MessageEvent(text, Visibility.ALL, null, null);
    }

    /** A message only the agents see: an internal note. */
    static MessageEvent internalNote(String text) {
        return new MessageEvent(text, Visibility.AGENTS, null, null);
    }
}
