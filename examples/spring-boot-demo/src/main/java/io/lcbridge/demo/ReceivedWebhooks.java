package io.lcbridge.demo;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.spring.LiveChatWebhookEvent;
import io.lcbridge.verifier.VerifiedCustomer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

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
    record Received(
            Instant receivedAt,
            String action,
            String chatId,
            String threadId,
            String status,
            String reason,
            String trustedSubject,
            String trustedName,
            String trustedEmail,
            Map<String, String> trustedVariables,
            Map<String, String> fields,
            Map<String, String> unsignedVariables,
            boolean fromStoredContext) {

        boolean verified() {
            return "VERIFIED".equals(status);
        }
    }

    /** Deliveries counted per action, chat and thread; bounded so a long-running demo cannot grow without end. */
    private static final int MAX_TALLIED = 200_000;

    private final Deque<Received> recent = new ArrayDeque<>();
    private final LongAdder dispatches = new LongAdder();
    private final Map<String, Integer> perDelivery = new ConcurrentHashMap<>();

    @EventListener
    void on(LiveChatWebhookEvent event) {
        dispatches.increment();
        String tallyKey = event.action() + "|" + event.webhook().chatId().orElse("") + "|"
                + event.webhook().threadId().orElse("");
        if (perDelivery.size() < MAX_TALLIED || perDelivery.containsKey(tallyKey)) {
            perDelivery.merge(tallyKey, 1, Integer::sum);
        }
        Optional<VerifiedCustomer> customer = event.customer();
        Optional<CustomerIdentity> identity = event.verifiedIdentity();
        Map<String, String> fields = new LinkedHashMap<>();
        customer.ifPresent(c -> c.fields().forEach((k, v) -> fields.put(k, v.name())));
        Received received = new Received(
                event.webhook().receivedAt(),
                event.action(),
                event.webhook().chatId().orElse(null),
                event.webhook().threadId().orElse(null),
                event.status().name(),
                customer.map(VerifiedCustomer::reason).orElse("no customer known for this chat"),
                identity.map(CustomerIdentity::subject).orElse(null),
                identity.flatMap(CustomerIdentity::name).orElse(null),
                identity.flatMap(CustomerIdentity::email).orElse(null),
                identity.map(CustomerIdentity::sessionVariables).orElse(Map.of()),
                fields,
                customer.map(VerifiedCustomer::unsignedVariables).orElse(Map.of()),
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
        return recent().stream()
                .filter(r -> r.action().equals(action) && chatId.equals(r.chatId()))
                .findFirst();
    }

    /**
     * How many times deliveries were dispatched, for the reliability run: all dispatches since start, and for the
     * {@code action} deliveries whose chat id starts with {@code chatPrefix}, how many distinct ones arrived and how
     * many of those arrived more than once.
     */
    Map<String, Long> tally(String action, String chatPrefix) {
        long distinct = 0;
        long repeated = 0;
        long extra = 0;
        String start = action + "|" + chatPrefix;
        for (Map.Entry<String, Integer> e : perDelivery.entrySet()) {
            if (e.getKey().startsWith(start)) {
                distinct++;
                if (e.getValue() > 1) {
                    repeated++;
                    extra += e.getValue() - 1;
                }
            }
        }
        Map<String, Long> tally = new LinkedHashMap<>();
        tally.put("dispatches", dispatches.sum());
        tally.put("distinct", distinct);
        tally.put("repeated", repeated);
        tally.put("extraDispatches", extra);
        return tally;
    }
}
