package io.lcbridge.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Internal notes with the verdict, bound to {@code livechat.agent-notes.*}.
 *
 * @param enabled Whether every incoming_chat gets one internal note (visible to agents only) saying whether the customer's identity was verified. Needs livechat.api.account-id and livechat.api.personal-access-token.
 */
@ConfigurationProperties("livechat.agent-notes")
public record LiveChatAgentNotesProperties(
        @DefaultValue("false") boolean enabled) {}
