package io.lcbridge.livechat.api.customer;

import io.lcbridge.livechat.api.CustomerAccessToken;
import io.lcbridge.livechat.api.CustomerAccountsClient;
import io.lcbridge.livechat.api.LiveChatApiException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The LiveChat customer access token of each of the app's users: the user's customer is created with the agent-token
 * grant on first use and bound in the {@link CustomerBindingStore}; later tokens are issued for that same customer
 * ({@code entity_id}). Each user's token is cached in memory until shortly before it expires ({@link
 * Builder#refreshBefore}), so a user costs one accounts request per token lifetime per node.
 *
 * <p>When two nodes create the same user's customer at once, the store keeps one binding; the node that lost asks for
 * a token of the winner's customer (its own new customer stays unused). Calls for one user on one node are
 * serialised, so a burst of page loads makes one request. Thread-safe.
 *
 * <p>Failures are thrown: {@link LiveChatApiException} (accounts unreachable, 4xx, 5xx) or {@link
 * CustomerBindingStoreException}. Callers fail open (the page keeps LiveChat's own cookie identity).
 */
public final class CustomerTokens {

    private static final int LOCK_STRIPES = 64;

    private final CustomerAccountsClient accounts;
    private final CustomerBindingStore store;
    private final Duration refreshBefore;
    private final int maxCachedUsers;
    private final Clock clock;
    private final ConcurrentMap<String, CustomerAccessToken> cache = new ConcurrentHashMap<>();
    private final Object[] locks = new Object[LOCK_STRIPES];

    private CustomerTokens(Builder b) {
        this.accounts = b.accounts;
        this.store = b.store;
        this.refreshBefore = b.refreshBefore;
        this.maxCachedUsers = b.maxCachedUsers;
        this.clock = b.clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    public static Builder builder(CustomerAccountsClient accounts, CustomerBindingStore store) {
        return new Builder(accounts, store);
    }

    /** The user's current token: the cached one while it is not about to expire, else a new one. */
    public CustomerAccessToken tokenFor(String userId) {
        CustomerAccessToken cached = cache.get(Objects.requireNonNull(userId, "userId"));
        if (cached != null && usable(cached)) {
            return cached;
        }
        synchronized (lockOf(userId)) {
            cached = cache.get(userId);
            if (cached != null && usable(cached)) {
                return cached;
            }
            return issue(userId);
        }
    }

    /**
     * A new token for the user, whatever is cached (the widget asks for one when LiveChat refused the current one).
     */
    public CustomerAccessToken freshTokenFor(String userId) {
        Objects.requireNonNull(userId, "userId");
        synchronized (lockOf(userId)) {
            return issue(userId);
        }
    }

    /** The LiveChat customer bound to the user, if any (a store read, no accounts request). */
    public Optional<String> boundCustomer(String userId) {
        return store.find(Objects.requireNonNull(userId, "userId"));
    }

    /** Forgets the user's cached token (the next call asks LiveChat again). */
    public void evict(String userId) {
        cache.remove(userId);
    }

    private CustomerAccessToken issue(String userId) {
        Optional<String> bound = store.find(userId);
        CustomerAccessToken token;
        if (bound.isPresent()) {
            token = accounts.tokenFor(bound.get());
        } else {
            token = accounts.createCustomer();
            String winner = store.bind(userId, token.entityId());
            if (!winner.equals(token.entityId())) {
                token = accounts.tokenFor(winner); // another node bound this user first
            }
        }
        remember(userId, token);
        return token;
    }

    private void remember(String userId, CustomerAccessToken token) {
        if (cache.size() >= maxCachedUsers) {
            cache.values().removeIf(t -> !usable(t));
            if (cache.size() >= maxCachedUsers) {
                cache.clear(); // bounded memory beats a perfect hit rate; tokens are asked for again
            }
        }
        cache.put(userId, token);
    }

    /** Usable while now is before expiry minus the refresh margin (at most half the token's life). */
    private boolean usable(CustomerAccessToken token) {
        Duration margin = refreshBefore.compareTo(token.expiresIn().dividedBy(2)) < 0
                ? refreshBefore
                : token.expiresIn().dividedBy(2);
        Instant now = clock.instant();
        return now.isBefore(token.expiresAt().minus(margin))
                && !now.isBefore(token.issuedAt().minusSeconds(300));
    }

    private Object lockOf(String userId) {
        return locks[Math.floorMod(userId.hashCode(), LOCK_STRIPES)];
    }

    @Override
    public String toString() {
        return "CustomerTokens[" + accounts + ", " + store + "]";
    }

    /** Settings of {@link CustomerTokens}. */
    public static final class Builder {
        private final CustomerAccountsClient accounts;
        private final CustomerBindingStore store;
        private Duration refreshBefore = Duration.ofMinutes(5);
        private int maxCachedUsers = 10_000;
        private Clock clock = Clock.systemUTC();

        private Builder(CustomerAccountsClient accounts, CustomerBindingStore store) {
            this.accounts = Objects.requireNonNull(accounts, "accounts");
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * How long before its expiry a cached token is replaced (default 5 minutes; at most half the token's life is
         * used), so the widget never receives a token about to expire.
         */
        public Builder refreshBefore(Duration value) {
            if (Objects.requireNonNull(value, "refreshBefore").isNegative()) {
                throw new IllegalArgumentException("refreshBefore must not be negative");
            }
            this.refreshBefore = value;
            return this;
        }

        /** Most users whose token is kept in memory (default 10 000). */
        public Builder maxCachedUsers(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxCachedUsers must be positive");
            }
            this.maxCachedUsers = value;
            return this;
        }

        /** The clock the cache measures expiry with (it should be the accounts client's). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public CustomerTokens build() {
            return new CustomerTokens(this);
        }
    }
}
