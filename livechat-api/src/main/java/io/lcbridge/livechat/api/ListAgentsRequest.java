package io.lcbridge.livechat.api;

import java.util.List;
import java.util.Map;

/**
 * The parameters of Configuration API {@code list_agents}.
 *
 * @param filters optional: {@code group_ids} (int[]), {@code suspended} (bool)
 * @param fields optional extra agent fields, e.g. {@code groups}, {@code job_title}, {@code max_chats_count}
 */
public record ListAgentsRequest(Map<String, Object> filters, List<String> fields) {

    public ListAgentsRequest {
        filters = filters == null || filters.isEmpty() ? null : Map.copyOf(filters);
        fields = fields == null || fields.isEmpty() ? null : List.copyOf(fields);
    }

    /** Every agent, default fields. */
    public static ListAgentsRequest all() {
        return new ListAgentsRequest(null, null);
    }

    /** The agents of these groups. */
    public static ListAgentsRequest inGroups(List<Integer> groupIds) {
        return new ListAgentsRequest(Map.of("group_ids", List.copyOf(groupIds)), null);
    }

    /** The same request asking for extra fields. */
    public ListAgentsRequest withFields(List<String> extraFields) {
        return new ListAgentsRequest(filters, extraFields);
    }
}
