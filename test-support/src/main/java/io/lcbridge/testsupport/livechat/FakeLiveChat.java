package io.lcbridge.testsupport.livechat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A local fake of LiveChat's Platform API v3.6 on the JDK's HTTP server: the documented request
 * and response shapes of the Configuration API (webhooks, agents, groups) and the Agent Chat Web
 * API ({@code send_event}, {@code get_chat}, {@code list_archives}, {@code get_customer}), on a
 * free loopback port.
 *
 * <p>It also fakes the customer accounts service's agent-token grant ({@code POST /v2/customer/token} on the same
 * server, {@link #accountsUrl()}), with switchable failure modes ({@link #failAlways}, {@link #customerAccountsDown}).
 *
 * <p>It records every call, keeps webhooks and sent events in memory, checks the documented
 * required parameters (answering LiveChat's error envelope with {@code validation}), and can be
 * told to fail the next calls ({@link Fault}: 401, 403, 429 with {@code Retry-After}, 500, slow).
 * HTTP statuses of LiveChat's v3 errors are not documented; the fake uses the obvious ones
 * (authentication 401, authorization 403, validation 400, not_found 404, too_many_requests 429,
 * internal 500).
 *
 * <p>Not a security boundary, not for production: tests and the demo only.
 */
public final class FakeLiveChat implements AutoCloseable {

    /** The customer of LiveChat's {@code get_customer} sample. */
    public static final String SAMPLE_CUSTOMER_ID = "b7eff798-f8df-4364-8059-649c35c9ed0c";

    /** The chat of LiveChat's {@code get_chat} sample. */
    public static final String SAMPLE_CHAT_ID = "PJ0MRSHTDG";

    private static final int MAX_BODY = 1024 * 1024;
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final Set<String> AGENT_FIELDS = Set.of(
            "groups",
            "work_scheduler",
            "email_subscriptions",
            "notifications",
            "job_title",
            "mobile",
            "max_chats_count",
            "suspended",
            "awaiting_approval",
            "last_logout");
    /** The accounts path of LiveChat's customer token endpoint. */
    static final String CUSTOMER_TOKEN_PATH = "/v2/customer/token";

    /** The method name {@link #failNext} and {@link #failAlways} know the customer token endpoint by. */
    public static final String CUSTOMER_TOKEN = "customer_token";

    private static final Set<String> TEMPLATES = Set.of("cards", "sticker", "quick_replies", "ecommerce");

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final SecureRandom random = new SecureRandom();
    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedCall> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final List<ObjectNode> webhooks = new ArrayList<>();
    private final Map<String, List<ObjectNode>> sentEvents = new LinkedHashMap<>();
    private final List<ObjectNode> archive = new ArrayList<>();
    private final Map<String, ObjectNode> customers = new LinkedHashMap<>();
    private final Map<String, Page> pages = new HashMap<>();
    private volatile String expectedAuthorization;
    private boolean licenseWebhooksEnabled = true;
    private final Map<String, Fault> standingFaults = new HashMap<>();
    private volatile boolean customerAccountsDown;
    private Duration customerTokenLifetime = Duration.ofSeconds(28_800);
    private final List<ObjectNode> issuedCustomerTokens = new ArrayList<>();
    private final Set<String> agentTokenCustomers = new java.util.LinkedHashSet<>();

    private record Page(List<ObjectNode> matches, int offset, int limit) {}

    private FakeLiveChat(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        customers.put(SAMPLE_CUSTOMER_ID, (ObjectNode) resource("get_customer.json"));
    }

    /** Starts a fake on a free port of the loopback interface. */
    public static FakeLiveChat start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "fake-livechat");
                t.setDaemon(true);
                return t;
            });
            FakeLiveChat fake = new FakeLiveChat(server, executor);
            server.createContext("/", fake::handle);
            server.setExecutor(executor);
            server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The base URL to give the client, e.g. {@code http://127.0.0.1:41234}. */
    public URI apiUrl() {
        InetSocketAddress a = server.getAddress();
        return URI.create("http://" + a.getAddress().getHostAddress() + ":" + a.getPort());
    }

    /** From now on only {@code Authorization: Basic base64(accountId:pat)} is accepted (else 401). */
    public FakeLiveChat requirePersonalAccessToken(String accountId, String pat) {
        expectedAuthorization =
                "Basic " + Base64.getEncoder().encodeToString((accountId + ":" + pat).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** From now on only {@code Authorization: Bearer token} is accepted (else 401). */
    public FakeLiveChat requireBearer(String token) {
        expectedAuthorization = "Bearer " + token;
        return this;
    }

    /** The next call of {@code method} (e.g. {@code list_webhooks}, or {@code *} for any) meets {@code fault}. */
    public synchronized FakeLiveChat failNext(String method, Fault fault) {
        faults.computeIfAbsent(method, k -> new ArrayDeque<>()).add(fault);
        return this;
    }

    /**
     * The organization id the accounts fake names in its answers (the one of LiveChat's sample answers).
     */
    public static final String SAMPLE_ORGANIZATION_ID = "390e44e6-f1e6-0368c-z6ddb-74g14508c2ex";

    /** The base URL of the fake's accounts service ({@code POST <url>/v2/customer/token}); the same server. */
    public URI accountsUrl() {
        return apiUrl();
    }

    /**
     * Every call of {@code method} (e.g. {@code customer_token}, or {@code *}) meets {@code fault} until
     * {@link #clearStandingFault(String)}: a switchable failure mode rather than a one-off.
     */
    public synchronized FakeLiveChat failAlways(String method, Fault fault) {
        standingFaults.put(method, fault);
        return this;
    }

    /** Ends the standing fault of {@code method}. */
    public synchronized FakeLiveChat clearStandingFault(String method) {
        standingFaults.remove(method);
        return this;
    }

    /**
     * When {@code down}, {@code POST /v2/customer/token} closes the connection without an answer, as an unreachable
     * accounts service would look to the client.
     */
    public FakeLiveChat customerAccountsDown(boolean down) {
        customerAccountsDown = down;
        return this;
    }

    /** The {@code expires_in} of customer tokens issued from now on (default LiveChat's 28800 s). */
    public synchronized FakeLiveChat customerTokenLifetime(Duration lifetime) {
        customerTokenLifetime = lifetime;
        return this;
    }

    /** The customer tokens issued so far through the agent-token grant, as answered (newest last). */
    public synchronized List<JsonNode> issuedCustomerTokens() {
        return issuedCustomerTokens.stream().map(t -> (JsonNode) t.deepCopy()).toList();
    }

    /** The customer identities ({@code entity_id}) the agent-token grant created so far, in order. */
    public synchronized List<String> createdCustomers() {
        return List.copyOf(agentTokenCustomers);
    }

    /** Every call received so far, in order. */
    public List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    /** The calls of one method, in order. */
    public List<RecordedCall> calls(String method) {
        return calls.stream().filter(c -> c.method().equals(method)).toList();
    }

    /** The registered webhooks as stored (secret keys included, for assertions). */
    public synchronized List<JsonNode> webhooks() {
        return webhooks.stream().map(w -> (JsonNode) w.deepCopy()).toList();
    }

    /** Registers a webhook directly, as if done earlier in the Developer Console; returns its ID. */
    public synchronized String addWebhook(
            String action, String url, String secretKey, String ownerClientId, String type) {
        ObjectNode w = mapper.createObjectNode();
        String id = newId(25);
        w.put("id", id);
        w.put("url", url);
        w.put("action", action);
        w.put("secret_key", secretKey);
        w.put("owner_client_id", ownerClientId);
        w.put("type", type);
        webhooks.add(w);
        return id;
    }

    /** Sets what {@code get_license_webhooks_state} answers. */
    public synchronized FakeLiveChat licenseWebhooksEnabled(boolean enabled) {
        licenseWebhooksEnabled = enabled;
        return this;
    }

    /** The events sent into one chat with {@code send_event}, as stored (ID, author and time added). */
    public synchronized List<JsonNode> sentEvents(String chatId) {
        return sentEvents.getOrDefault(chatId, List.of()).stream()
                .map(e -> (JsonNode) e.deepCopy())
                .toList();
    }

    /** Every chat that received events, with its events. */
    public synchronized Map<String, List<JsonNode>> sentEvents() {
        Map<String, List<JsonNode>> copy = new LinkedHashMap<>();
        sentEvents.forEach((k, v) ->
                copy.put(k, v.stream().map(e -> (JsonNode) e.deepCopy()).toList()));
        return copy;
    }

    /**
     * Fills the archive with {@code count} finished chats {@code CHAT0001…}, one thread each, the
     * newest last, each with one customer ({@code customer-N@example.com}) and one message.
     */
    public synchronized FakeLiveChat addArchivedChats(int count) {
        Instant base = Instant.parse("2026-01-01T10:00:00Z");
        for (int i = 1; i <= count; i++) {
            String chatId = String.format(Locale.ROOT, "CHAT%04d", archive.size() + 1);
            String customerId = String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", archive.size() + 1);
            Instant created = base.plus(Duration.ofMinutes(archive.size()));
            ObjectNode chat = mapper.createObjectNode();
            chat.put("id", chatId);
            ArrayNode users = chat.putArray("users");
            ObjectNode customer = users.addObject();
            customer.put("id", customerId);
            customer.put("type", "customer");
            customer.put("name", "Customer " + (archive.size() + 1));
            customer.put("email", "customer-" + (archive.size() + 1) + "@example.com");
            customer.put("present", false);
            ObjectNode agent = users.addObject();
            agent.put("id", "smith@example.com");
            agent.put("type", "agent");
            agent.put("name", "Agent Smith");
            agent.put("present", false);
            agent.put("visibility", "all");
            ObjectNode thread = chat.putObject("thread");
            thread.put("id", "T" + chatId);
            thread.put("active", false);
            thread.putArray("user_ids").add(customerId).add("smith@example.com");
            ObjectNode event = thread.putArray("events").addObject();
            event.put("id", "T" + chatId + "_1");
            event.put("created_at", TIMESTAMP.format(created));
            event.put("visibility", "all");
            event.put("type", "message");
            event.put("text", "Hello from chat " + chatId);
            event.put("author_id", customerId);
            thread.putObject("access").putArray("group_ids").add(0);
            thread.put("created_at", TIMESTAMP.format(created));
            chat.putObject("access").putArray("group_ids").add(0);
            chat.put("is_followed", false);
            archive.add(chat);
        }
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- request handling

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = readBody(exchange.getRequestBody());
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            boolean accountsPath = path.equals(CUSTOMER_TOKEN_PATH);
            boolean apiPath = parts.length == 5 && parts[0].isEmpty() && parts[3].equals("action");
            String api = apiPath ? parts[2] : accountsPath ? "accounts" : "";
            String method = apiPath ? parts[4] : accountsPath ? CUSTOMER_TOKEN : "";
            JsonNode body = null;
            if (raw != null) {
                try {
                    body = mapper.readTree(raw);
                } catch (JacksonException e) {
                    body = null;
                }
            }
            calls.add(new RecordedCall(
                    path,
                    api,
                    method,
                    exchange.getRequestMethod(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    body,
                    Instant.now()));

            if (accountsPath && customerAccountsDown) {
                return; // closed without an answer
            }
            Fault fault = nextFault(method);
            if (fault != null) {
                if (!fault.delay().isZero()) {
                    sleep(fault.delay());
                }
                if (fault.status() > 0 && fault.afterHandling() && raw != null && body != null && body.isObject()) {
                    try {
                        dispatch(
                                api,
                                method,
                                (ObjectNode) body,
                                String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
                    } catch (ApiError ignored) {
                        // the answer is replaced by the fault either way
                    }
                }
                if (fault.status() > 0) {
                    if (fault.retryAfter() != null) {
                        exchange.getResponseHeaders().add("Retry-After", fault.retryAfter());
                    }
                    if (fault.rawBody() != null) {
                        send(
                                exchange,
                                fault.status(),
                                "text/html",
                                fault.rawBody().getBytes(StandardCharsets.UTF_8));
                    } else {
                        error(exchange, fault.status(), fault.type(), fault.message());
                    }
                    return;
                }
            }
            if (raw == null) {
                error(exchange, 413, "validation", "Request too large");
                return;
            }
            if (accountsPath) {
                customerToken(exchange, body);
                return;
            }
            if (!apiPath || !parts[1].equals("v3.6")) {
                error(exchange, 404, "not_found", "Unknown method");
                return;
            }
            if (!exchange.getRequestMethod().equals("POST")) {
                error(exchange, 405, "validation", "Use POST");
                return;
            }
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String expected = expectedAuthorization;
            if (auth == null || auth.isBlank() || (expected != null && !expected.equals(auth))) {
                error(exchange, 401, "authentication", "Invalid access token");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                error(exchange, 400, "validation", "Content-Type must be application/json");
                return;
            }
            if (body == null || !body.isObject()) {
                error(exchange, 400, "validation", "Invalid message");
                return;
            }
            JsonNode answer;
            try {
                answer = dispatch(api, method, (ObjectNode) body, auth);
            } catch (ApiError e) {
                error(exchange, e.status, e.type, e.getMessage());
                return;
            }
            send(exchange, 200, "application/json", mapper.writeValueAsBytes(answer));
        }
    }

    private synchronized Fault nextFault(String method) {
        Fault standing = standingFaults.containsKey(method) ? standingFaults.get(method) : standingFaults.get("*");
        if (standing != null) {
            return standing;
        }
        Deque<Fault> queue = faults.get(method);
        if (queue == null || queue.isEmpty()) {
            queue = faults.get("*");
        }
        return queue == null ? null : queue.poll();
    }

    private synchronized JsonNode dispatch(String api, String method, ObjectNode body, String auth) {
        switch (api + "/" + method) {
            case "configuration/register_webhook":
                return registerWebhook(body);
            case "configuration/list_webhooks": {
                String owner = requiredText(body, "owner_client_id");
                ArrayNode list = mapper.createArrayNode();
                for (ObjectNode w : webhooks) {
                    if (w.get("owner_client_id").asString().equals(owner)) {
                        ObjectNode copy = w.deepCopy();
                        copy.remove("secret_key");
                        list.add(copy);
                    }
                }
                return list;
            }
            case "configuration/unregister_webhook": {
                String id = requiredText(body, "id");
                String owner = requiredText(body, "owner_client_id");
                boolean removed = webhooks.removeIf(w -> w.get("id").asString().equals(id)
                        && w.get("owner_client_id").asString().equals(owner));
                if (!removed) {
                    throw new ApiError(404, "not_found", "Webhook not found");
                }
                return mapper.createObjectNode();
            }
            case "configuration/enable_license_webhooks":
                ownerForPat(body, auth);
                licenseWebhooksEnabled = true;
                return mapper.createObjectNode();
            case "configuration/disable_license_webhooks":
                ownerForPat(body, auth);
                licenseWebhooksEnabled = false;
                return mapper.createObjectNode();
            case "configuration/get_license_webhooks_state": {
                ownerForPat(body, auth);
                ObjectNode state = mapper.createObjectNode();
                state.put("license_webhooks_enabled", licenseWebhooksEnabled);
                return state;
            }
            case "configuration/list_agents":
                checkFields(body, AGENT_FIELDS);
                return resource("list_agents.json");
            case "configuration/list_groups":
                checkFields(body, Set.of("agent_priorities", "routing_status"));
                return resource("list_groups.json");
            case "agent/send_event":
                return sendEvent(body);
            case "agent/get_chat":
                return getChat(body);
            case "agent/list_archives":
                return listArchives(body);
            case "agent/get_customer": {
                String id = requiredText(body, "id");
                ObjectNode customer = customers.get(id);
                if (customer == null) {
                    throw new ApiError(404, "not_found", "Customer not found");
                }
                return customer;
            }
            default:
                throw new ApiError(404, "not_found", "Unknown method " + method);
        }
    }

    private JsonNode registerWebhook(ObjectNode body) {
        String action = requiredText(body, "action");
        requiredText(body, "secret_key");
        String url = requiredText(body, "url");
        String owner = requiredText(body, "owner_client_id");
        String type = requiredText(body, "type");
        if (url.length() > 500) {
            throw new ApiError(400, "validation", "`url` is too long");
        }
        if (!type.equals("license") && !type.equals("bot")) {
            throw new ApiError(400, "validation", "`type` must be bot or license");
        }
        long sameAction = webhooks.stream()
                .filter(w -> w.get("owner_client_id").asString().equals(owner)
                        && w.get("action").asString().equals(action))
                .count();
        if (sameAction >= 3) {
            throw new ApiError(400, "limit_reached", "Limit of webhooks for action reached");
        }
        ObjectNode stored = body.deepCopy();
        String id = newId(25);
        stored.put("id", id);
        webhooks.add(stored);
        ObjectNode answer = mapper.createObjectNode();
        answer.put("id", id);
        return answer;
    }

    private JsonNode sendEvent(ObjectNode body) {
        String chatId = requiredText(body, "chat_id");
        JsonNode event = body.get("event");
        if (event == null || !event.isObject()) {
            throw new ApiError(400, "validation", "`event` is required");
        }
        String type = requiredText(event, "type");
        String visibility = event.has("visibility") ? event.get("visibility").asString() : "all";
        if (!visibility.equals("all") && !visibility.equals("agents")) {
            throw new ApiError(400, "validation", "`event.visibility` must be all or agents");
        }
        switch (type) {
            case "message": {
                String text = requiredText(event, "text");
                if (text.getBytes(StandardCharsets.UTF_8).length > 16 * 1024) {
                    throw new ApiError(400, "validation", "`event.text` is too long");
                }
                break;
            }
            case "rich_message": {
                String template = requiredText(event, "template_id");
                if (!TEMPLATES.contains(template)) {
                    throw new ApiError(400, "validation", "`event.template_id` is invalid");
                }
                JsonNode elements = event.get("elements");
                if (elements != null && (!elements.isArray() || elements.size() > 10)) {
                    throw new ApiError(400, "validation", "`event.elements` is invalid");
                }
                break;
            }
            default:
                break;
        }
        ObjectNode stored = ((ObjectNode) event).deepCopy();
        String id =
                newId(10) + "_" + (sentEvents.getOrDefault(chatId, List.of()).size() + 1);
        stored.put("id", id);
        stored.put("visibility", visibility);
        stored.put("created_at", TIMESTAMP.format(Instant.now()));
        sentEvents.computeIfAbsent(chatId, k -> new ArrayList<>()).add(stored);
        ObjectNode answer = mapper.createObjectNode();
        answer.put("event_id", id);
        return answer;
    }

    private JsonNode getChat(ObjectNode body) {
        String chatId = requiredText(body, "chat_id");
        if (chatId.equals(SAMPLE_CHAT_ID)) {
            ObjectNode chat = (ObjectNode) resource("get_chat.json");
            ArrayNode events = (ArrayNode) chat.get("thread").get("events");
            sentEvents.getOrDefault(chatId, List.of()).forEach(events::add);
            return chat;
        }
        for (ObjectNode chat : archive) {
            if (chat.get("id").asString().equals(chatId)) {
                return chat;
            }
        }
        throw new ApiError(404, "not_found", "Chat not found");
    }

    private JsonNode listArchives(ObjectNode body) {
        Page page;
        if (body.has("page_id")) {
            if (body.has("filters") || body.has("limit") || body.has("sort_order")) {
                throw new ApiError(
                        400,
                        "validation",
                        "`filters`, `limit` and `sort_order` can't be provided along with `page_id`");
            }
            page = pages.get(requiredText(body, "page_id"));
            if (page == null) {
                throw new ApiError(400, "validation", "`page_id` is invalid or expired");
            }
        } else {
            int limit = body.has("limit") ? body.get("limit").asInt() : 10;
            if (limit < 1 || limit > 100) {
                throw new ApiError(400, "validation", "`limit` must be between 1 and 100");
            }
            String order = body.has("sort_order") ? body.get("sort_order").asString() : "desc";
            if (!order.equals("asc") && !order.equals("desc")) {
                throw new ApiError(400, "validation", "`sort_order` must be asc or desc");
            }
            JsonNode filters = body.has("filters") ? body.get("filters") : mapper.createObjectNode();
            List<ObjectNode> matches = new ArrayList<>();
            for (ObjectNode chat : archive) {
                if (matches(chat, filters)) {
                    matches.add(chat);
                }
            }
            Comparator<ObjectNode> byCreation =
                    Comparator.comparing(c -> c.get("thread").get("created_at").asString());
            matches.sort(order.equals("asc") ? byCreation : byCreation.reversed());
            page = new Page(matches, 0, limit);
        }
        int end = Math.min(page.matches.size(), page.offset + page.limit);
        ObjectNode answer = mapper.createObjectNode();
        ArrayNode chats = answer.putArray("chats");
        page.matches.subList(page.offset, end).forEach(chats::add);
        answer.put("found_chats", page.matches.size());
        if (end < page.matches.size()) {
            String next = Base64.getEncoder().encodeToString(newId(12).getBytes(StandardCharsets.US_ASCII));
            pages.put(next, new Page(page.matches, end, page.limit));
            answer.put("next_page_id", next);
        }
        if (page.offset > 0) {
            String previous = Base64.getEncoder().encodeToString(newId(12).getBytes(StandardCharsets.US_ASCII));
            pages.put(previous, new Page(page.matches, Math.max(0, page.offset - page.limit), page.limit));
            answer.put("previous_page_id", previous);
        }
        return answer;
    }

    private static boolean matches(ObjectNode chat, JsonNode filters) {
        JsonNode customer = null;
        for (JsonNode u : chat.get("users")) {
            if (u.get("type").asString().equals("customer")) {
                customer = u;
            }
        }
        if (filters.has("chat_ids")) {
            boolean found = false;
            for (JsonNode id : filters.get("chat_ids")) {
                found |= id.asString().equals(chat.get("id").asString());
            }
            if (!found) {
                return false;
            }
        }
        if (filters.has("customer_id")
                && (customer == null
                        || !customer.get("id")
                                .asString()
                                .equals(filters.get("customer_id").asString()))) {
            return false;
        }
        if (filters.has("customer_email")
                && (customer == null
                        || !customer.get("email")
                                .asString()
                                .equals(filters.get("customer_email").asString()))) {
            return false;
        }
        if (filters.has("query")) {
            String text = chat.get("thread").get("events").toString();
            return text.contains(filters.get("query").asString());
        }
        return true;
    }

    private static void ownerForPat(ObjectNode body, String auth) {
        if (auth.startsWith("Basic ")) {
            requiredText(body, "owner_client_id");
        }
    }

    private static void checkFields(ObjectNode body, Set<String> allowed) {
        JsonNode fields = body.get("fields");
        if (fields == null) {
            return;
        }
        if (!fields.isArray()) {
            throw new ApiError(400, "validation", "`fields` must be an array");
        }
        for (JsonNode f : fields) {
            if (!f.isString() || !allowed.contains(f.asString())) {
                throw new ApiError(400, "validation", "`fields` has an unknown value");
            }
        }
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isString() || value.asString().isBlank()) {
            throw new ApiError(400, "validation", "`" + field + "` is required");
        }
        return value.asString();
    }

    private JsonNode resource(String name) {
        try (InputStream in = FakeLiveChat.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String newId(int length) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    /**
     * {@code POST /v2/customer/token} with the agent-token grant, as LiveChat documents it
     * (platform.text.com/docs/authorization/customer-authorization, "Agent token grant"): an agent access token as
     * {@code Authorization: Bearer} (Personal Access Tokens are not accepted there), {@code grant_type=agent_token},
     * {@code client_id}, {@code response_type=token}, optional {@code entity_id} to re-issue for an existing customer;
     * the answer {@code access_token, client_id, entity_id, expires_in, token_type, organization_id}. Error statuses
     * and bodies of the accounts service are not documented; the fake uses the API's error envelope.
     */
    private void customerToken(HttpExchange exchange, JsonNode body) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            error(exchange, 405, "invalid_request", "Use POST");
            return;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        String expected = expectedAuthorization;
        if (auth == null
                || !auth.startsWith("Bearer ")
                || auth.length() <= 7
                || (expected != null && expected.startsWith("Bearer ") && !expected.equals(auth))) {
            error(exchange, 401, "authentication", "Invalid agent access token");
            return;
        }
        if (body == null || !body.isObject()) {
            error(exchange, 400, "invalid_request", "Invalid JSON body");
            return;
        }
        ObjectNode answer;
        try {
            answer = issueCustomerToken(body);
        } catch (ApiError e) {
            error(exchange, e.status, e.type, e.getMessage());
            return;
        }
        send(exchange, 200, "application/json", mapper.writeValueAsBytes(answer));
    }

    private synchronized ObjectNode issueCustomerToken(JsonNode body) {
        if (!"agent_token".equals(textOrNull(body, "grant_type"))) {
            throw new ApiError(400, "unsupported_grant_type", "`grant_type` must be agent_token");
        }
        String clientId = requiredText(body, "client_id");
        if (!"token".equals(textOrNull(body, "response_type"))) {
            throw new ApiError(400, "invalid_request", "`response_type` must be token");
        }
        String entityId = textOrNull(body, "entity_id");
        if (entityId == null) {
            entityId = java.util.UUID.randomUUID().toString();
            agentTokenCustomers.add(entityId);
        } else if (!agentTokenCustomers.contains(entityId)) {
            throw new ApiError(400, "invalid_request", "`entity_id` is not a customer of this client");
        }
        ObjectNode answer = mapper.createObjectNode();
        answer.put("access_token", "dal:" + newId(22));
        answer.put("client_id", clientId);
        answer.put("entity_id", entityId);
        answer.put("expires_in", customerTokenLifetime.toSeconds());
        answer.put("token_type", "Bearer");
        answer.put("organization_id", SAMPLE_ORGANIZATION_ID);
        issuedCustomerTokens.add(answer.deepCopy());
        return answer;
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString() : null;
    }

    private void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode envelope = mapper.createObjectNode();
        ObjectNode error = envelope.putObject("error");
        error.put("type", type);
        error.put("message", message);
        send(exchange, status, "application/json", mapper.writeValueAsBytes(envelope));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The body, or null when it is larger than the fake reads. */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        return bytes.length > MAX_BODY ? null : bytes;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String type;

        ApiError(int status, String type, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
        }
    }
}
