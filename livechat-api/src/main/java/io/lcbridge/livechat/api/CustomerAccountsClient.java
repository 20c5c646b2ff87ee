package io.lcbridge.livechat.api;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A client of LiveChat's customer accounts service for the <em>agent-token grant</em>: {@code POST
 * https://accounts.livechat.com/v2/customer/token} with {@code grant_type=agent_token}, authorized with an agent
 * access token (scope {@code customers:own}), creating a customer identity or, with {@code entity_id}, issuing a new
 * token for an existing one (platform.text.com/docs/authorization/customer-authorization, "Agent token grant").
 *
 * <p>LiveChat accepts every agent authorization flow here <em>except</em> Personal Access Tokens, so the client takes
 * Bearer credentials only. One attempt per call, no retry: a page waits for it, and a lost answer to a "new customer"
 * request cannot be repeated without creating a second customer. Failures are {@link LiveChatApiException}s named
 * {@code accounts/customer_token}; the token never appears in them. Thread-safe.
 */
public final class CustomerAccountsClient {

    /** LiveChat's accounts service. */
    public static final URI DEFAULT_ACCOUNTS_URL = URI.create("https://accounts.livechat.com");

    static final String METHOD = "accounts/customer_token";
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    private final LiveChatHttpExchange exchange;
    private final URI tokenUri;
    private final LiveChatCredentials credentials;
    private final String clientId;
    private final @Nullable String organizationId;
    private final Duration requestTimeout;
    private final Clock clock;
    private final JsonMapper mapper = JsonMapper.builder().build();

    private CustomerAccountsClient(Builder b, HttpClient http, String base) {
        this.exchange = new LiveChatHttpExchange(http, b.credentials, MAX_ANSWER_BYTES);
        this.tokenUri = URI.create(base + "/v2/customer/token");
        this.credentials = b.credentials;
        this.clientId = b.clientId;
        this.organizationId = b.organizationId;
        this.requestTimeout = b.requestTimeout;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A new customer identity and its first token ({@code entity_id} omitted). */
    public CustomerAccessToken createCustomer() {
        return issue(null);
    }

    /** A new token for the existing customer {@code entityId}. */
    public CustomerAccessToken tokenFor(String entityId) {
        RegisterWebhookRequest.requireText(entityId, "entityId");
        return issue(entityId);
    }

    private CustomerAccessToken issue(@Nullable String entityId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("grant_type", "agent_token");
        body.put("client_id", clientId);
        body.put("response_type", "token");
        if (entityId != null) {
            body.put("entity_id", entityId);
        }
        if (organizationId != null) {
            body.put("organization_id", organizationId);
        }
        LiveChatHttpExchange.Answer answer =
                exchange.post(tokenUri, METHOD, mapper.writeValueAsBytes(body), requestTimeout);
        if (!answer.isSuccess()) {
            throw exchange.failureOf(METHOD, answer);
        }
        int status = answer.status();
        JsonNode root = exchange.readTree(answer.body());
        if (root == null || !root.isObject()) {
            throw failure(LiveChatApiException.UNEXPECTED_RESPONSE, status, "answer is not a JSON object");
        }
        String token = text(root, "access_token");
        String entity = text(root, "entity_id");
        JsonNode expires = root.get("expires_in");
        if (token == null || entity == null || expires == null || !expires.isNumber() || expires.asLong() <= 0) {
            throw failure(
                    LiveChatApiException.UNEXPECTED_RESPONSE,
                    status,
                    "answer lacks access_token, entity_id or a positive expires_in");
        }
        if (entityId != null && !entityId.equals(entity)) {
            throw failure(
                    LiveChatApiException.UNEXPECTED_RESPONSE, status, "answer names another customer than asked for");
        }
        String type = text(root, "token_type");
        String organization = text(root, "organization_id");
        return new CustomerAccessToken(
                token,
                entity,
                Duration.ofSeconds(Math.min(expires.asLong(), 366L * 86_400)),
                type == null ? "Bearer" : type,
                organization == null ? "" : organization,
                clock.instant());
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    private static LiveChatApiException failure(String type, int status, String what) {
        return new LiveChatApiException(METHOD, type, status, what, null, null);
    }

    @Override
    public String toString() {
        return "CustomerAccountsClient[" + tokenUri + ", clientId=" + clientId + ", " + credentials + "]";
    }

    /** Builds a {@link CustomerAccountsClient}. */
    public static final class Builder {
        private URI accountsUrl = DEFAULT_ACCOUNTS_URL;
        private LiveChatCredentials credentials;
        private String clientId;
        private @Nullable String organizationId;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(3);
        private Clock clock = Clock.systemUTC();
        private @Nullable HttpClient httpClient;

        private Builder() {}

        /**
         * The accounts service's base URL (default {@link #DEFAULT_ACCOUNTS_URL}); https, or http for a loopback
         * host only (a local fake).
         */
        public Builder accountsUrl(URI url) {
            // the API client's checks: absolute, a host, no query; https unless loopback
            LiveChatApiClient.builder().apiUrl(url);
            this.accountsUrl = url;
            return this;
        }

        /** See {@link #accountsUrl(URI)}. */
        public Builder accountsUrl(String url) {
            LiveChatApiClient.builder().apiUrl(url);
            this.accountsUrl = URI.create(url);
            return this;
        }

        /**
         * The agent access token, as Bearer credentials (scope {@code customers:own}). A Personal Access Token is
         * refused: LiveChat does not accept one for this grant.
         */
        public Builder credentials(LiveChatCredentials value) {
            Objects.requireNonNull(value, "credentials");
            if (!value.isBearer()) {
                throw new IllegalArgumentException("the agent-token grant needs an agent access token (Bearer);"
                        + " LiveChat does not accept a Personal Access Token for it");
            }
            this.credentials = value;
            return this;
        }

        /** {@code Authorization: Bearer} with the agent access token read on every call. */
        public Builder agentToken(java.util.function.Supplier<String> tokens) {
            return credentials(LiveChatCredentials.bearer(tokens));
        }

        /** The Client ID of the app the customer identities belong to (required). */
        public Builder clientId(String value) {
            RegisterWebhookRequest.requireText(value, "clientId");
            this.clientId = value;
            return this;
        }

        /**
         * The organization id, sent as {@code organization_id} (LiveChat documents it as required only for the cookie
         * grant, so it is optional here).
         */
        public Builder organizationId(@Nullable String value) {
            if (value != null) {
                RegisterWebhookRequest.requireText(value, "organizationId");
            }
            this.organizationId = value;
            return this;
        }

        /** Time to open a connection (default 2 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Time for the whole call (default 3 s): a page may be waiting for it. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** The clock that stamps {@link CustomerAccessToken#issuedAt()} (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** An {@link HttpClient} of the app's own; it must not follow redirects. */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        public CustomerAccountsClient build() {
            if (credentials == null) {
                throw new IllegalStateException("an agent access token is required (credentials or agentToken)");
            }
            if (clientId == null) {
                throw new IllegalStateException("clientId is required");
            }
            HttpClient client = httpClient;
            if (client == null) {
                HttpClient.Builder b = HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER);
                if ("http".equalsIgnoreCase(accountsUrl.getScheme())) {
                    b.version(HttpClient.Version.HTTP_1_1);
                }
                client = b.build();
            }
            String base = accountsUrl.toString();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return new CustomerAccountsClient(this, client, base);
        }

        private static Duration positive(Duration d, String what) {
            if (Objects.requireNonNull(d, what).isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
