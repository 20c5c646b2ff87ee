package io.lcbridge.examples.jetty;

import java.util.Map;

/** The example's user table: two accounts with different plans. */
final class ExampleUsers {

    /** One account. */
    record User(String username, String password, String displayName, String email, String plan) {}

    private static final Map<String, User> USERS = Map.of(
            "alice", new User("alice", "alice", "Alice Anderson", "alice@example.com", "enterprise"),
            "bob", new User("bob", "bob", "Bob Brown", "bob@example.com", "free"));

    private ExampleUsers() {}

    /** The user with these credentials, or {@code null}. */
    static User authenticate(String username, String password) {
        User user = username == null ? null : USERS.get(username);
        return user != null && user.password().equals(password) ? user : null;
    }
}
