package io.lcbridge.verifier;

/** Answer of {@link ChatContextStore#claim}: may this delivery be processed now? */
public enum DeliveryClaim {
    /** First time, or earlier attempts failed: the caller now owns it and must complete or release it. */
    CLAIMED,
    /** Handled successfully before: acknowledge and do not dispatch again. */
    ALREADY_DONE,
    /** Another attempt (on this or another node) holds a live claim: ask the sender to retry later. */
    IN_PROGRESS
}
