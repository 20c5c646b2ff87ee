package io.lcbridge.demo;

import io.lcbridge.spring.WebhookRegistrationRunner;
import io.lcbridge.testsupport.livechat.FakeLiveChat;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import tools.jackson.databind.JsonNode;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The agent's side of the loop, offline: what LiveChat's Agent App would show the agent, read from
 * the local fake LiveChat ({@link DemoLiveChatFake}). For each chat, the internal notes
 * ({@code visibility: agents}) the app sent with {@code send_event}; and the webhooks the app
 * registered at start-up. Signed-in users only ({@link AgentViewSecurity}).
 *
 * <p>Webhook secrets are never shown. With a real LiveChat (no fake) the page says where the notes
 * appear instead.
 */
@Controller
class AgentView {

    /** How many chats the page lists, newest first. */
    static final int MAX_CHATS = 50;

    /** One internal note, as the agent sees it. */
    record Note(String eventId, String createdAt, String text) {}

    /** The notes of one chat. */
    record ChatNotes(String chatId, List<Note> notes, int count) {}

    /** One webhook as LiveChat lists it (no secret). */
    record Webhook(String id, String action, String url, String type, String ownerClientId) {}

    private final ObjectProvider<FakeLiveChat> fake;
    private final ObjectProvider<WebhookRegistrationRunner> registration;
    private final DemoPages.PageModel pageModel;

    AgentView(
            ObjectProvider<FakeLiveChat> fake,
            ObjectProvider<WebhookRegistrationRunner> registration,
            ObjectProvider<io.lcbridge.livechat.api.customer.CustomerTokens> customerTokens,
            Environment env) {
        this.fake = fake;
        this.registration = registration;
        this.pageModel = new DemoPages.PageModel(env, customerTokens);
    }

    @ModelAttribute
    void common(Model model, Principal principal, HttpServletRequest request) {
        pageModel.common(model, principal, request);
    }

    @GetMapping("/agent")
    String agent(Model model) {
        FakeLiveChat livechat = fake.getIfAvailable();
        model.addAttribute("fake", livechat != null);
        model.addAttribute("realLiveChat", livechat == null);
        WebhookRegistrationRunner runner = registration.getIfAvailable();
        if (runner != null) {
            WebhookRegistrationRunner.State state = runner.state();
            model.addAttribute(
                    "registration",
                    Map.of(
                            "status", state.status().name(),
                            "attempts", state.attempts(),
                            "lastError", state.lastError() == null ? "" : state.lastError()));
        }
        if (livechat != null) {
            List<ChatNotes> chats = notesPerChat(livechat);
            model.addAttribute("chats", chats);
            model.addAttribute("noChats", chats.isEmpty());
            List<Webhook> webhooks = webhooks(livechat);
            model.addAttribute("webhooks", webhooks);
            model.addAttribute("noWebhooks", webhooks.isEmpty());
        }
        return "agent";
    }

    /** The internal notes per chat, newest chat first; messages everyone sees are not notes. */
    static List<ChatNotes> notesPerChat(FakeLiveChat livechat) {
        List<ChatNotes> chats = new ArrayList<>();
        livechat.sentEvents().forEach((chatId, events) -> {
            List<Note> notes = events.stream()
                    .filter(e -> "agents".equals(text(e, "visibility")))
                    .map(e -> new Note(text(e, "id"), text(e, "created_at"), text(e, "text")))
                    .toList();
            if (!notes.isEmpty()) {
                chats.add(new ChatNotes(chatId, notes, notes.size()));
            }
        });
        Collections.reverse(chats);
        return chats.size() > MAX_CHATS ? List.copyOf(chats.subList(0, MAX_CHATS)) : chats;
    }

    static List<Webhook> webhooks(FakeLiveChat livechat) {
        return livechat.webhooks().stream()
                .map(w -> new Webhook(
                        text(w, "id"), text(w, "action"), text(w, "url"), text(w, "type"), text(w, "owner_client_id")))
                .toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asString();
    }
}
