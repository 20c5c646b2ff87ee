package io.lcbridge.livechat.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@code rich_message} event: cards, a sticker or quick replies with buttons.
 *
 * @param templateId {@code cards}, {@code sticker}, {@code quick_replies} or {@code ecommerce}
 * @param elements at most 10
 * @param visibility {@link Visibility#ALL} or {@link Visibility#AGENTS}
 * @param customId optional
 */
public record RichMessageEvent(String templateId, List<Element> elements, Visibility visibility, String customId)
        implements Event {

    private static final Set<String> TEMPLATES = Set.of("cards", "sticker", "quick_replies", "ecommerce");

    public RichMessageEvent {
        if (!TEMPLATES.contains(templateId)) {
            throw new IllegalArgumentException("templateId must be one of " + TEMPLATES);
        }
        elements = List.copyOf(elements);
        if (elements.size() > 10) {
            throw new IllegalArgumentException("a rich message has at most 10 elements");
        }
        visibility = visibility == null ? Visibility.ALL : visibility;
    }

    /** Cards that everyone in the chat sees. */
    public static RichMessageEvent cards(List<Element> elements) {
        return new RichMessageEvent("cards", elements, Visibility.ALL, null);
    }

    /** Quick-reply buttons that everyone in the chat sees. */
    public static RichMessageEvent quickReplies(String title, List<Button> buttons) {
        return new RichMessageEvent(
                "quick_replies", List.of(new Element(title, null, null, buttons)), Visibility.ALL, null);
    }

    @Override
    @JsonProperty("type")
    public String type() {
        return "rich_message";
    }

    /**
     * One card.
     *
     * @param title optional
     * @param subtitle optional
     * @param image optional
     * @param buttons at most 13
     */
    public record Element(String title, String subtitle, Image image, List<Button> buttons) {
        public Element {
            buttons = buttons == null ? null : List.copyOf(buttons);
            if (buttons != null && buttons.size() > 13) {
                throw new IllegalArgumentException("an element has at most 13 buttons");
            }
        }
    }

    /**
     * An image on a card.
     *
     * @param url required
     * @param name optional
     * @param alternativeText optional
     */
    public record Image(String url, String name, String alternativeText) {
        public Image {
            Objects.requireNonNull(url, "url");
        }
    }

    /**
     * A button.
     *
     * @param text the label
     * @param type {@code webview}, {@code message}, {@code url} or {@code phone}
     * @param value the URL, phone number or message
     * @param postbackId the action reported by {@code send_rich_message_postback}
     * @param userIds users that toggled it (empty when sending)
     * @param webviewHeight {@code compact}, {@code full} or {@code tall} for webviews, else null
     * @param target {@code new} or {@code current} for URLs, else null
     */
    public record Button(
            String text,
            String type,
            String value,
            String postbackId,
            List<String> userIds,
            String webviewHeight,
            String target) {
        public Button {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(postbackId, "postbackId");
            userIds = userIds == null ? List.of() : List.copyOf(userIds);
        }

        /** A button that sends {@code value} as the customer's message. */
        public static Button message(String text, String value, String postbackId) {
            return new Button(text, "message", value, postbackId, List.of(), null, null);
        }

        /** A button that opens {@code url} in a new tab. */
        public static Button url(String text, String url, String postbackId) {
            return new Button(text, "url", url, postbackId, List.of(), null, "new");
        }
    }
}
