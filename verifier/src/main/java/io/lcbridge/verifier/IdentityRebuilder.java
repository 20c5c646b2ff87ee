package io.lcbridge.verifier;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;

import java.text.Normalizer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Rebuilds a {@link VerifiedCustomer} from what a payload shows: finds the token variable among the
 * session fields, verifies it (alive when the thread started, not minted after reception) and
 * compares every signed field with the displayed one.
 *
 * <p>A token that verifies is then bound to the LiveChat customer presenting it ({@link TokenBinder}): the first
 * customer to present a token owns it, and the same token from any other customer id is
 * {@link TokenStatus#FOREIGN_CUSTOMER} and its identity is not handed over.
 */
final class IdentityRebuilder {

    /** Binds a token id to a customer; see {@link ChatContextStore#bindToken}. */
    @FunctionalInterface
    interface TokenBinder {
        Optional<String> bind(String tokenId, String customerId, Instant tokenExpiresAt, Instant now);
    }

    /** What the payload displays as the customer's name and email; {@code shown} false when the payload has no such fields. */
    record Displayed(boolean shown, String name, String email) {
        static final Displayed NOT_SHOWN = new Displayed(false, null, null);
    }

    private final IdentityTokenVerifier verifier;
    private final String audience;
    private final String tokenVariable;
    private final TokenBinder binder;

    IdentityRebuilder(IdentityTokenVerifier verifier, String audience, String tokenVariable, TokenBinder binder) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.tokenVariable = Objects.requireNonNull(tokenVariable, "tokenVariable");
        this.binder = Objects.requireNonNull(binder, "binder");
    }

    /**
     * @param previous the customer stored for this thread before, used for name/email comparisons when this
     *                 payload shows none (e.g. {@code customer_session_fields_updated}); may be {@code null}
     */
    VerifiedCustomer rebuild(
            String customerId,
            Displayed displayed,
            SessionFields fields,
            Instant aliveAt,
            Instant receivedAt,
            VerifiedCustomer previous) {
        Map<String, String> shownVars = new LinkedHashMap<>(fields.values);
        String token = shownVars.remove(tokenVariable);
        if (token == null || token.isBlank()) {
            return new VerifiedCustomer(
                    customerId,
                    TokenStatus.NO_TOKEN,
                    "no " + tokenVariable + " session field",
                    Optional.empty(),
                    Map.of(),
                    shownVars,
                    fields.repeatedKeys);
        }
        TokenVerification verification = verifier.verify(token, audience, aliveAt, receivedAt);
        if (!verification.isVerified()) {
            return new VerifiedCustomer(
                    customerId,
                    verification.status(),
                    verification.reason(),
                    Optional.empty(),
                    Map.of(),
                    shownVars,
                    fields.repeatedKeys);
        }
        String foreign = foreignReason(customerId, verification, receivedAt);
        if (foreign != null) {
            return new VerifiedCustomer(
                    customerId,
                    TokenStatus.FOREIGN_CUSTOMER,
                    foreign,
                    Optional.empty(),
                    Map.of(),
                    shownVars,
                    fields.repeatedKeys);
        }
        CustomerIdentity signed = verification.identity().orElseThrow();
        Map<String, FieldStatus> comparison = new LinkedHashMap<>();
        if (displayed.shown()) {
            compare(comparison, "name", signed.name().orElse(null), displayed.name(), false);
            compare(comparison, "email", signed.email().orElse(null), displayed.email(), true);
        } else if (previous != null
                && previous.isVerified()
                && previous.identity().orElseThrow().subject().equals(signed.subject())) {
            carry(comparison, "name", previous, signed.name().orElse(null), true);
            carry(comparison, "email", previous, signed.email().orElse(null), false);
        }
        Map<String, String> unsigned = new LinkedHashMap<>(shownVars);
        for (Map.Entry<String, String> var : signed.sessionVariables().entrySet()) {
            String shown = unsigned.remove(var.getKey());
            comparison.put(
                    "vars." + var.getKey(),
                    shown == null
                            ? FieldStatus.MISSING
                            : shown.equals(var.getValue()) ? FieldStatus.MATCH : FieldStatus.CHANGED);
        }
        return new VerifiedCustomer(
                customerId,
                TokenStatus.VERIFIED,
                verification.reason(),
                Optional.of(signed),
                comparison,
                unsigned,
                fields.repeatedKeys);
    }

    /** Why a verified token is not this customer's, or {@code null} when it is bound to {@code customerId}. */
    private String foreignReason(String customerId, TokenVerification verification, Instant receivedAt) {
        if (customerId == null || customerId.isBlank()) {
            return "the payload names no customer to bind the token to";
        }
        Optional<String> bound = binder.bind(
                verification.tokenId().orElseThrow(),
                customerId,
                verification.expiresAt().orElseThrow(),
                receivedAt);
        if (bound.isEmpty()) {
            return "the token is too old to be bound to a customer";
        }
        if (!bound.get().equals(customerId)) {
            return "the token was first presented by another LiveChat customer";
        }
        return null;
    }

    private static void carry(
            Map<String, FieldStatus> comparison,
            String field,
            VerifiedCustomer previous,
            String signedValue,
            boolean isName) {
        FieldStatus before = previous.fields().get(field);
        if (before == null) {
            return;
        }
        CustomerIdentity old = previous.identity().orElseThrow();
        String oldValue = isName ? old.name().orElse(null) : old.email().orElse(null);
        // the displayed value is not in this payload: keep the earlier verdict only if the signed value is the same
        if (Objects.equals(oldValue, signedValue)) {
            comparison.put(field, before);
        }
    }

    private static void compare(
            Map<String, FieldStatus> comparison, String field, String signed, String displayed, boolean email) {
        String s = normalize(signed, email);
        String d = normalize(displayed, email);
        if (s == null && d == null) {
            return;
        }
        comparison.put(field, d == null ? FieldStatus.MISSING : d.equals(s) ? FieldStatus.MATCH : FieldStatus.CHANGED);
    }

    /** Trimmed, Unicode NFC, emails lower-cased; empty means absent. */
    static String normalize(String value, boolean email) {
        if (value == null) {
            return null;
        }
        String stripped = value.strip();
        // most names and emails are already NFC: checking is cheaper than normalising (no copy)
        String n = Normalizer.isNormalized(stripped, Normalizer.Form.NFC)
                ? stripped
                : Normalizer.normalize(stripped, Normalizer.Form.NFC);
        if (n.isEmpty()) {
            return null;
        }
        return email ? n.toLowerCase(Locale.ROOT) : n;
    }
}
