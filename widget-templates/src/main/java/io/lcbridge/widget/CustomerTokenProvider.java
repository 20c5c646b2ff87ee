package io.lcbridge.widget;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a signed-in page's custom identity provider needs: the app's endpoint that answers the user's LiveChat
 * customer token (a root-relative path, e.g. {@code /livechat/customer-token}) and a key naming the user (not a
 * secret; the provider keeps its token in {@code sessionStorage} under it, so a token of one user is never handed to
 * another user's page in the same tab). See {@link WidgetSnippetRenderer#render(io.lcbridge.core.CustomerIdentity,
 * io.lcbridge.core.SessionClaim, String, CustomerTokenProvider)}.
 *
 * @param endpointPath root-relative path of the token endpoint: {@code /}, then letters, digits, {@code /._~-}
 * @param userKey 1-64 characters of base64url
 */
public record CustomerTokenProvider(String endpointPath, String userKey) {

    private static final Pattern PATH = Pattern.compile("/(?!/)[A-Za-z0-9/._~-]{0,255}");
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public CustomerTokenProvider {
        if (!PATH.matcher(Objects.requireNonNull(endpointPath, "endpointPath")).matches()) {
            throw new IllegalArgumentException(
                    "endpointPath must be a root-relative path (/, then letters, digits, /._~-; never //host)");
        }
        if (!KEY.matcher(Objects.requireNonNull(userKey, "userKey")).matches()) {
            throw new IllegalArgumentException("userKey must be 1-64 characters of base64url");
        }
    }

    /** See the record's parameters. */
    public static CustomerTokenProvider of(String endpointPath, String userKey) {
        return new CustomerTokenProvider(endpointPath, userKey);
    }

    Map<String, Object> scope() {
        return Map.of(
                "customerTokenProvider",
                Boolean.TRUE,
                "customerTokenUrl",
                ScriptSafeJson.string(endpointPath),
                "customerTokenUser",
                ScriptSafeJson.string(userKey));
    }
}
