package io.lcbridge.demo;

import java.util.List;
import java.util.Optional;

/**
 * The demo's two accounts. In a real app this is the user table; the bridge only needs the
 * signed-in principal (resolved by the starter from Spring Security) plus whatever the app adds
 * through a {@code LiveChatIdentityCustomizer} (see {@link DemoLiveChatConfig}).
 */
final class DemoUsers {

    /** One account: its login, what the agent should see, and its plan. */
    record DemoUser(String username, String password, String displayName, String email, String plan) {}

    static final List<DemoUser> ALL = List.of(
            new DemoUser("alice", "alice", "Alice Anderson", "alice@example.com", "enterprise"),
            new DemoUser("bob", "bob", "Bob Brown", "bob@example.com", "free"));

    private DemoUsers() {}

    static Optional<DemoUser> find(String username) {
        return ALL.stream().filter(u -> u.username().equals(username)).findFirst();
    }
}
