package io.lcbridge.livechat.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A chat with one of its threads, as {@code get_chat} and {@code list_archives} return it.
 *
 * @param id the chat ID
 * @param thread the thread asked for (the latest by default; one per archive entry)
 * @param users agents and the customer
 * @param properties namespace to name to value, may be null
 * @param access the groups that can see the chat, may be null
 * @param isFollowed may be null
 */
public record Chat(
        String id,
        Thread thread,
        List<User> users,
        Map<String, Map<String, Object>> properties,
        Access access,
        Boolean isFollowed) {

    /** The chat's customer, if it has one. */
    public java.util.Optional<User> customer() {
        return users == null
                ? java.util.Optional.empty()
                : users.stream().filter(u -> "customer".equals(u.type())).findFirst();
    }

    /**
     * A thread.
     *
     * @param id the thread ID
     * @param createdAt when it started
     * @param active whether it is still going on
     * @param userIds the users in it
     * @param events its events (may be absent in archives)
     * @param properties namespace to name to value, may be null
     * @param access may be null
     * @param previousThreadId may be null
     * @param nextThreadId may be null
     */
    public record Thread(
            String id,
            Instant createdAt,
            Boolean active,
            List<String> userIds,
            List<ChatEvent> events,
            Map<String, Map<String, Object>> properties,
            Access access,
            String previousThreadId,
            String nextThreadId) {}

    /**
     * A user in a chat.
     *
     * @param id the user ID (a UUID for customers, the email for agents)
     * @param type {@code customer}, {@code agent}
     * @param name may be null
     * @param email may be null
     * @param present whether the user is in the chat now
     * @param avatar may be null
     * @param visibility for agents: {@code all} or {@code agents}
     */
    public record User(
            String id, String type, String name, String email, Boolean present, String avatar, String visibility) {}

    /**
     * An event in a thread; the fields every type has, plus the text of messages and the template of
     * rich messages.
     *
     * @param id the event ID
     * @param type e.g. {@code message}, {@code rich_message}, {@code system_message}, {@code filled_form}
     * @param customId may be null
     * @param authorId may be null for system messages
     * @param createdAt when it was sent
     * @param visibility {@code all} or {@code agents}
     * @param text for messages and system messages
     * @param templateId for rich messages
     */
    public record ChatEvent(
            String id,
            String type,
            String customId,
            String authorId,
            Instant createdAt,
            String visibility,
            String text,
            String templateId) {}

    /**
     * Who can see a chat or thread.
     *
     * @param groupIds group IDs
     */
    public record Access(List<Integer> groupIds) {}
}
