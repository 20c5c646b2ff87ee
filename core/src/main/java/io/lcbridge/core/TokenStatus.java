package io.lcbridge.core;

/** Outcome of verifying an identity token. Only {@link #VERIFIED} carries a trusted identity. */
public enum TokenStatus {
    /** Signature, audience and time window hold: the signed identity can be trusted. */
    VERIFIED,
    /** No token at all: an anonymous visitor, or a page without the bridge. */
    NO_TOKEN,
    /** The signature does not hold, or the header's algorithm differs from the one bound to its kid. */
    INVALID_SIGNATURE,
    /** The token had expired when the chat thread started. */
    EXPIRED,
    /** The token claims to have been minted after the moment it was received. */
    NOT_YET_VALID,
    /** Signed for another LiveChat license or organization. */
    WRONG_AUDIENCE,
    /** Signed with a kid that is not in the key set (or without a kid). */
    UNKNOWN_KEY,
    /** Not a well-formed identity token: structure, encoding, {@code typ}, size or claims. */
    MALFORMED,
    /**
     * The token itself is genuine, but it was first presented by another LiveChat customer: it is bound to
     * that customer (see the chat-context store), so here it is a copy (replayed from a page, a transcript
     * or an agent's screen) and its identity is not handed over. Never counts as verified. Only the
     * webhook verifier, which remembers bindings, produces this status; verifying a token alone cannot.
     */
    FOREIGN_CUSTOMER
}
