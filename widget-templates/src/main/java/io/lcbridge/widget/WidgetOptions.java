package io.lcbridge.widget;

import io.lcbridge.core.IdentityTokens;
import org.jspecify.annotations.Nullable;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How the LiveChat loader is configured on every page: the account (a LiveChat license number
 * <em>or</em> a text.com organization id), optional group and loader switches, the widget script
 * URL, the {@code <noscript>} link and the identity token variable with its size budget.
 *
 * <p>Immutable and validated by {@link Builder#build()}; errors name the bad setting. The account is
 * also the audience of every identity token rendered with these options ({@link #audience()}).
 */
public final class WidgetOptions {

    /** Default {@code window.__lc.integration_name}. */
    public static final String DEFAULT_INTEGRATION_NAME = "lcbridge-java";
    /** The official widget script. */
    public static final URI DEFAULT_SCRIPT_URL = URI.create("https://cdn.livechatinc.com/tracking.js");

    private static final int MAX_TEXT_SETTING = 100;

    private final Long license;
    private final String organizationId;
    private final Integer group;
    private final Boolean chatBetweenGroups;
    private final boolean asyncInit;
    private final String integrationName;
    private final URI scriptUrl;
    private final boolean noscript;
    private final String tokenVariable;
    private final int maxTokenLength;

    private WidgetOptions(Builder b) {
        this.license = b.license;
        this.organizationId = b.organizationId;
        this.group = b.group;
        this.chatBetweenGroups = b.chatBetweenGroups;
        this.asyncInit = b.asyncInit;
        this.integrationName = b.integrationName;
        this.scriptUrl = b.scriptUrl;
        this.noscript = b.noscript;
        this.tokenVariable = b.tokenVariable;
        this.maxTokenLength = b.maxTokenLength;
    }

    /** An empty builder; set exactly one of {@link Builder#license(long)} or {@link Builder#organizationId(String)}. */
    public static Builder builder() {
        return new Builder();
    }

    /** Defaults for a LiveChat license number. */
    public static WidgetOptions forLicense(long license) {
        return builder().license(license).build();
    }

    /** Defaults for a text.com organization id. */
    public static WidgetOptions forOrganization(String organizationId) {
        return builder().organizationId(organizationId).build();
    }

    /** The LiveChat license number, unless this is a text.com organization. */
    public OptionalLong license() {
        return license == null ? OptionalLong.empty() : OptionalLong.of(license);
    }

    /** The text.com organization id, unless this is a LiveChat license. */
    public Optional<String> organizationId() {
        return Optional.ofNullable(organizationId);
    }

    /**
     * The {@code aud} claim every token rendered with these options must carry: the license number
     * in decimal, or the organization id.
     */
    public String audience() {
        return license != null ? Long.toString(license) : organizationId;
    }

    /** {@code window.__lc.group}, if set. */
    public OptionalInt group() {
        return group == null ? OptionalInt.empty() : OptionalInt.of(group);
    }

    /** {@code window.__lc.chat_between_groups}, if set. */
    public Optional<Boolean> chatBetweenGroups() {
        return Optional.ofNullable(chatBetweenGroups);
    }

    /** Whether {@code window.__lc.asyncInit} is set, so the app calls {@code LiveChatWidget.init()} itself. */
    public boolean asyncInit() {
        return asyncInit;
    }

    /** {@code window.__lc.integration_name}. */
    public String integrationName() {
        return integrationName;
    }

    /** The widget script the loader inserts. */
    public URI scriptUrl() {
        return scriptUrl;
    }

    /** Whether the {@code <noscript>} "Chat with us" link is rendered (license accounts only). */
    public boolean noscript() {
        return noscript;
    }

    /** The session variable that carries the identity token. */
    public String tokenVariable() {
        return tokenVariable;
    }

    /** Largest token rendered, in characters; a larger one drops the identity ({@link SnippetProblem#TOKEN_TOO_LARGE}). */
    public int maxTokenLength() {
        return maxTokenLength;
    }

    /** A builder holding these options, for deriving a changed copy. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.license = license;
        b.organizationId = organizationId;
        b.group = group;
        b.chatBetweenGroups = chatBetweenGroups;
        b.asyncInit = asyncInit;
        b.integrationName = integrationName;
        b.scriptUrl = scriptUrl;
        b.noscript = noscript;
        b.tokenVariable = tokenVariable;
        b.maxTokenLength = maxTokenLength;
        return b;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof WidgetOptions)) {
            return false;
        }
        WidgetOptions other = (WidgetOptions) o;
        return asyncInit == other.asyncInit
                && noscript == other.noscript
                && maxTokenLength == other.maxTokenLength
                && Objects.equals(license, other.license)
                && Objects.equals(organizationId, other.organizationId)
                && Objects.equals(group, other.group)
                && Objects.equals(chatBetweenGroups, other.chatBetweenGroups)
                && integrationName.equals(other.integrationName)
                && scriptUrl.equals(other.scriptUrl)
                && tokenVariable.equals(other.tokenVariable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                license,
                organizationId,
                group,
                chatBetweenGroups,
                asyncInit,
                integrationName,
                scriptUrl,
                noscript,
                tokenVariable,
                maxTokenLength);
    }

    @Override
    public String toString() {
        return "WidgetOptions[" + (license != null ? "license=" + license : "organizationId=" + organizationId)
                + (group != null ? ", group=" + group : "")
                + (chatBetweenGroups != null ? ", chatBetweenGroups=" + chatBetweenGroups : "")
                + (asyncInit ? ", asyncInit" : "") + ", integrationName=" + integrationName
                + ", scriptUrl=" + scriptUrl + ", noscript=" + noscript + ", tokenVariable=" + tokenVariable
                + ", maxTokenLength=" + maxTokenLength + "]";
    }

    /** Collects {@link WidgetOptions}; every setter validates its value and names it in errors. Not thread-safe. */
    public static final class Builder {
        private Long license;
        private String organizationId;
        private Integer group;
        private Boolean chatBetweenGroups;
        private boolean asyncInit;
        private String integrationName = DEFAULT_INTEGRATION_NAME;
        private URI scriptUrl = DEFAULT_SCRIPT_URL;
        private boolean noscript = true;
        private String tokenVariable = IdentityTokens.DEFAULT_TOKEN_VARIABLE;
        private int maxTokenLength = IdentityTokens.DEFAULT_MAX_TOKEN_LENGTH;

        private Builder() {}

        /** The LiveChat license number (a positive integer). */
        public Builder license(long license) {
            if (license <= 0) {
                throw new IllegalArgumentException(
                        "license must be a positive LiveChat license number, got " + license);
            }
            this.license = license;
            return this;
        }

        /** The LiveChat license number given as text (e.g. from configuration); must be a positive integer. */
        public Builder license(String license) {
            if (license == null || license.isBlank()) {
                throw new IllegalArgumentException("license must be a positive LiveChat license number, got nothing");
            }
            long parsed;
            try {
                parsed = Long.parseLong(license.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("license must be a positive LiveChat license number (digits only)");
            }
            return license(parsed);
        }

        /**
         * The text.com organization id (rendered as {@code window.__lc.organizationId} with
         * {@code product_name "text"}): 1-100 printable ASCII characters without spaces.
         */
        public Builder organizationId(String organizationId) {
            this.organizationId = checkToken("organizationId", organizationId, false);
            return this;
        }

        /** {@code window.__lc.group}: the group (department) id, 0 or more. */
        public Builder group(int group) {
            if (group < 0) {
                throw new IllegalArgumentException("group must be 0 or more, got " + group);
            }
            this.group = group;
            return this;
        }

        /** Clears the group, so the loader uses the license's default group. */
        public Builder noGroup() {
            this.group = null;
            return this;
        }

        /** {@code window.__lc.chat_between_groups}; {@code null} leaves it unset (LiveChat's default). */
        public Builder chatBetweenGroups(@Nullable Boolean chatBetweenGroups) {
            this.chatBetweenGroups = chatBetweenGroups;
            return this;
        }

        /** {@code window.__lc.asyncInit}: when true the widget loads only once the page calls {@code LiveChatWidget.init()}. */
        public Builder asyncInit(boolean asyncInit) {
            this.asyncInit = asyncInit;
            return this;
        }

        /** {@code window.__lc.integration_name}, default {@value WidgetOptions#DEFAULT_INTEGRATION_NAME}. */
        public Builder integrationName(String integrationName) {
            this.integrationName = checkToken("integrationName", integrationName, true);
            return this;
        }

        /**
         * The widget script URL (absolute {@code https} or {@code http}, or a path on the page's own origin starting
         * with a single {@code /}, e.g. {@code /demo/tracking.js}), default
         * {@code https://cdn.livechatinc.com/tracking.js}; override for offline previews, tests or a
         * self-hosting proxy. A root-relative path keeps working behind a proxy or on any port.
         */
        public Builder scriptUrl(String scriptUrl) {
            if (scriptUrl == null || scriptUrl.isBlank()) {
                throw new IllegalArgumentException("scriptUrl must be an absolute http(s) URL, got nothing");
            }
            try {
                return scriptUrl(new URI(scriptUrl.strip()));
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("scriptUrl is not a valid URL: " + e.getReason());
            }
        }

        /** See {@link #scriptUrl(String)}. */
        public Builder scriptUrl(URI scriptUrl) {
            Objects.requireNonNull(scriptUrl, "scriptUrl");
            String scheme =
                    scriptUrl.getScheme() == null ? "" : scriptUrl.getScheme().toLowerCase(Locale.ROOT);
            boolean absoluteHttp = scriptUrl.isAbsolute()
                    && (scheme.equals("https") || scheme.equals("http"))
                    && scriptUrl.getHost() != null;
            if (!absoluteHttp && !rootRelative(scriptUrl)) {
                throw new IllegalArgumentException(
                        "scriptUrl must be an absolute http(s) URL with a host or a path starting with one '/'");
            }
            if (scriptUrl.toString().length() > 2000) {
                throw new IllegalArgumentException("scriptUrl is longer than 2000 characters");
            }
            this.scriptUrl = scriptUrl;
            return this;
        }

        /** A path on the page's own origin: no scheme, no authority ({@code //host} is not a path), starts with '/'. */
        private static boolean rootRelative(URI uri) {
            String written = uri.toString(); // as written: URI reads "///host/x" as the path "/host/x"
            return uri.getScheme() == null
                    && uri.getRawAuthority() == null
                    && written.startsWith("/")
                    && !written.startsWith("//");
        }

        /** Whether to render the {@code <noscript>} link (license accounts only; default on). */
        public Builder noscript(boolean noscript) {
            this.noscript = noscript;
            return this;
        }

        /** The token session variable, default {@value IdentityTokens#DEFAULT_TOKEN_VARIABLE}: 1-100 printable ASCII characters. */
        public Builder tokenVariable(String tokenVariable) {
            if (tokenVariable == null || tokenVariable.isEmpty() || tokenVariable.length() > MAX_TEXT_SETTING) {
                throw new IllegalArgumentException("tokenVariable must be 1-" + MAX_TEXT_SETTING + " characters");
            }
            for (int i = 0; i < tokenVariable.length(); i++) {
                char c = tokenVariable.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("tokenVariable must be printable ASCII");
                }
            }
            this.tokenVariable = tokenVariable;
            return this;
        }

        /** Largest token rendered, in characters (at least 100), default {@value IdentityTokens#DEFAULT_MAX_TOKEN_LENGTH}. */
        public Builder maxTokenLength(int maxTokenLength) {
            if (maxTokenLength < 100) {
                throw new IllegalArgumentException(
                        "maxTokenLength must be at least 100 characters, got " + maxTokenLength);
            }
            this.maxTokenLength = maxTokenLength;
            return this;
        }

        /** Validated options; exactly one of license and organization id must be set. */
        public WidgetOptions build() {
            if (license == null && organizationId == null) {
                throw new IllegalArgumentException(
                        "set license (LiveChat) or organizationId (text.com); neither is set");
            }
            if (license != null && organizationId != null) {
                throw new IllegalArgumentException("set license (LiveChat) or organizationId (text.com), not both");
            }
            return new WidgetOptions(this);
        }

        private static String checkToken(String setting, String value, boolean spacesAllowed) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(setting + " must not be empty");
            }
            if (value.length() > MAX_TEXT_SETTING) {
                throw new IllegalArgumentException(
                        setting + " is " + value.length() + " characters; at most " + MAX_TEXT_SETTING);
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7e || (!spacesAllowed && c == ' ')) {
                    throw new IllegalArgumentException(
                            setting + " must be printable ASCII" + (spacesAllowed ? "" : " without spaces")
                                    + " (bad character at position " + (i + 1) + ")");
                }
            }
            return value;
        }
    }
}
