package io.lcbridge.demo;

import io.lcbridge.spring.LiveChatProperties;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.core.env.Environment;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The webhook playground's server side. The page sends what the widget received on this very page
 * (name, email, session variables including the identity token, read by the offline stand-in); this
 * builds a LiveChat-shaped API v3.6 webhook from it, as LiveChat would send it when that visitor
 * starts a chat, optionally with one thing changed, POSTs it over HTTP to the app's own webhook
 * endpoint with the configured secret, and reports the endpoint's answer and the verdict the app
 * received as an event.
 *
 * <p>It dispatches deliveries with the app's real webhook secret, so it is for signed-in users only
 * ({@link DemoSecurityConfig}), shows each user only their own deliveries, and is switched on only in the offline
 * preview (no license configured) unless {@value #ENABLED_PROPERTY}{@code =true} says otherwise: next to a real
 * LiveChat license its deliveries would be indistinguishable from LiveChat's.
 */
@RestController
class WebhookPlayground {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String LAST_VERIFIED_CHAT = WebhookPlayground.class.getName() + ".lastVerifiedChat";
    private static final String CUSTOMER_ID = WebhookPlayground.class.getName() + ".customerId";

    /** Switches the playground on ({@code true}) or off ({@code false}); unset, it is on only in the offline preview. */
    static final String ENABLED_PROPERTY = "demo.playground.enabled";

    /** Whether the playground is on: {@value #ENABLED_PROPERTY} if set, else whether the demo runs offline. */
    static boolean enabled(Environment env) {
        boolean offline = env.getProperty(DemoDefaults.NOTES_PROPERTY, "").contains("offline-preview");
        return env.getProperty(ENABLED_PROPERTY, Boolean.class, offline);
    }

    /** The scenarios the page offers, with what each should yield. */
    enum Variant {
        INCOMING_CHAT("incoming_chat", "VERIFIED, every field MATCH"),
        EDITED_EMAIL("incoming_chat", "VERIFIED, email CHANGED (edited in the pre-chat form)"),
        FORGED_VARIABLE("incoming_chat", "VERIFIED, vars.plan CHANGED (the signed plan stays the trusted one)"),
        TAMPERED_TOKEN("incoming_chat", "INVALID_SIGNATURE"),
        WRONG_SECRET("incoming_chat", "HTTP 401, nothing dispatched"),
        CHAT_DEACTIVATED("chat_deactivated", "VERIFIED, customer enriched from the stored chat context");

        final String action;
        final String expected;

        Variant(String action, String expected) {
            this.action = action;
            this.expected = expected;
        }

        /**
         * What this variant should yield for a page that did (or did not) carry a signed identity: without one, every
         * started chat arrives with no token at all, whatever was changed.
         */
        String expected(boolean signedIdentity) {
            boolean startsAChat = this != WRONG_SECRET && this != CHAT_DEACTIVATED;
            return startsAChat && !signedIdentity
                    ? "NO_TOKEN (this page carried no signed identity: sign in and reload)"
                    : expected;
        }
    }

    /** What the page sends: what the widget received on the page. */
    record Simulation(String variant, String name, String email, Map<String, String> vars) {}

    /** What the page shows. {@code verdict} is empty when nothing was dispatched (e.g. a 401). */
    record SimulationResult(
            String variant,
            String action,
            String expected,
            String chatId,
            String threadId,
            int httpStatus,
            String response,
            ReceivedWebhooks.Received verdict) {}

    private final ReceivedWebhooks received;
    private final boolean enabled;
    private final String webhookPath;
    private final String secret;
    private final String tokenVariable;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    WebhookPlayground(
            ReceivedWebhooks received, LiveChatProperties properties, WidgetOptions options, Environment env) {
        this.received = received;
        this.enabled = enabled(env);
        this.webhookPath = properties.webhook().path();
        this.secret = properties.webhook().secretKeys().isEmpty()
                ? ""
                : properties.webhook().secretKeys().get(0);
        this.tokenVariable = options.tokenVariable();
    }

    @GetMapping(path = "/playground/events", produces = "application/json")
    ResponseEntity<List<ReceivedWebhooks.Received>> events(Principal principal) {
        if (!enabled || principal == null) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(received.recentFor(principal.getName()));
    }

    @PostMapping(path = "/playground/simulate", produces = "application/json")
    ResponseEntity<?> simulate(@RequestBody Simulation simulation, HttpServletRequest request, Principal principal)
            throws IOException, InterruptedException {
        if (!enabled || principal == null) { // the security chain already refuses both; never rely on one guard
            return ResponseEntity.status(404).body(Map.of("error", "the playground is switched off"));
        }
        Variant variant;
        try {
            variant = Variant.valueOf(String.valueOf(simulation.variant()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest()
                    .body(Map.of(
                            "error",
                            "unknown variant: choose one of "
                                    + List.of(Variant.values()).toString().toLowerCase(Locale.ROOT)));
        }
        HttpSession session = request.getSession();
        String chatId;
        String threadId;
        String customerId;
        Map<String, Object> envelope;
        if (variant == Variant.CHAT_DEACTIVATED) {
            Object last = session.getAttribute(LAST_VERIFIED_CHAT);
            if (!(last instanceof String[] ids)) {
                return ResponseEntity.badRequest()
                        .body(Map.of(
                                "error",
                                "simulate a verified incoming_chat first: "
                                        + "chat_deactivated closes the last verified chat you started here"));
            }
            chatId = ids[0];
            threadId = ids[1];
            customerId = ids[2];
            envelope = envelope(
                    variant.action, secret, Map.of("chat_id", chatId, "thread_id", threadId, "user_id", ids[2]));
        } else {
            chatId = randomId();
            threadId = randomId();
            // one browser is one LiveChat customer: tokens are bound to the first customer that presents them
            customerId = customerId(session);
            envelope = envelope(
                    variant.action,
                    variant == Variant.WRONG_SECRET ? "not-the-configured-secret" : secret,
                    Map.of("chat", chat(variant, simulation, chatId, threadId, customerId)));
        }
        received.simulatedBy(chatId, principal.getName());
        URI endpoint =
                URI.create("http://127.0.0.1:" + request.getLocalPort() + request.getContextPath() + webhookPath);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(endpoint)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(envelope)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        ReceivedWebhooks.Received verdict =
                received.latest(variant.action, chatId, principal.getName()).orElse(null);
        if (variant == Variant.WRONG_SECRET) {
            verdict = null; // a rejected delivery is never dispatched; make sure nothing stale is shown
        }
        if (variant != Variant.CHAT_DEACTIVATED && verdict != null && verdict.verified()) {
            // chat_deactivated closes this one: a tampered or unsigned chat started later does not replace it
            session.setAttribute(LAST_VERIFIED_CHAT, new String[] {chatId, threadId, customerId});
        }
        String token = simulation.vars() == null ? null : simulation.vars().get(tokenVariable);
        boolean signedIdentity = token != null && !token.isBlank();
        return ResponseEntity.ok(new SimulationResult(
                variant.name().toLowerCase(Locale.ROOT),
                variant.action,
                variant.expected(signedIdentity),
                chatId,
                threadId,
                response.statusCode(),
                response.body(),
                verdict));
    }

    /** This browser session's stand-in LiveChat customer id, the same for every simulation (as LiveChat keeps it). */
    private static String customerId(HttpSession session) {
        Object id = session.getAttribute(CUSTOMER_ID);
        if (id instanceof String existing) {
            return existing;
        }
        String fresh = UUID.randomUUID().toString();
        session.setAttribute(CUSTOMER_ID, fresh);
        return fresh;
    }

    private static Map<String, Object> envelope(String action, String secretKey, Map<String, Object> payload) {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("webhook_id", "demo-playground");
        envelope.put("secret_key", secretKey);
        envelope.put("action", action);
        envelope.put("organization_id", "390e44e6-f1e6-4368-a6dd-74a14508c2e0");
        envelope.put("payload", payload);
        envelope.put("additional_data", Map.of());
        return envelope;
    }

    /** A v3.6 {@code payload.chat}: the customer as the widget reported them, plus an agent and a thread. */
    private Map<String, Object> chat(
            Variant variant, Simulation simulation, String chatId, String threadId, String customerId) {
        String now = Instant.now().toString();
        String name = simulation.name();
        String email = simulation.email();
        Map<String, String> vars = new LinkedHashMap<>(simulation.vars() == null ? Map.of() : simulation.vars());
        List<Map<String, Object>> events = new ArrayList<>();
        switch (variant) {
            case EDITED_EMAIL -> {
                email = "someone.else@example.net";
                events.add(Map.of(
                        "id",
                        threadId + "_1",
                        "type",
                        "filled_form",
                        "form_id",
                        "1473433500211",
                        "form_type",
                        "prechat",
                        "author_id",
                        customerId,
                        "created_at",
                        now,
                        "visibility",
                        "all",
                        "fields",
                        List.of(
                                Map.of(
                                        "type",
                                        "name",
                                        "id",
                                        "154417206262603539",
                                        "label",
                                        "Your name",
                                        "answer",
                                        name == null ? "" : name),
                                Map.of(
                                        "type",
                                        "email",
                                        "id",
                                        "154417206262601584",
                                        "label",
                                        "Your email",
                                        "answer",
                                        email))));
            }
            case FORGED_VARIABLE -> vars.put("plan", "enterprise".equals(vars.get("plan")) ? "platinum" : "enterprise");
            case TAMPERED_TOKEN -> vars.computeIfPresent(tokenVariable, (k, token) -> tamper(token));
            default -> {}
        }
        events.add(Map.of(
                "id",
                threadId + "_" + (events.size() + 1),
                "type",
                "message",
                "text",
                "Hello, I need help",
                "author_id",
                customerId,
                "created_at",
                now,
                "visibility",
                "all"));

        Map<String, Object> customer = new LinkedHashMap<>();
        customer.put("id", customerId);
        customer.put("type", "customer");
        if (name != null && !name.isEmpty()) {
            customer.put("name", name);
        }
        if (email != null && !email.isEmpty()) {
            customer.put("email", email);
        }
        customer.put("email_verified", false);
        customer.put("present", true);
        customer.put("created_at", now);
        customer.put(
                "visit",
                Map.of(
                        "started_at",
                        now,
                        "user_agent",
                        "lcbridge demo playground",
                        "last_pages",
                        List.of(Map.of(
                                "opened_at", now, "url", "http://localhost/playground", "title", "Playground"))));
        customer.put(
                "session_fields",
                vars.entrySet().stream()
                        .map(e -> Map.of(e.getKey(), e.getValue()))
                        .toList());

        Map<String, Object> agent = Map.of(
                "id",
                "agent@example.com",
                "type",
                "agent",
                "name",
                "Demo Agent",
                "email",
                "agent@example.com",
                "present",
                true,
                "visibility",
                "all");
        Map<String, Object> thread = new LinkedHashMap<>();
        thread.put("id", threadId);
        thread.put("active", true);
        thread.put("user_ids", List.of(customerId, "agent@example.com"));
        thread.put("events", events);
        thread.put("properties", Map.of());
        thread.put("access", Map.of("group_ids", List.of(0)));
        thread.put("tags", List.of());
        thread.put("created_at", now);

        Map<String, Object> chat = new LinkedHashMap<>();
        chat.put("id", chatId);
        chat.put("users", List.of(customer, agent));
        chat.put("properties", Map.of());
        chat.put("access", Map.of("group_ids", List.of(0)));
        chat.put("thread", thread);
        return chat;
    }

    /** Changes one character in the middle of the signature, so the token still parses but no longer verifies. */
    static String tamper(String token) {
        int signature = token.lastIndexOf('.') + 1;
        if (signature <= 0 || token.length() - signature < 4) {
            return token + "x";
        }
        int at = signature + (token.length() - signature) / 2;
        char c = token.charAt(at);
        return token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
    }

    private static String randomId() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder id = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
