package io.lcbridge.core;

/** Fixed names of the identity token contract shared by the page side and the verifier side. */
public final class IdentityTokens {

    /** The JOSE {@code typ} header every identity token carries. */
    public static final String TYPE = "lc-identity+jwt";

    /** The session variable that carries the token unless configured otherwise. */
    public static final String DEFAULT_TOKEN_VARIABLE = "lc_identity";

    /**
     * Default size budget of a rendered token, in characters. LiveChat documents no length limit for a session-variable
     * value in its current APIs; the last one it documented is 3,500 characters for the legacy {@code __lc.params},
     * which its widget adapters still use. The budget stays below that and 4 to 6 times above real tokens (about 350 to
     * 500 characters); see docs/token-length.md.
     */
    public static final int DEFAULT_MAX_TOKEN_LENGTH = 2000;

    private IdentityTokens() {}

    static void checkTokenVariable(String name) {
        if (name == null || name.isEmpty() || name.length() > CustomerIdentity.MAX_KEY_LENGTH) {
            throw new IllegalArgumentException(
                    "token variable name must be 1.." + CustomerIdentity.MAX_KEY_LENGTH + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("token variable name must be printable ASCII");
            }
        }
    }
}
