package io.lcbridge.livechat.api;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A customer as {@code get_customer} returns it. What the customer (or the page) set is reported
 * as LiveChat stores it; nothing here is verified.
 *
 * @param id the customer ID (UUID)
 * @param type {@code customer}
 * @param name may be null
 * @param email may be null
 * @param avatar may be null
 * @param phoneNumber may be null
 * @param createdAt when the identity was created
 * @param sessionFields LiveChat's list of one-entry objects, may be null
 * @param chatIds the customer's chats, may be null
 * @param statistics counters, may be null
 * @param tickets HelpDesk tickets of the customer, may be null
 */
public record Customer(
        String id,
        String type,
        String name,
        String email,
        String avatar,
        String phoneNumber,
        Instant createdAt,
        List<Map<String, String>> sessionFields,
        List<String> chatIds,
        Map<String, Long> statistics,
        List<Ticket> tickets) {

    /** The session fields as one map (the last value wins when a key repeats). */
    public Map<String, String> sessionFieldMap() {
        Map<String, String> map = new LinkedHashMap<>();
        if (sessionFields != null) {
            for (Map<String, String> entry : sessionFields) {
                if (entry != null) {
                    map.putAll(entry);
                }
            }
        }
        return map;
    }

    /**
     * A HelpDesk ticket reference.
     *
     * @param ticketId the HelpDesk ticket ID
     * @param createdAt when it was created
     */
    public record Ticket(String ticketId, Instant createdAt) {}
}
