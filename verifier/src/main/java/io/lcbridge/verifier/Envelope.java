package io.lcbridge.verifier;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * LiveChat's webhook envelope {@code {webhook_id, secret_key, action, organization_id | license_id,
 * payload, additional_data}}, parsed into a tree within fixed bounds (no data binding, no
 * polymorphic typing). A member name that appears twice in one object, at any depth, makes the body
 * malformed: parsers disagree on which one counts (first or last), so a relay or a WAF that read the
 * first {@code secret_key} or {@code action} could be shown another delivery than the one handled.
 */
final class Envelope {

    /** Deepest nesting accepted; LiveChat's payloads are about 8 levels deep. */
    static final int MAX_NESTING_DEPTH = 64;
    /** Longest string value accepted (a 1 MiB body cannot hold longer ones anyway). */
    static final int MAX_STRING_LENGTH = 1024 * 1024;
    /** Longest number accepted, in characters. */
    static final int MAX_NUMBER_LENGTH = 64;
    /** Longest property name accepted. */
    static final int MAX_NAME_LENGTH = 1024;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxStringLength(MAX_STRING_LENGTH)
                            .maxNumberLength(MAX_NUMBER_LENGTH)
                            .maxNameLength(MAX_NAME_LENGTH)
                            .build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // a second "secret_key" (or "action", "payload", any member) must not silently win. Checked by the tree
            // builder as it puts members into each object (one lookup it does anyway), not by the parser's own
            // duplicate detector, which kept a second set of names per object and was 2% of the webhook path.
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    final String webhookId;
    final String secretKey;
    final String action;
    final String accountId;
    final JsonNode payload;

    private Envelope(String webhookId, String secretKey, String action, String accountId, JsonNode payload) {
        this.webhookId = webhookId;
        this.secretKey = secretKey;
        this.action = action;
        this.accountId = accountId;
        this.payload = payload;
    }

    /** Thrown for bodies that are not a webhook envelope; the message is safe to send back. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message, null, false, false);
        }
    }

    static Envelope parse(byte[] body) throws MalformedException {
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (JacksonException e) {
            String message = e.getOriginalMessage();
            if (message != null
                    && message.startsWith("Duplicate")
                    && message.contains("FAIL_ON_READING_DUP_TREE_KEY")) {
                throw new MalformedException("duplicate member in a JSON object");
            }
            throw new MalformedException("body is not valid JSON within limits");
        }
        if (root == null || !root.isObject()) {
            throw new MalformedException("body is not a JSON object");
        }
        String action = Nodes.text(root, "action");
        if (action == null || action.isEmpty() || action.length() > 128) {
            throw new MalformedException("action is missing");
        }
        JsonNode payload = Nodes.object(root, "payload");
        if (payload == null) {
            throw new MalformedException("payload is missing or not an object");
        }
        String account = Nodes.id(root, "organization_id");
        if (account == null) {
            account = Nodes.id(root, "license_id");
        }
        return new Envelope(Nodes.text(root, "webhook_id"), Nodes.text(root, "secret_key"), action, account, payload);
    }
}
