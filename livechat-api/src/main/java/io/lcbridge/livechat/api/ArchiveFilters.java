package io.lcbridge.livechat.api;

import com.fasterxml.jackson.annotation.JsonValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} of {@code list_archives}: the common ones typed, any other documented filter
 * through {@link Builder#filter(String, Object)}.
 */
public final class ArchiveFilters {

    /** RFC 3339 with microseconds and a numeric offset, the form LiveChat documents. */
    static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    private final Map<String, Object> filters;

    private ArchiveFilters(Map<String, Object> filters) {
        this.filters = Collections.unmodifiableMap(new LinkedHashMap<>(filters));
    }

    /** No filter. */
    public static ArchiveFilters none() {
        return new ArchiveFilters(Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The filters as LiveChat reads them. */
    @JsonValue
    public Map<String, Object> asMap() {
        return filters;
    }

    boolean isEmpty() {
        return filters.isEmpty();
    }

    @Override
    public String toString() {
        return "ArchiveFilters" + filters;
    }

    /** Builds {@link ArchiveFilters}. */
    public static final class Builder {
        private final Map<String, Object> filters = new LinkedHashMap<>();

        private Builder() {}

        /** Full-text query. */
        public Builder query(String query) {
            return filter("query", query);
        }

        /** Threads from this instant on. */
        public Builder from(Instant from) {
            return filter("from", TIMESTAMP.format(from));
        }

        /** Threads up to this instant. */
        public Builder to(Instant to) {
            return filter("to", TIMESTAMP.format(to));
        }

        /** These chats only (at most 1000). */
        public Builder chatIds(List<String> chatIds) {
            if (chatIds.size() > 1000) {
                throw new IllegalArgumentException("at most 1000 chat IDs");
            }
            return filter("chat_ids", List.copyOf(chatIds));
        }

        /** These groups only (at most 200). */
        public Builder groupIds(List<Integer> groupIds) {
            if (groupIds.size() > 200) {
                throw new IllegalArgumentException("at most 200 group IDs");
            }
            return filter("group_ids", List.copyOf(groupIds));
        }

        /** The chats of one customer (v3.6). */
        public Builder customerId(String customerId) {
            return filter("customer_id", customerId);
        }

        /** The chats of the customer with this email (v3.6). */
        public Builder customerEmail(String email) {
            return filter("customer_email", email);
        }

        /** Any other documented filter, e.g. {@code tags} or {@code event_types}, as LiveChat spells it. */
        public Builder filter(String name, Object value) {
            RegisterWebhookRequest.requireText(name, "filter name");
            if (value == null) {
                filters.remove(name);
            } else {
                filters.put(name, value);
            }
            return this;
        }

        public ArchiveFilters build() {
            return new ArchiveFilters(filters);
        }
    }
}
