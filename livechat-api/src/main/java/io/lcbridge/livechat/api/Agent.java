package io.lcbridge.livechat.api;

import java.time.Instant;
import java.util.List;

/**
 * One agent as {@code list_agents} returns it; the optional fields are null unless requested.
 *
 * @param id the agent's ID (their email)
 * @param accountId the account UUID
 * @param name display name
 * @param role e.g. {@code owner}, {@code viceowner}, {@code administrator}, {@code normal}
 * @param loginStatus e.g. {@code accepting chats}
 * @param avatarPath avatar path, may be null
 * @param jobTitle may be null
 * @param maxChatsCount may be null
 * @param summaries email summaries, may be null
 * @param lastLogout may be null
 * @param suspended may be null
 */
public record Agent(
        String id,
        String accountId,
        String name,
        String role,
        String loginStatus,
        String avatarPath,
        String jobTitle,
        Integer maxChatsCount,
        List<String> summaries,
        Instant lastLogout,
        Boolean suspended) {}
