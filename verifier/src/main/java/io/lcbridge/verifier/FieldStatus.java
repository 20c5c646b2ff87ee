package io.lcbridge.verifier;

/**
 * How a value the chat shows compares with the signed value of the same field.
 * The trusted value is always the signed one; this only says what the agent sees.
 */
public enum FieldStatus {
    /** The chat shows the signed value (names and emails compared trimmed and in Unicode NFC, emails ignoring case). */
    MATCH,
    /** The chat shows another value: edited in the pre-chat form, or forged in the browser. */
    CHANGED,
    /** The field was signed but the chat does not show it. */
    MISSING
}
