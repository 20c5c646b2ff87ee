package io.lcbridge.livechat.api;

import io.lcbridge.verifier.DeliveryClaim;
import io.lcbridge.verifier.DeliveryLedger;
import io.lcbridge.verifier.LiveChatWebhookHandler;
import io.lcbridge.verifier.WebhookEvent;
import io.lcbridge.verifier.WebhookPayload;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Puts the verdict where the agent sees it: after an {@code incoming_chat} webhook, posts one
 * internal note ({@code visibility: agents}, {@link NoteTemplate}) into the chat with
 * {@code send_event}. Register it as a handler:
 *
 * <pre>{@code
 * AgentNotes notes = AgentNotes.builder(apiClient, store).build();
 * LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
 *         .store(store)                                   // the same store: it holds the note claims
 *         .handler(WebhookPayload.INCOMING_CHAT, notes)
 *         ...
 *         .build();
 * }</pre>
 *
 * <p>Never late, never a 5xx: {@link #handle} only renders the text and queues it (bounded); the
 * note is sent from this object's own thread, so the webhook is answered 200 at once, and a
 * failed or dropped note is logged and counted, never thrown.
 *
 * <p>Exactly one note per chat thread (every {@code incoming_chat} starts one), even when LiveChat
 * retries the webhook or several nodes receive it: before sending, the note claims the key
 * {@code agent-note:<chat>:<thread>} in the {@link DeliveryLedger} (any chat-context store is one; share a JDBC store between
 * nodes), and completes it once sent. A rate limit is retried as LiveChat asks; after a server
 * error or timeout the note may have been posted, so before sending again the thread is read with
 * {@code get_chat} and the note looked up by its {@code custom_id}. The retries (1, 2, 4, 8 s by
 * default) fit inside the store's claim lease (20 s by default).
 */
public final class AgentNotes implements LiveChatWebhookHandler, AutoCloseable {

    /** Prefix of the {@code custom_id} of every note, followed by the thread ID. */
    public static final String CUSTOM_ID_PREFIX = "lcbridge-note-";

    private static final System.Logger LOG = System.getLogger(AgentNotes.class.getName());

    private final LiveChatApiClient client;
    private final DeliveryLedger store;
    private final NoteTemplate template;
    private final List<Duration> retryDelays;
    private final int maxQueued;
    private final Clock clock;
    private final ScheduledThreadPoolExecutor executor;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    /**
     * Counters since start.
     *
     * @param sent notes posted
     * @param skipped notes another attempt or node already posted or is posting
     * @param retried attempts repeated after a failure
     * @param failed notes given up after the last attempt or a permanent error
     * @param dropped notes not queued (queue full, closed, or the template failed)
     */
    public record Counts(long sent, long skipped, long retried, long failed, long dropped) {}

    private record Note(String chatId, String threadId, String text, boolean claimed, boolean maybePosted) {
        String key() {
            return "agent-note:" + chatId + ":" + threadId;
        }

        String customId() {
            return CUSTOM_ID_PREFIX + threadId;
        }
    }

    private AgentNotes(Builder b) {
        this.client = b.client;
        this.store = b.store;
        this.template = b.template;
        this.retryDelays = List.copyOf(b.retryDelays);
        this.maxQueued = b.maxQueued;
        this.clock = b.clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "lcbridge-agent-notes");
            t.setDaemon(true);
            return t;
        });
        this.executor.setRemoveOnCancelPolicy(true);
    }

    /** Notes sent through {@code client}, claimed in {@code store}. */
    public static Builder builder(LiveChatApiClient client, DeliveryLedger store) {
        return new Builder(client, store);
    }

    /** Renders and queues the note of an {@code incoming_chat}; ignores every other action. Never throws. */
    @Override
    public void handle(WebhookEvent event) {
        if (!WebhookPayload.INCOMING_CHAT.equals(event.action())) {
            return;
        }
        String chatId = event.chatId().orElse(null);
        String threadId = event.threadId().orElse(null);
        if (chatId == null || threadId == null) {
            return;
        }
        String text;
        try {
            text = template.render(event);
        } catch (RuntimeException e) {
            dropped.incrementAndGet();
            LOG.log(
                    Level.WARNING,
                    () -> "lcbridge agent note template failed: " + e.getClass().getName());
            return;
        }
        if (text == null || text.isBlank()) {
            return;
        }
        Note note = new Note(chatId, threadId, fit(text), false, false);
        if (executor.getQueue().size() >= maxQueued) {
            dropped.incrementAndGet();
            LOG.log(Level.WARNING, "lcbridge agent note dropped: queue full");
            return;
        }
        try {
            executor.execute(() -> attempt(note, 1));
        } catch (RejectedExecutionException e) {
            dropped.incrementAndGet();
        }
    }

    private void attempt(Note note, int attempt) {
        Note current = note;
        try {
            if (!current.claimed()) {
                DeliveryClaim claim = store.claim(current.key(), clock.instant());
                if (claim != DeliveryClaim.CLAIMED) {
                    skipped.incrementAndGet();
                    return;
                }
                current = new Note(note.chatId(), note.threadId(), note.text(), true, note.maybePosted());
            }
            if (current.maybePosted() && alreadyPosted(current)) {
                finish(current);
                return;
            }
            client.sendEvent(
                    current.chatId(), Event.internalNote(current.text()).withCustomId(current.customId()));
            finish(current);
        } catch (LiveChatApiException e) {
            boolean rateLimited = e.httpStatus() == 429 || "too_many_requests".equals(e.errorType());
            retryOrGiveUp(
                    current,
                    attempt,
                    e.isTransient(),
                    current.maybePosted() || !rateLimited,
                    e.retryAfter().orElse(null),
                    e.getMessage());
        } catch (RuntimeException e) {
            // the store or something else of ours: worth another try, nothing was posted by it
            retryOrGiveUp(
                    current,
                    attempt,
                    true,
                    current.maybePosted(),
                    null,
                    e.getClass().getName());
        }
    }

    private boolean alreadyPosted(Note note) {
        Chat chat = client.getChat(note.chatId(), note.threadId());
        return chat.thread() != null
                && chat.thread().events() != null
                && chat.thread().events().stream().anyMatch(e -> note.customId().equals(e.customId()));
    }

    private void finish(Note note) {
        sent.incrementAndGet();
        try {
            store.complete(note.key(), clock.instant());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    () -> "lcbridge could not mark an agent note as sent: "
                            + e.getClass().getName());
        }
    }

    private void retryOrGiveUp(
            Note note, int attempt, boolean transientFailure, boolean maybePosted, Duration retryAfter, String why) {
        if (transientFailure && attempt <= retryDelays.size()) {
            Duration delay = retryDelays.get(attempt - 1);
            if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
                delay = retryAfter;
            }
            Note next = new Note(note.chatId(), note.threadId(), note.text(), note.claimed(), maybePosted);
            try {
                executor.schedule(() -> attempt(next, attempt + 1), delay.toMillis(), TimeUnit.MILLISECONDS);
                retried.incrementAndGet();
                return;
            } catch (RejectedExecutionException e) {
                // closed: give up below
            }
        }
        failed.incrementAndGet();
        if (note.claimed()) {
            try {
                store.release(note.key());
            } catch (RuntimeException e) {
                // the claim lapses after its lease
            }
        }
        LOG.log(Level.WARNING, () -> "lcbridge agent note not sent: " + why);
    }

    /** The counters so far. */
    public Counts counts() {
        return new Counts(sent.get(), skipped.get(), retried.get(), failed.get(), dropped.get());
    }

    /** Stops taking notes; waits up to 10 s for queued notes (retries not yet due are dropped). */
    @Override
    public void close() {
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Keeps a note within LiveChat's 16 KB message limit. */
    private static String fit(String text) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= MessageEvent.MAX_TEXT_BYTES) {
            return text;
        }
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + len > MessageEvent.MAX_TEXT_BYTES - 3) {
                break;
            }
            b.appendCodePoint(cp);
            bytes += len;
            i += Character.charCount(cp);
        }
        return b.append("...").toString();
    }

    /** Builds {@link AgentNotes}. */
    public static final class Builder {
        private final LiveChatApiClient client;
        private final DeliveryLedger store;
        private NoteTemplate template = NoteTemplate.defaults();
        private List<Duration> retryDelays =
                List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
        private int maxQueued = 10_000;
        private Clock clock = Clock.systemUTC();

        private Builder(LiveChatApiClient client, DeliveryLedger store) {
            this.client = Objects.requireNonNull(client, "client");
            this.store = Objects.requireNonNull(store, "store");
        }

        /** The wording of the notes (default {@link NoteTemplate#defaults()}). */
        public Builder template(NoteTemplate value) {
            this.template = Objects.requireNonNull(value, "template");
            return this;
        }

        /** The waits before the 2nd, 3rd… attempt (default 1, 2, 4, 8 s); a longer Retry-After wins. */
        public Builder retryDelays(List<Duration> delays) {
            List<Duration> copy = List.copyOf(delays);
            if (copy.size() > 10 || copy.stream().anyMatch(Duration::isNegative)) {
                throw new IllegalArgumentException("at most 10 delays, none negative");
            }
            this.retryDelays = copy;
            return this;
        }

        /** Notes waiting to be sent before new ones are dropped (default 10 000). */
        public Builder maxQueued(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxQueued must be positive");
            }
            this.maxQueued = value;
            return this;
        }

        /** The clock of the claims (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public AgentNotes build() {
            return new AgentNotes(this);
        }
    }
}
