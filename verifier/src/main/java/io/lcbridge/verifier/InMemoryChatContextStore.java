package io.lcbridge.verifier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link ChatContextStore} in this JVM's memory: bounded (default 100,000 chat threads, as many
 * deliveries and as many token bindings), entries expire a fixed time after their last write (default
 * 24 h; a token binding that long after the token's {@code exp}). Right for a single
 * node; several nodes need {@link JdbcChatContextStore} so that a retry landing on another node is
 * still recognised (and a token first presented on one node is bound there for all). A token binding
 * evicted by the size bound is forgotten, so the token could be bound afresh: size the store for the
 * number of tokens presented within the token lifetime plus the TTL. An expired entry is never returned,
 * and is dropped from memory around its expiry by the JVM-wide scheduler even when no call arrives.
 */
public final class InMemoryChatContextStore implements ChatContextStore {

    /** Default time a context or a handled delivery is remembered. */
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    /** Default bound on remembered chat threads (and, separately, deliveries). */
    public static final long DEFAULT_MAX_ENTRIES = 100_000;
    /**
     * Default time after which an unfinished claim may be taken over. LiveChat waits about 10 s for an answer and
     * retries up to 3 times within about a minute, so a claim orphaned by a store outage (claimed, then neither
     * completed nor released) must lapse well inside that minute or the last retries would all be answered
     * "in progress" and the delivery lost. A handler that runs longer than the lease may see a retry dispatched
     * beside it; LiveChat has given up on that attempt by then anyway.
     */
    public static final Duration DEFAULT_CLAIM_LEASE = Duration.ofSeconds(20);

    /** A claim; completing it flips {@code done} in place (a cache read, not a write). */
    private static final class Delivery {
        final Instant claimedAt;
        volatile boolean done;

        Delivery(Instant claimedAt) {
            this.claimedAt = claimedAt;
        }
    }

    /** Which customer a token is bound to, until when (logical time), and for how long (wall-clock eviction). */
    private record Binding(String customerId, Instant until, Duration retention) {}

    private final Cache<String, ChatContext> contexts;
    private final Cache<String, Delivery> deliveries;
    private final Cache<String, Binding> bindings;
    private final Duration ttl;
    private final Duration lease;

    private InMemoryChatContextStore(Builder b) {
        // the scheduler evicts expired entries (personal data) on time even when no call arrives
        this.contexts = Caffeine.newBuilder()
                .maximumSize(b.maxEntries)
                .expireAfterWrite(b.ttl)
                .executor(Runnable::run)
                .scheduler(b.scheduler)
                .ticker(b.ticker)
                .build();
        this.deliveries = Caffeine.newBuilder()
                .maximumSize(b.maxEntries)
                .expireAfterWrite(b.ttl)
                .executor(Runnable::run)
                .scheduler(b.scheduler)
                .ticker(b.ticker)
                .build();
        this.bindings = Caffeine.newBuilder()
                .maximumSize(b.maxEntries)
                .expireAfter(new Expiry<String, Binding>() {
                    @Override
                    public long expireAfterCreate(String key, Binding value, long currentTime) {
                        return value.retention().toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Binding value, long currentTime, long currentDuration) {
                        return value.retention().toNanos();
                    }

                    @Override
                    public long expireAfterRead(String key, Binding value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .executor(Runnable::run)
                .scheduler(b.scheduler)
                .ticker(b.ticker)
                .build();
        this.ttl = b.ttl;
        this.lease = b.lease;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void save(ChatContext context) {
        contexts.put(key(context.chatId(), context.threadId()), context);
    }

    @Override
    public Optional<ChatContext> find(String chatId, String threadId) {
        return Optional.ofNullable(contexts.getIfPresent(key(chatId, threadId)));
    }

    @Override
    public DeliveryClaim claim(String deliveryKey, Instant now) {
        Delivery mine = new Delivery(now);
        while (true) {
            Delivery existing = deliveries.asMap().putIfAbsent(deliveryKey, mine);
            if (existing == null) {
                return DeliveryClaim.CLAIMED;
            }
            if (existing.done) {
                return DeliveryClaim.ALREADY_DONE;
            }
            if (existing.claimedAt.plus(lease).isAfter(now)) {
                return DeliveryClaim.IN_PROGRESS;
            }
            // the claim lapsed (its attempt never finished): take it over unless another attempt just did
            if (deliveries.asMap().replace(deliveryKey, existing, mine)) {
                return DeliveryClaim.CLAIMED;
            }
        }
    }

    @Override
    public void complete(String deliveryKey, Instant now) {
        Delivery claimed = deliveries.getIfPresent(deliveryKey);
        if (claimed != null) {
            claimed.done = true;
        } else {
            Delivery done = new Delivery(now);
            done.done = true;
            deliveries.put(deliveryKey, done);
        }
    }

    @Override
    public void release(String deliveryKey) {
        deliveries.asMap().computeIfPresent(deliveryKey, (k, existing) -> existing.done ? existing : null);
    }

    /** Entries held in memory, expired ones not yet evicted included (tests). */
    long heldEntries() {
        return contexts.estimatedSize() + deliveries.estimatedSize() + bindings.estimatedSize();
    }

    @Override
    public Optional<String> bindToken(String tokenId, String customerId, Instant tokenExpiresAt, Instant now) {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(customerId, "customerId");
        Instant until = tokenExpiresAt.plus(ttl);
        Binding bound = bindings.asMap().compute(tokenId, (k, existing) -> {
            if (existing != null && existing.until().isAfter(now)) {
                return existing;
            }
            return until.isAfter(now) ? new Binding(customerId, until, Duration.between(now, until)) : null;
        });
        return bound == null ? Optional.empty() : Optional.of(bound.customerId());
    }

    private static String key(String chatId, String threadId) {
        return chatId + '\u0000' + threadId;
    }

    @Override
    public String toString() {
        return "InMemoryChatContextStore[contexts~" + contexts.estimatedSize() + ", deliveries~"
                + deliveries.estimatedSize() + ", bindings~" + bindings.estimatedSize() + "]";
    }

    /** Settings of an {@link InMemoryChatContextStore}. */
    public static final class Builder {
        private Duration ttl = DEFAULT_TTL;
        private long maxEntries = DEFAULT_MAX_ENTRIES;
        private Duration lease = DEFAULT_CLAIM_LEASE;
        private Scheduler scheduler = Scheduler.systemScheduler();
        private Ticker ticker = Ticker.systemTicker();

        private Builder() {}

        /** Tests: the time source and the scheduler of the caches' timed eviction. */
        Builder timing(Ticker ticker, Scheduler scheduler) {
            this.ticker = Objects.requireNonNull(ticker, "ticker");
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /** How long contexts and handled deliveries are remembered (default 24 h; at least the retry window of 1 min). */
        public Builder ttl(Duration ttl) {
            Objects.requireNonNull(ttl, "ttl");
            if (ttl.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException(
                        "ttl must be at least 1 minute (LiveChat retries within about a minute)");
            }
            this.ttl = ttl;
            return this;
        }

        /** Bound on remembered chat threads and on remembered deliveries (default 100,000 each). */
        public Builder maxEntries(long maxEntries) {
            if (maxEntries < 1) {
                throw new IllegalArgumentException("maxEntries must be positive");
            }
            this.maxEntries = maxEntries;
            return this;
        }

        /** How long an unfinished claim blocks other attempts (default 20 s, see {@link #DEFAULT_CLAIM_LEASE}). */
        public Builder claimLease(Duration lease) {
            Objects.requireNonNull(lease, "claimLease");
            if (lease.isNegative() || lease.isZero()) {
                throw new IllegalArgumentException("claimLease must be positive");
            }
            this.lease = lease;
            return this;
        }

        public InMemoryChatContextStore build() {
            return new InMemoryChatContextStore(this);
        }
    }
}
