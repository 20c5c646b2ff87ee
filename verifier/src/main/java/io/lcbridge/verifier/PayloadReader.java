package io.lcbridge.verifier;

import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

/** Reads the typed view, the customer and the delivery key of an authentic payload. */
final class PayloadReader {

    /** Delivery keys longer than this are replaced by a digest. */
    static final int MAX_KEY_LENGTH = 200;

    /** What the processor needs from one payload. */
    record Read(
            WebhookPayload view,
            String chatId,
            String threadId,
            Instant threadStartedAt,
            boolean hasCustomer,
            String customerId,
            IdentityRebuilder.Displayed displayed,
            SessionFields fields,
            String deliveryKey) {

        /** A payload that names a customer, with what the widget showed and the session fields. */
        static Read withCustomer(
                WebhookPayload view,
                String chatId,
                String threadId,
                Instant threadStartedAt,
                String customerId,
                IdentityRebuilder.Displayed displayed,
                SessionFields fields,
                String deliveryKey) {
            return new Read(view, chatId, threadId, threadStartedAt, true, customerId, displayed, fields, deliveryKey);
        }

        /** A payload about a chat thread that carries no customer. */
        static Read withoutCustomer(
                WebhookPayload view, String chatId, String threadId, Instant threadStartedAt, String deliveryKey) {
            return new Read(view, chatId, threadId, threadStartedAt, false, null, null, null, deliveryKey);
        }

        /** A payload about a chat thread, with no customer and no thread start time. */
        static Read forThread(WebhookPayload view, String chatId, String threadId, String deliveryKey) {
            return withoutCustomer(view, chatId, threadId, null, deliveryKey);
        }

        /** A payload that belongs to no chat thread and names no customer. */
        static Read unattached(WebhookPayload view, String deliveryKey) {
            return withoutCustomer(view, null, null, null, deliveryKey);
        }
    }

    private PayloadReader() {}

    static Read read(String action, JsonNode payload) throws Envelope.MalformedException {
        switch (action) {
            case WebhookPayload.INCOMING_CHAT:
                return incomingChat(payload);
            case WebhookPayload.CHAT_DEACTIVATED: {
                String chat = required(payload, "chat_id", "payload.chat_id");
                String thread = required(payload, "thread_id", "payload.thread_id");
                return Read.forThread(
                        new WebhookPayload.ChatDeactivated(chat, thread, Nodes.id(payload, "user_id")),
                        chat,
                        thread,
                        key(action, chat, thread));
            }
            case WebhookPayload.INCOMING_EVENT: {
                String chat = required(payload, "chat_id", "payload.chat_id");
                String thread = required(payload, "thread_id", "payload.thread_id");
                JsonNode e = Nodes.object(payload, "event");
                if (e == null) {
                    throw new Envelope.MalformedException("payload.event is missing");
                }
                String eventId = required(e, "id", "payload.event.id");
                WebhookPayload.ChatEvent event = new WebhookPayload.ChatEvent(
                        eventId,
                        Nodes.text(e, "type"),
                        Nodes.id(e, "author_id"),
                        Nodes.instant(e, "created_at"),
                        Nodes.text(e, "text"));
                return Read.forThread(
                        new WebhookPayload.IncomingEvent(chat, thread, event),
                        chat,
                        thread,
                        key(action, chat, thread, eventId));
            }
            case WebhookPayload.CUSTOMER_SESSION_FIELDS_UPDATED: {
                String customer = Nodes.id(payload, "id");
                JsonNode active = Nodes.object(payload, "active_chat");
                String chat = Nodes.id(active, "chat_id");
                String thread = Nodes.id(active, "thread_id");
                if (chat == null || thread == null) {
                    chat = null;
                    thread = null;
                }
                // several updates may happen in one thread: the content is part of the key
                return Read.withCustomer(
                        new WebhookPayload.CustomerSessionFieldsUpdated(customer, chat, thread),
                        chat,
                        thread,
                        null,
                        customer,
                        IdentityRebuilder.Displayed.NOT_SHOWN,
                        SessionFields.parse(Nodes.array(payload, "session_fields")),
                        key(action, customer, chat, thread, digest(payload)));
            }
            case WebhookPayload.USER_ADDED_TO_CHAT:
                return userAdded(payload);
            default:
                return Read.unattached(new WebhookPayload.Other(action), key(action, digest(payload)));
        }
    }

    private static Read incomingChat(JsonNode payload) throws Envelope.MalformedException {
        JsonNode chat = Nodes.object(payload, "chat");
        if (chat == null) {
            throw new Envelope.MalformedException("payload.chat is missing");
        }
        String chatId = required(chat, "id", "payload.chat.id");
        JsonNode thread = Nodes.object(chat, "thread");
        String threadId = required(thread, "id", "payload.chat.thread.id");
        Instant started = Nodes.instant(thread, "created_at");
        JsonNode customer = null;
        JsonNode users = Nodes.array(chat, "users");
        if (users != null) {
            for (JsonNode user : users) {
                if ("customer".equals(Nodes.text(user, "type"))) {
                    customer = user;
                    break;
                }
            }
        }
        String customerId = Nodes.id(customer, "id");
        WebhookPayload view = new WebhookPayload.IncomingChat(chatId, threadId, started, customerId);
        String key = key(WebhookPayload.INCOMING_CHAT, chatId, threadId);
        if (customer == null) {
            return Read.withoutCustomer(view, chatId, threadId, started, key);
        }
        return Read.withCustomer(
                view,
                chatId,
                threadId,
                started,
                customerId,
                displayed(customer),
                SessionFields.parse(Nodes.array(customer, "session_fields")),
                key);
    }

    private static Read userAdded(JsonNode payload) throws Envelope.MalformedException {
        String chat = required(payload, "chat_id", "payload.chat_id");
        String thread = Nodes.id(payload, "thread_id");
        JsonNode user = Nodes.object(payload, "user");
        String userId = Nodes.id(user, "id");
        String userType = Nodes.text(payload, "user_type");
        if (userType == null) {
            userType = Nodes.text(user, "type");
        }
        WebhookPayload view = new WebhookPayload.UserAddedToChat(
                chat, thread, userId, userType, Nodes.text(payload, "reason"), Nodes.id(payload, "requester_id"));
        String key = key(WebhookPayload.USER_ADDED_TO_CHAT, chat, thread, userId);
        if (thread == null) {
            chat = null;
        }
        if (!"customer".equals(userType) || user == null) {
            return Read.forThread(view, chat, thread, key);
        }
        return Read.withCustomer(
                view,
                chat,
                thread,
                null,
                userId,
                displayed(user),
                SessionFields.parse(Nodes.array(user, "session_fields")),
                key);
    }

    private static IdentityRebuilder.Displayed displayed(JsonNode customer) {
        return new IdentityRebuilder.Displayed(true, Nodes.text(customer, "name"), Nodes.text(customer, "email"));
    }

    private static String required(JsonNode node, String field, String path) throws Envelope.MalformedException {
        String value = Nodes.id(node, field);
        if (value == null) {
            throw new Envelope.MalformedException(path + " is missing");
        }
        return value;
    }

    private static String digest(JsonNode payload) {
        byte[] sha = WebhookAuthenticator.sha256(payload.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha, 0, 16);
    }

    /**
     * {@code len:action|len:part|...} with {@code -} for a {@code null} part: every element is
     * length-prefixed, so no choice of ids can make two different part lists spell the same key
     * (doubling a separator could: {@code ("a|","b")} and {@code ("a","|b")}). Keys longer than
     * {@value #MAX_KEY_LENGTH} characters become {@code len:action|#} and the SHA-256 of the full key;
     * a plain key never has {@code #} after the action.
     */
    static String key(String action, String... parts) {
        StringBuilder sb = new StringBuilder(64);
        sb.append(action.length()).append(':').append(action);
        int actionEnd = sb.length();
        for (String p : parts) {
            sb.append('|');
            if (p == null) {
                sb.append('-');
            } else {
                sb.append(p.length()).append(':').append(p);
            }
        }
        if (sb.length() <= MAX_KEY_LENGTH) {
            return sb.toString();
        }
        byte[] sha = WebhookAuthenticator.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
        return sb.substring(0, actionEnd) + "|#" + HexFormat.of().formatHex(sha);
    }
}
