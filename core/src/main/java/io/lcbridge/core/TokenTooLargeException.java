package io.lcbridge.core;

/**
 * The signed token would exceed the configured size budget of a session variable. The page must
 * then carry no identity (fail closed); the message names both sizes, never the token.
 */
public final class TokenTooLargeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int tokenLength;
    private final int budget;

    TokenTooLargeException(int tokenLength, int budget) {
        super("identity token is " + tokenLength + " characters, over the budget of " + budget
                + "; send fewer or shorter session variables, or raise the budget");
        this.tokenLength = tokenLength;
        this.budget = budget;
    }

    /** Length the token would have had, in characters. */
    public int tokenLength() {
        return tokenLength;
    }

    /** The configured maximum, in characters. */
    public int budget() {
        return budget;
    }
}
