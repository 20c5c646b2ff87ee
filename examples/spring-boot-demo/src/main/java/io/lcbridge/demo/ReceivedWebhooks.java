package io.lcbridge.demo;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.spring.LiveChatWebhookEvent;
import io.lcbridge.verifier.VerifiedCustomer;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What an app does with the bridge on the webhook side, reduced to a list: every authentic
 * delivery arrives as a {@link LiveChatWebhookEvent}, and the demo keeps the last few with their
 * verdicts for the events page and the playground.
 */
@Component
class ReceivedWebhooks {

    private static final int KEEP = 50;

    /**
     * One delivery as the app saw it. {@code trusted*} are the signed values, present only when the
     * token verified; {@code fields} compares them with what the chat displays.
     */
    record Received(Instant receivedAt, String action, String chatId, String threadId, String status, String reason,
            String trustedSubject, String trustedName, String trustedEmail, Map<String, String> trustedVariables,
            Map<String, String> fields, Map<String, String> unsignedVariables, boolean fromStoredContext) {

        boolean verified() {
            return "VERIFIED".equals(status);
        }
    }

    private final Deque<Received> recent = new ArrayDeque<>();

    @EventListener
    void on(LiveChatWebhookEvent event) {
        Optional<VerifiedCustomer> customer = event.customer();
        Optional<CustomerIdentity> identity = event.verifiedIdentity();
        Map<String, String> fields = new LinkedHashMap<>();
        customer.ifPresent(c -> c.fields().forEach((k, v) -> fields.put(k, v.name())));
        Received received = new Received(event.webhook().receivedAt(), event.action(),
                event.webhook().chatId().orElse(null), event.webhook().threadId().orElse(null),
                event.status().name(), customer.map(VerifiedCustomer::reason).orElse("no customer known for this chat"),
                identity.map(CustomerIdentity::subject).orElse(null),
                identity.flatMap(CustomerIdentity::name).orElse(null),
                identity.flatMap(CustomerIdentity::email).orElse(null),
                identity.map(CustomerIdentity::sessionVariables).orElse(Map.of()),
                fields, customer.map(VerifiedCustomer::unsignedVariables).orElse(Map.of()),
                !(event instanceof LiveChatWebhookEvent.IncomingChat) && customer.isPresent());
        synchronized (recent) {
            recent.addFirst(received);
            while (recent.size() > KEEP) {
                recent.removeLast();
            }
        }
    }

    /** Newest first. */
    List<Received> recent() {
        synchronized (recent) {
            return List.copyOf(recent);
        }
    }

    /** The newest delivery of {@code action} for {@code chatId}, if it arrived. */
    Optional<Received> latest(String action, String chatId) {
        return recent().stream().filter(r -> r.action().equals(action) && chatId.equals(r.chatId())).findFirst();
    }
}
