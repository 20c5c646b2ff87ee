package io.lcbridge.examples.jetty;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.servlet.IdentityResolver;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.util.Optional;

/**
 * Who is signed in, from the app's own server-side session (set by {@link LoginServlet}), never from
 * anything the browser sends: whatever this returns is signed as the truth.
 */
final class SessionUserResolver implements IdentityResolver {

    static final String SESSION_USER = "user";

    @Override
    public Optional<CustomerIdentity> resolve(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null || !(session.getAttribute(SESSION_USER) instanceof ExampleUsers.User user)) {
            return Optional.empty();
        }
        return Optional.of(CustomerIdentity.builder(user.username())
                .name(user.displayName())
                .email(user.email())
                .variable("plan", user.plan())
                .build());
    }
}
