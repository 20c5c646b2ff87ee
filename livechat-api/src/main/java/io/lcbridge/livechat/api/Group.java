package io.lcbridge.livechat.api;

import java.util.Map;

/**
 * One group as {@code list_groups} returns it.
 *
 * @param id the group ID (0 is the default group)
 * @param name the group name
 * @param languageCode e.g. {@code en}
 * @param routingStatus present when requested
 * @param agentPriorities agent ID to priority, present when requested
 */
public record Group(
        Integer id, String name, String languageCode, String routingStatus, Map<String, String> agentPriorities) {}
