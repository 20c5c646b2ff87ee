package io.lcbridge.livechat.api;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.verifier.FieldStatus;
import io.lcbridge.verifier.VerifiedCustomer;
import io.lcbridge.verifier.WebhookEvent;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The text of the internal note {@link AgentNotes} posts for a verified {@code incoming_chat}.
 * Replace it to word notes your own way; return null or blank to post nothing for an event.
 *
 * <p>The {@linkplain #defaults() default} states the verdict first and takes trusted values only
 * from the signed identity; whatever the customer entered is quoted as "entered" and marked
 * unverified, never presented as the customer's identity:
 *
 * <ul>
 *   <li>{@code Identity verified: Ada Lovelace <ada@example.com>, plan enterprise}
 *   <li>{@code Not verified: email changed by the customer (signed "ada@example.com", entered
 *       "eve@example.com", unverified). Signed identity: Ada Lovelace <ada@example.com>, plan
 *       enterprise}
 *   <li>{@code Not verified (NO_TOKEN): the name and email in this chat are as the customer entered
 *       them.}
 * </ul>
 */
@FunctionalInterface
public interface NoteTemplate {

    /** The note for {@code event}, or null to post none. */
    String render(WebhookEvent event);

    /** The wording described above. */
    static NoteTemplate defaults() {
        return NoteTemplate::defaultNote;
    }

    private static String defaultNote(WebhookEvent event) {
        Optional<VerifiedCustomer> found = event.customer();
        if (found.isEmpty()) {
            return "Not verified: no customer in this chat.";
        }
        VerifiedCustomer customer = found.get();
        if (!customer.isVerified()) {
            return "Not verified (" + customer.status()
                    + "): the name and email in this chat are as the customer entered them.";
        }
        CustomerIdentity identity = customer.identity().orElseThrow();
        String signed = describe(identity);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, FieldStatus> field : customer.fields().entrySet()) {
            String name = field.getKey();
            String label = name.startsWith("vars.") ? name.substring(5) : name;
            String signedValue = signedValue(identity, name);
            if (field.getValue() == FieldStatus.CHANGED) {
                String entered = entered(event, name);
                problems.add(label + " changed by the customer (signed " + quote(signedValue)
                        + (entered == null ? "" : ", entered " + quote(entered) + ", unverified") + ")");
            } else if (field.getValue() == FieldStatus.MISSING) {
                problems.add(label + " missing in the chat (signed " + quote(signedValue) + ")");
            }
        }
        if (problems.isEmpty()) {
            return "Identity verified: " + signed;
        }
        return "Not verified: " + String.join("; ", problems) + ". Signed identity: " + signed;
    }

    private static String describe(CustomerIdentity identity) {
        StringBuilder b = new StringBuilder();
        b.append(clean(identity.name().orElse(identity.subject())));
        identity.email().ifPresent(e -> b.append(" <").append(clean(e)).append('>'));
        identity.sessionVariables()
                .forEach((k, v) -> b.append(", ").append(clean(k)).append(' ').append(clean(v)));
        return b.toString();
    }

    private static String signedValue(CustomerIdentity identity, String field) {
        if (field.equals("name")) {
            return identity.name().orElse("");
        }
        if (field.equals("email")) {
            return identity.email().orElse("");
        }
        return identity.sessionVariables().getOrDefault(field.substring(5), "");
    }

    /** What the chat shows for a field (from the unsigned payload), or null. */
    private static String entered(WebhookEvent event, String field) {
        JsonNode users = event.rawPayload().path("chat").path("users");
        for (JsonNode user : users) {
            if (!"customer".equals(user.path("type").asString(""))) {
                continue;
            }
            if (field.equals("name") || field.equals("email")) {
                JsonNode v = user.get(field);
                return v != null && v.isString() ? v.asString() : null;
            }
            String key = field.substring(5);
            String value = null;
            for (JsonNode entry : user.path("session_fields")) {
                JsonNode v = entry.get(key);
                if (v != null && v.isString()) {
                    value = v.asString();
                }
            }
            return value;
        }
        return null;
    }

    private static String quote(String value) {
        return "\"" + clean(value) + "\"";
    }

    /** At most 200 characters, control characters replaced. */
    private static String clean(String value) {
        StringBuilder b = new StringBuilder();
        value.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return value.codePointCount(0, value.length()) > 200 ? b + "..." : b.toString();
    }
}
