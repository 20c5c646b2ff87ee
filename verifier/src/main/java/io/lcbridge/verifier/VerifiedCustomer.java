package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.TokenStatus;
import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The customer of a chat as the verifier rebuilt it from a webhook: what the signed identity token
 * says and how the chat's displayed values compare with it.
 *
 * <p>Only {@link #identity()} is trusted, and only when {@link #status()} is
 * {@link TokenStatus#VERIFIED}. What the chat displays is never handed over as a value, only as a
 * comparison in {@link #fields()}, so an app reading this record cannot be fed a forged name or
 * email. Session variables the chat shows but the token did not sign are listed in
 * {@link #unsignedVariables()}, clearly apart.
 *
 * @param customerId        LiveChat's id of the customer user (a UUID), as the payload names it; {@code null} when
 *                          it names none
 * @param status            outcome of verifying the token ({@link TokenStatus#NO_TOKEN} when the session fields carry none)
 * @param reason            short explanation fit for logs; never quotes the token or personal data
 * @param identity          the signed identity; present only when {@code status} is {@code VERIFIED}
 * @param fields            per signed field: {@code "name"}, {@code "email"}, {@code "vars.KEY"} → comparison with
 *                          what the chat shows, in that order; empty unless verified. {@code name}/{@code email}
 *                          appear when signed or displayed, and only for payloads that show them
 * @param unsignedVariables session fields the chat carries that the token does not sign (the token variable
 *                          excluded); all of them when the token does not verify
 * @param repeatedKeys      session-field keys that appeared more than once in the payload (the last value won)
 */
public record VerifiedCustomer(
        @Nullable String customerId,
        TokenStatus status,
        String reason,
        Optional<CustomerIdentity> identity,
        Map<String, FieldStatus> fields,
        Map<String, String> unsignedVariables,
        List<String> repeatedKeys) {

    public VerifiedCustomer {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(identity, "identity");
        if (identity.isPresent() != (status == TokenStatus.VERIFIED)) {
            throw new IllegalArgumentException("identity must be present exactly when status is VERIFIED");
        }
        fields = orderedCopy(fields);
        unsignedVariables = orderedCopy(unsignedVariables);
        repeatedKeys = List.copyOf(repeatedKeys);
    }

    /** Whether the token verified: {@link #identity()} is then the trusted identity. */
    public boolean isVerified() {
        return status == TokenStatus.VERIFIED;
    }

    /** Whether every signed field is shown unchanged (vacuously false when not verified). */
    public boolean allFieldsMatch() {
        return isVerified() && fields.values().stream().allMatch(s -> s == FieldStatus.MATCH);
    }

    /** Names statuses and keys only, never values (identities hold personal data). */
    @Override
    public String toString() {
        return "VerifiedCustomer[" + status + ", fields=" + fields + ", unsigned=" + unsignedVariables.keySet()
                + (repeatedKeys.isEmpty() ? "" : ", repeated=" + repeatedKeys) + "]";
    }

    /** An immutable copy that keeps {@code map}'s iteration order (field order is how the chat showed them). */
    private static <K, V> Map<K, V> orderedCopy(Map<K, V> map) {
        if (map.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(map);
        copy.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new NullPointerException("null key or value");
            }
        });
        return Collections.unmodifiableMap(copy);
    }
}
