package io.lcbridge.core;

import org.jspecify.annotations.Nullable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who the logged-in customer is, as the bridge tells LiveChat: the app's stable user id
 * ({@code subject}), an optional display name and email, and ordered session variables.
 *
 * <p>Immutable and validated on construction, so that everything the widget receives is
 * accepted by LiveChat and fits the signed token:
 * <ul>
 *   <li>{@code subject} is required and not blank;</li>
 *   <li>at most {@value #MAX_VARIABLES} session variables in all, the token variable included
 *       (so at most {@value #MAX_VARIABLES} − 1 here);</li>
 *   <li>variable keys are 1–{@value #MAX_KEY_LENGTH} characters of printable ASCII;</li>
 *   <li>values, name, email and subject are at most {@value #MAX_VALUE_LENGTH} characters,
 *       contain no control character other than tab, line feed and carriage return, and no
 *       unpaired surrogate (it could not travel as UTF-8);</li>
 *   <li>the token variable's name (default {@value IdentityTokens#DEFAULT_TOKEN_VARIABLE}) is
 *       reserved.</li>
 * </ul>
 * An empty or {@code null} name or email means "absent": LiveChat's widget refuses empty values.
 */
public final class CustomerIdentity {

    /** LiveChat accepts at most 100 session fields per customer. */
    public static final int MAX_VARIABLES = 100;
    /** Longest accepted session-variable key. */
    public static final int MAX_KEY_LENGTH = 100;
    /** Longest accepted value (LiveChat's documented limit for tracking-code parameter values). */
    public static final int MAX_VALUE_LENGTH = 3500;

    private final String subject;
    private final String name;
    private final String email;
    private final Map<String, String> sessionVariables;

    private CustomerIdentity(Builder builder) {
        this.subject = builder.subject;
        this.name = builder.name;
        this.email = builder.email;
        this.sessionVariables = Collections.unmodifiableMap(new LinkedHashMap<>(builder.variables));
    }

    /** Starts an identity for the app's stable user id. */
    public static Builder builder(String subject) {
        return new Builder(subject);
    }

    /** The app's stable user id (the token's {@code sub}). */
    public String subject() {
        return subject;
    }

    /** The name sent with {@code set_customer_name}, if any. */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /** The email sent with {@code set_customer_email}, if any. */
    public Optional<String> email() {
        return Optional.ofNullable(email);
    }

    /** Session variables in insertion order; the token variable is never among them. */
    public Map<String, String> sessionVariables() {
        return sessionVariables;
    }

    /** A builder holding this identity's values, for deriving a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder(subject).name(name).email(email);
        sessionVariables.forEach(builder::variable);
        return builder;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof CustomerIdentity)) {
            return false;
        }
        CustomerIdentity other = (CustomerIdentity) o;
        return subject.equals(other.subject)
                && Objects.equals(name, other.name)
                && Objects.equals(email, other.email)
                && variablesEqual(sessionVariables, other.sessionVariables);
    }

    /** Same keys, values and order; two empty maps (most identities) without iterating either. */
    private static boolean variablesEqual(Map<String, String> a, Map<String, String> b) {
        if (a.size() != b.size()) {
            return false;
        }
        return a.isEmpty() || a.equals(b) && orderEquals(a, b);
    }

    private static boolean orderEquals(Map<String, String> a, Map<String, String> b) {
        var ia = a.keySet().iterator();
        var ib = b.keySet().iterator();
        while (ia.hasNext() && ib.hasNext()) {
            if (!ia.next().equals(ib.next())) {
                return false;
            }
        }
        return !ia.hasNext() && !ib.hasNext();
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, name, email, sessionVariables);
    }

    /** Names the fields present, never their values (identities hold personal data). */
    @Override
    public String toString() {
        return "CustomerIdentity[subject=<" + subject.length() + " chars>"
                + (name != null ? ", name=<set>" : "")
                + (email != null ? ", email=<set>" : "")
                + ", sessionVariables=" + sessionVariables.keySet() + "]";
    }

    /** Collects and validates the parts of a {@link CustomerIdentity}. Not thread-safe. */
    public static final class Builder {

        private final String subject;
        private String name;
        private String email;
        private String tokenVariable = IdentityTokens.DEFAULT_TOKEN_VARIABLE;
        private final LinkedHashMap<String, String> variables = new LinkedHashMap<>();

        private Builder(String subject) {
            if (subject == null || subject.isBlank()) {
                throw new InvalidIdentityException("subject", "is required and must not be blank");
            }
            checkText("subject", subject);
            this.subject = subject;
        }

        /** The display name; {@code null} or empty means none. */
        public Builder name(@Nullable String name) {
            this.name = optionalText("name", name);
            return this;
        }

        /** The email address; {@code null} or empty means none. */
        public Builder email(@Nullable String email) {
            this.email = optionalText("email", email);
            return this;
        }

        /**
         * The name of the session variable that will carry the token, which is therefore
         * reserved (default {@value IdentityTokens#DEFAULT_TOKEN_VARIABLE}).
         */
        public Builder tokenVariable(String tokenVariable) {
            IdentityTokens.checkTokenVariable(tokenVariable);
            if (variables.containsKey(tokenVariable)) {
                throw reserved(tokenVariable);
            }
            this.tokenVariable = tokenVariable;
            return this;
        }

        /**
         * Reserves no name: for rebuilding a signed identity, whose signer may have used a custom
         * token variable (so that {@value IdentityTokens#DEFAULT_TOKEN_VARIABLE} was an ordinary variable).
         */
        Builder withoutReservedTokenVariable() {
            this.tokenVariable = null;
            return this;
        }

        /** Adds a session variable, or replaces the value of an existing key in its place. */
        public Builder variable(String key, String value) {
            checkKey(key);
            String field = "sessionVariables[" + key + "]";
            if (key.equals(tokenVariable)) {
                throw reserved(key);
            }
            if (value == null) {
                throw new InvalidIdentityException(field, "value must not be null (use \"\" for an empty value)");
            }
            checkText(field, value);
            if (!variables.containsKey(key) && variables.size() >= MAX_VARIABLES - 1) {
                throw new InvalidIdentityException(
                        field,
                        "too many session variables: at most " + (MAX_VARIABLES - 1)
                                + " besides the token variable (LiveChat keeps " + MAX_VARIABLES + ")");
            }
            variables.put(key, value);
            return this;
        }

        /** Adds every entry of {@code vars} in its iteration order. */
        public Builder variables(Map<String, String> vars) {
            vars.forEach(this::variable);
            return this;
        }

        /** Validated identity. */
        public CustomerIdentity build() {
            return new CustomerIdentity(this);
        }

        private static InvalidIdentityException reserved(String key) {
            return new InvalidIdentityException(
                    "sessionVariables[" + key + "]", "is reserved for the identity token variable");
        }

        private static String optionalText(String field, String value) {
            if (value == null || value.isEmpty()) {
                return null;
            }
            checkText(field, value);
            return value;
        }

        private static void checkKey(String key) {
            if (key == null || key.isEmpty()) {
                throw new InvalidIdentityException("sessionVariables", "a key must not be null or empty");
            }
            if (key.length() > MAX_KEY_LENGTH) {
                throw new InvalidIdentityException(
                        "sessionVariables[" + key.substring(0, 20) + "...]",
                        "key is " + key.length() + " characters; at most " + MAX_KEY_LENGTH);
            }
            for (int i = 0; i < key.length(); i++) {
                char c = key.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new InvalidIdentityException(
                            "sessionVariables",
                            "key at position " + (i + 1) + " has a character outside printable ASCII (U+0020..U+007E)");
                }
            }
        }
    }

    static void checkText(String field, String value) {
        int length = value.length();
        if (length > MAX_VALUE_LENGTH) {
            throw new InvalidIdentityException(field, "is " + length + " characters; at most " + MAX_VALUE_LENGTH);
        }
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                throw new InvalidIdentityException(
                        field,
                        "has a control character at position " + (i + 1)
                                + " (only tab, line feed and carriage return are allowed)");
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new InvalidIdentityException(field, "has an unpaired surrogate at position " + (i + 1));
            }
            if (Character.isLowSurrogate(c)) {
                throw new InvalidIdentityException(field, "has an unpaired surrogate at position " + (i + 1));
            }
        }
    }
}
