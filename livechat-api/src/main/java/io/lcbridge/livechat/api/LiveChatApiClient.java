package io.lcbridge.livechat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A typed client of LiveChat's Platform API v3.6 on the JDK's {@link HttpClient}.
 *
 * <p>Each method is one documented LiveChat method, named after it: {@code registerWebhook} is
 * {@code POST <api-url>/v3.6/configuration/action/register_webhook}. Thread-safe; build one per
 * application and share it.
 *
 * <p>Failures: a non-2xx answer becomes a {@link LiveChatApiException} that names the method and
 * LiveChat's {@code error.type}. Rate limits (HTTP 429 / {@code too_many_requests}) are retried
 * for every operation, because LiveChat refused the call without executing it; server errors,
 * timeouts and I/O failures are retried only for the operations that are safe to repeat (reads,
 * {@code enable_license_webhooks}, {@code unregister_webhook}) — never for
 * {@code register_webhook} or {@code send_event}, which could then run twice. See
 * {@link RetryPolicy} and {@code docs/livechat-api.md}.
 */
public final class LiveChatApiClient {

    /** LiveChat's API host. */
    public static final URI DEFAULT_API_URL = URI.create("https://api.livechatinc.com");

    /** The API version every request names in its path. */
    public static final String API_VERSION = "3.6";

    static final String CONFIGURATION = "configuration";
    static final String AGENT = "agent";
    private static final int MAX_PAGES = 100_000;

    /** Whether an operation may be repeated after a failure other than a rate limit. */
    enum Repeat {
        SAFE,
        RATE_LIMIT_ONLY
    }

    private final HttpClient http;
    private final String apiBase;
    private final LiveChatCredentials credentials;
    private final Duration requestTimeout;
    private final RetryPolicy retryPolicy;
    private final int maxResponseBytes;
    private final JsonMapper mapper;
    private final LiveChatHttpExchange exchange;

    private LiveChatApiClient(
            HttpClient http,
            String apiBase,
            LiveChatCredentials credentials,
            Duration requestTimeout,
            RetryPolicy retryPolicy,
            int maxResponseBytes,
            JsonMapper mapper) {
        this.http = http;
        this.apiBase = apiBase;
        this.credentials = credentials;
        this.requestTimeout = requestTimeout;
        this.retryPolicy = retryPolicy;
        this.maxResponseBytes = maxResponseBytes;
        this.mapper = mapper;
        this.exchange = new LiveChatHttpExchange(http, credentials, maxResponseBytes);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client like this one whose calls each time out after {@code timeout}. */
    public LiveChatApiClient withRequestTimeout(Duration timeout) {
        return new LiveChatApiClient(
                http, apiBase, credentials, positive(timeout, "timeout"), retryPolicy, maxResponseBytes, mapper);
    }

    /** A client like this one with another retry policy. */
    public LiveChatApiClient withRetryPolicy(RetryPolicy policy) {
        return new LiveChatApiClient(
                http,
                apiBase,
                credentials,
                requestTimeout,
                Objects.requireNonNull(policy, "policy"),
                maxResponseBytes,
                mapper);
    }

    // ---------------------------------------------------------------- Configuration API: webhooks

    /**
     * {@code register_webhook}: registers one webhook (one action). Retried on rate limits only:
     * after a server error the webhook may exist, so read {@link #listWebhooks(String)} before
     * trying again.
     */
    public RegisteredWebhook registerWebhook(RegisterWebhookRequest request) {
        Objects.requireNonNull(request, "request");
        return call(CONFIGURATION, "register_webhook", request, Repeat.RATE_LIMIT_ONLY, type(RegisteredWebhook.class));
    }

    /** {@code list_webhooks}: the webhooks a Client ID owns (without their secret keys). */
    public List<Webhook> listWebhooks(String ownerClientId) {
        return call(
                CONFIGURATION,
                "list_webhooks",
                Map.of("owner_client_id", text(ownerClientId, "ownerClientId")),
                Repeat.SAFE,
                listOf(Webhook.class));
    }

    /** {@code unregister_webhook}: removes one webhook. */
    public void unregisterWebhook(String webhookId, String ownerClientId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", text(webhookId, "webhookId"));
        body.put("owner_client_id", text(ownerClientId, "ownerClientId"));
        call(CONFIGURATION, "unregister_webhook", body, Repeat.SAFE, null);
    }

    /**
     * {@code enable_license_webhooks}: enables the Client ID's webhooks on the license again after
     * they were disabled. {@code ownerClientId} is required with a Personal Access Token; with a
     * Bearer token it may be null (the token's client is used).
     */
    public void enableLicenseWebhooks(String ownerClientId) {
        call(CONFIGURATION, "enable_license_webhooks", ownerBody(ownerClientId), Repeat.SAFE, null);
    }

    /** {@code get_license_webhooks_state}: whether the Client ID's webhooks are enabled on the license. */
    public LicenseWebhooksState getLicenseWebhooksState(String ownerClientId) {
        return call(
                CONFIGURATION,
                "get_license_webhooks_state",
                ownerBody(ownerClientId),
                Repeat.SAFE,
                type(LicenseWebhooksState.class));
    }

    // ---------------------------------------------------------------- Configuration API: agents, groups

    /** {@code list_agents}. */
    public List<Agent> listAgents(ListAgentsRequest request) {
        return call(
                CONFIGURATION,
                "list_agents",
                Objects.requireNonNull(request, "request"),
                Repeat.SAFE,
                listOf(Agent.class));
    }

    /** {@code list_groups}, with optional extra {@code fields} ({@code agent_priorities}, {@code routing_status}). */
    public List<Group> listGroups(List<String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (fields != null && !fields.isEmpty()) {
            body.put("fields", List.copyOf(fields));
        }
        return call(CONFIGURATION, "list_groups", body, Repeat.SAFE, listOf(Group.class));
    }

    // ---------------------------------------------------------------- Agent Chat API

    /**
     * {@code send_event}: posts a message, an internal note ({@link Event#internalNote(String)}) or
     * a rich message into a chat. Retried on rate limits only, so a note is never posted twice by
     * this client.
     */
    public SentEvent sendEvent(String chatId, Event event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", text(chatId, "chatId"));
        body.put("event", Objects.requireNonNull(event, "event"));
        return call(AGENT, "send_event", body, Repeat.RATE_LIMIT_ONLY, type(SentEvent.class));
    }

    /** {@code get_chat}: the chat with its latest thread. */
    public Chat getChat(String chatId) {
        return getChat(chatId, null);
    }

    /** {@code get_chat}: the chat with the given thread ({@code threadId} null = the latest). */
    public Chat getChat(String chatId, String threadId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", text(chatId, "chatId"));
        if (threadId != null) {
            body.put("thread_id", text(threadId, "threadId"));
        }
        return call(AGENT, "get_chat", body, Repeat.SAFE, type(Chat.class));
    }

    /** {@code get_customer}. (v3.6 has no {@code list_customers}; see {@code docs/livechat-api.md}.) */
    public Customer getCustomer(String customerId) {
        return call(
                AGENT, "get_customer", Map.of("id", text(customerId, "customerId")), Repeat.SAFE, type(Customer.class));
    }

    /** {@code list_archives}: the first page. */
    public ArchivesPage listArchivesPage(ListArchivesRequest request) {
        Objects.requireNonNull(request, "request");
        Map<String, Object> body = new LinkedHashMap<>();
        if (!request.filters().isEmpty()) {
            body.put("filters", request.filters());
        }
        if (request.limit() != null) {
            body.put("limit", request.limit());
        }
        if (request.sortOrder() != null) {
            body.put("sort_order", request.sortOrder());
        }
        return call(AGENT, "list_archives", body, Repeat.SAFE, type(ArchivesPage.class));
    }

    /** {@code list_archives}: a later page, named by the {@code page_id} LiveChat returned. */
    public ArchivesPage listArchivesPage(String pageId) {
        return call(
                AGENT,
                "list_archives",
                Map.of("page_id", text(pageId, "pageId")),
                Repeat.SAFE,
                type(ArchivesPage.class));
    }

    /**
     * {@code list_archives} as a lazy stream: a page is fetched only when the stream reaches it,
     * following {@code next_page_id} until LiveChat returns none. Stop early with
     * {@link Stream#limit(long)} to spare requests.
     */
    public Stream<Chat> listArchives(ListArchivesRequest request) {
        Objects.requireNonNull(request, "request");
        Iterator<Chat> chats = new Iterator<>() {
            private Iterator<Chat> current = Collections.emptyIterator();
            private String nextPageId;
            private boolean started;
            private int pages;

            @Override
            public boolean hasNext() {
                while (!current.hasNext()) {
                    if (started && nextPageId == null) {
                        return false;
                    }
                    if (++pages > MAX_PAGES) {
                        throw new LiveChatApiException(
                                AGENT + "/list_archives",
                                LiveChatApiException.UNEXPECTED_RESPONSE,
                                0,
                                "more than " + MAX_PAGES + " pages",
                                null,
                                null);
                    }
                    String asked = nextPageId;
                    ArchivesPage page = started ? listArchivesPage(asked) : listArchivesPage(request);
                    started = true;
                    if (page.nextPageId() != null && page.nextPageId().equals(asked)) {
                        throw new LiveChatApiException(
                                AGENT + "/list_archives",
                                LiveChatApiException.UNEXPECTED_RESPONSE,
                                0,
                                "LiveChat returned the page_id it was asked for as the next one",
                                null,
                                null);
                    }
                    nextPageId = page.nextPageId();
                    current = page.chats().iterator();
                }
                return true;
            }

            @Override
            public Chat next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(chats, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    // ---------------------------------------------------------------- transport

    private <T> T call(String api, String method, Object body, Repeat repeat, JavaType responseType) {
        String name = api + "/" + method;
        byte[] json = mapper.writeValueAsBytes(body);
        URI uri = URI.create(apiBase + "/v" + API_VERSION + "/" + api + "/action/" + method);
        for (int attempt = 1; ; attempt++) {
            LiveChatApiException failure;
            try {
                LiveChatHttpExchange.Answer answer = exchange.post(uri, name, json, requestTimeout);
                if (answer.isSuccess()) {
                    return parse(answer.body(), responseType, name, answer.status());
                }
                failure = exchange.failureOf(name, answer);
            } catch (LiveChatApiException e) {
                if (!LiveChatApiException.TRANSPORT.equals(e.errorType())
                        || Thread.currentThread().isInterrupted()) {
                    throw e; // an oversized answer, or interrupted: never repeated
                }
                failure = e;
            }
            boolean repeatable = repeat == Repeat.SAFE ? failure.isTransient() : isRateLimit(failure);
            if (!repeatable || attempt >= retryPolicy.maxAttempts()) {
                throw failure;
            }
            Optional<Duration> wait = backoff(attempt, failure.retryAfter().orElse(null));
            if (wait.isEmpty()) {
                throw failure;
            }
            sleep(wait.get(), name, failure);
        }
    }

    private static boolean isRateLimit(LiveChatApiException e) {
        return e.httpStatus() == 429 || "too_many_requests".equals(e.errorType());
    }

    /** The wait before the next attempt; empty when LiveChat asks for longer than the policy allows. */
    Optional<Duration> backoff(int attempt, Duration retryAfter) {
        long maxMillis = retryPolicy.maxBackoff().toMillis();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (retryAfter != null) {
            long asked = retryAfter.toMillis();
            if (asked > maxMillis) {
                return Optional.empty();
            }
            long jitter = random.nextLong(Math.max(50, asked / 10) + 1);
            return Optional.of(Duration.ofMillis(Math.min(maxMillis, asked + jitter)));
        }
        long exp = retryPolicy.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long ceiling = Math.min(maxMillis, exp);
        return Optional.of(Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1)));
    }

    private static void sleep(Duration wait, String name, LiveChatApiException failure) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
            throw failure;
        }
    }

    private <T> T parse(byte[] answer, JavaType type, String name, int status) {
        if (type == null) {
            return null;
        }
        try {
            T value = mapper.readValue(answer, type);
            if (value == null) {
                throw new LiveChatApiException(
                        name, LiveChatApiException.UNEXPECTED_RESPONSE, status, "empty answer", null, null);
            }
            return value;
        } catch (JacksonException e) {
            throw new LiveChatApiException(
                    name,
                    LiveChatApiException.UNEXPECTED_RESPONSE,
                    status,
                    "answer is not the documented JSON (" + e.getClass().getSimpleName() + ")",
                    null,
                    null);
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpHeaders headers) {
        Optional<String> value = headers.firstValue("Retry-After");
        if (value.isEmpty()) {
            return null;
        }
        String v = value.get().strip();
        try {
            long seconds = Long.parseLong(v);
            return Duration.ofSeconds(Math.max(0, Math.min(seconds, 86_400)));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static Map<String, Object> ownerBody(String ownerClientId) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (ownerClientId != null) {
            body.put("owner_client_id", text(ownerClientId, "ownerClientId"));
        }
        return body;
    }

    private JavaType type(Class<?> type) {
        return mapper.getTypeFactory().constructType(type);
    }

    private JavaType listOf(Class<?> element) {
        return mapper.getTypeFactory().constructCollectionType(List.class, element);
    }

    private static String text(String value, String what) {
        RegisterWebhookRequest.requireText(value, what);
        return value;
    }

    private static Duration positive(Duration d, String what) {
        if (Objects.requireNonNull(d, what).isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return d;
    }

    static JsonMapper newMapper() {
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .changeDefaultPropertyInclusion(incl -> incl.withValueInclusion(JsonInclude.Include.NON_NULL))
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    /** Builds a {@link LiveChatApiClient}. */
    public static final class Builder {
        private URI apiUrl = DEFAULT_API_URL;
        private LiveChatCredentials credentials;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(20);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private int maxResponseBytes = 8 * 1024 * 1024;
        private HttpClient httpClient;

        private Builder() {}

        /**
         * The API's base URL (default {@link #DEFAULT_API_URL}); requests go to
         * {@code <apiUrl>/v3.6/<api>/action/<method>}. Plain {@code http} is accepted for loopback
         * addresses only (a local fake), so credentials never cross a network in clear text.
         */
        public Builder apiUrl(URI url) {
            Objects.requireNonNull(url, "url");
            String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
            if (!url.isAbsolute()
                    || url.getHost() == null
                    || url.getRawQuery() != null
                    || url.getRawFragment() != null) {
                throw new IllegalArgumentException("api URL must be absolute, with a host and no query: " + url);
            }
            if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(url.getHost()))) {
                throw new IllegalArgumentException("api URL must use https (http only for a loopback host): " + url);
            }
            this.apiUrl = url;
            return this;
        }

        /** See {@link #apiUrl(URI)}. */
        public Builder apiUrl(String url) {
            try {
                return apiUrl(URI.create(Objects.requireNonNull(url, "url")));
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("api URL")) {
                    throw e;
                }
                throw new IllegalArgumentException("api URL is not a URL: " + url);
            }
        }

        public Builder credentials(LiveChatCredentials value) {
            this.credentials = Objects.requireNonNull(value, "credentials");
            return this;
        }

        /** HTTP Basic {@code accountId:personalAccessToken}. */
        public Builder personalAccessToken(String accountId, String personalAccessToken) {
            return credentials(LiveChatCredentials.personalAccessToken(accountId, personalAccessToken));
        }

        /** {@code Authorization: Bearer} with a token read on every attempt. */
        public Builder bearerToken(Supplier<String> tokens) {
            return credentials(LiveChatCredentials.bearer(tokens));
        }

        /** Time to open a connection (default 5 s). */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Time for one attempt of one call, answer included (default 20 s; LiveChat gives up after 15 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Largest answer read (default 8 MiB); a larger one fails the call. */
        public Builder maxResponseBytes(int bytes) {
            if (bytes < 1024) {
                throw new IllegalArgumentException("maxResponseBytes must be at least 1024");
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /**
         * An {@link HttpClient} of the app's own (proxy, executor, TLS); its connect timeout
         * applies instead of {@link #connectTimeout(Duration)}. It must not follow redirects.
         */
        public Builder httpClient(HttpClient client) {
            this.httpClient = Objects.requireNonNull(client, "client");
            return this;
        }

        public LiveChatApiClient build() {
            if (credentials == null) {
                throw new IllegalStateException("credentials are required (personalAccessToken or bearerToken)");
            }
            HttpClient client = httpClient;
            if (client == null) {
                HttpClient.Builder b = HttpClient.newBuilder()
                        .connectTimeout(connectTimeout)
                        .followRedirects(HttpClient.Redirect.NEVER);
                if ("http".equalsIgnoreCase(apiUrl.getScheme())) {
                    b.version(HttpClient.Version.HTTP_1_1);
                }
                client = b.build();
            }
            String base = apiUrl.toString();
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            return new LiveChatApiClient(
                    client, base, credentials, requestTimeout, retryPolicy, maxResponseBytes, newMapper());
        }

        private static boolean isLoopback(String host) {
            String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (h.equalsIgnoreCase("localhost")) {
                return true;
            }
            if (!h.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return false; // a name: never resolved here
            }
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
