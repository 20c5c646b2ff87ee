package io.lcbridge.livechat.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * How the client authenticates: a Personal Access Token (HTTP Basic {@code account_id:PAT}, the
 * way LiveChat recommends for scripts and servers) or a Bearer token from a supplier (OAuth or
 * bot tokens, asked for again on every attempt so a refreshed token is picked up).
 *
 * <p>Never printed: {@link #toString()} names the kind only.
 */
public final class LiveChatCredentials {

    private final String kind;
    private final Supplier<String> headerValue;
    private final Supplier<List<String>> secrets;

    private LiveChatCredentials(String kind, Supplier<String> headerValue, Supplier<List<String>> secrets) {
        this.kind = kind;
        this.headerValue = headerValue;
        this.secrets = secrets;
    }

    /** HTTP Basic with the Account ID as user name and the Personal Access Token as password. */
    public static LiveChatCredentials personalAccessToken(String accountId, String personalAccessToken) {
        requireText(accountId, "accountId");
        requireText(personalAccessToken, "personalAccessToken");
        if (accountId.indexOf(':') >= 0) {
            throw new IllegalArgumentException("accountId must not contain ':'");
        }
        String encoded = Base64.getEncoder()
                .encodeToString((accountId + ":" + personalAccessToken).getBytes(StandardCharsets.UTF_8));
        String header = "Basic " + encoded;
        return new LiveChatCredentials(
                "personal access token", () -> header, () -> List.of(personalAccessToken, encoded));
    }

    /** {@code Authorization: Bearer <token>}, the token read from {@code tokens} for every attempt. */
    public static LiveChatCredentials bearer(Supplier<String> tokens) {
        Objects.requireNonNull(tokens, "tokens");
        AtomicReference<String> lastIssued = new AtomicReference<>();
        return new LiveChatCredentials(
                "bearer token",
                () -> {
                    String token = tokens.get();
                    requireText(token, "bearer token");
                    lastIssued.set(token);
                    return "Bearer " + token;
                },
                () -> {
                    String token = lastIssued.get();
                    return token == null ? List.of() : List.of(token);
                });
    }

    /** The value of the {@code Authorization} header. */
    String authorizationHeader() {
        return headerValue.get();
    }

    /** Whether these are Bearer credentials (an agent access token), not a Personal Access Token. */
    boolean isBearer() {
        return kind.equals("bearer token");
    }

    /** Strings that must never appear in a message this library produces. */
    List<String> secrets() {
        try {
            return secrets.get();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    @Override
    public String toString() {
        return "LiveChatCredentials[" + kind + "]";
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException(what + " must not contain control characters");
            }
        }
    }
}
