package io.lcbridge.livechat.api;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who sees an event: everyone in the chat, or only the agents (an internal note). */
public enum Visibility {
    /** Agents and the customer (LiveChat's default). */
    ALL("all"),
    /** Agents only: the customer never sees it. */
    AGENTS("agents");

    private final String json;

    Visibility(String json) {
        this.json = json;
    }

    /** The value LiveChat uses. */
    @JsonValue
    public String json() {
        return json;
    }
}
