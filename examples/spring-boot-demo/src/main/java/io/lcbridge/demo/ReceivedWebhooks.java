package io.lcbridge.demo;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.spring.LiveChatWebhookEvent;
import io.lcbridge.verifier.VerifiedCustomer;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
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
 *
 * <p>Each delivery belongs to one signed-in user, who alone sees it: the user who sent it from the playground, else
 * the user its token verified as. Deliveries of anonymous chats, or whose token did not verify, belong to nobody and
 * are only counted: they carry what a visitor typed or forged, and another user has no business reading it.
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

        /** The time of day shown in the table (UTC, to the millisecond); the full instant is the cell's title. */
        String receivedTime() {
            return java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
                            .withZone(java.time.ZoneOffset.UTC)
                            .format(receivedAt)
                    + " UTC";
        }
    }

    /** Deliveries counted per action, chat and thread; bounded so a long-running demo cannot grow without end. */
    private static final int MAX_TALLIED = 200_000;

    /** Chats started from the playground remembered with the user who started them; bounded like the tally. */
    private static final int MAX_SIMULATED = 10_000;

    private record Entry(Received received, String owner) {}

    private final Deque<Entry> recent = new ArrayDeque<>();
    private final Map<String, String> simulatedBy = new ConcurrentHashMap<>();
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
        String owner = received.chatId() == null ? null : simulatedBy.get(received.chatId());
        if (owner == null && received.verified()) {
            owner = received.trustedSubject();
        }
        synchronized (recent) {
            recent.addFirst(new Entry(received, owner));
            while (recent.size() > KEEP) {
                recent.removeLast();
            }
        }
    }

    /** Records that {@code username} started chat {@code chatId} from the playground, before its delivery is sent. */
    void simulatedBy(String chatId, String username) {
        if (simulatedBy.size() < MAX_SIMULATED || simulatedBy.containsKey(chatId)) {
            simulatedBy.put(chatId, username);
        }
    }

    /**
     * The deliveries that belong to {@code username}, newest first by when they arrived (deliveries handled at the same
     * time may be dispatched in another order than they arrived in).
     */
    List<Received> recentFor(String username) {
        synchronized (recent) {
            return recent.stream()
                    .filter(e -> username != null && username.equals(e.owner()))
                    .map(Entry::received)
                    .sorted(Comparator.comparing(Received::receivedAt).reversed())
                    .toList();
        }
    }

    /** How many of the kept deliveries belong to someone else or to nobody. */
    int othersCount(String username) {
        synchronized (recent) {
            return (int) recent.stream()
                    .filter(e -> username == null || !username.equals(e.owner()))
                    .count();
        }
    }

    /** The newest delivery of {@code action} for {@code chatId} that belongs to {@code username}, if it arrived. */
    Optional<Received> latest(String action, String chatId, String username) {
        return recentFor(username).stream()
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
