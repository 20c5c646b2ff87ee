package io.lcbridge.verifier;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.IdentityTokens;
import io.lcbridge.core.TokenStatus;
import org.jspecify.annotations.Nullable;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The webhook entry point: raw body bytes, headers and reception time in, a {@link WebhookOutcome}
 * (an HTTP status) out. Build one per LiveChat account and share it; it is thread-safe.
 *
 * <p>Per delivery, in this order: size limit → bounded parse → {@linkplain WebhookAuthenticator
 * authenticity} (nothing unauthentic reaches a handler or the store) → account check → typed view →
 * dedupe claim in the {@link ChatContextStore} → identity rebuild (the token is bound to the first LiveChat customer
 * that presents it; see {@link io.lcbridge.core.TokenStatus#FOREIGN_CUSTOMER}) and context update (a foreign token never
 * replaces a thread's stored context) → dispatch to
 * the handlers of the action, then to the handlers for all actions → claim completed (200) or
 * released (500, so LiveChat's retry dispatches again). A failing store answers 503 before anything
 * was dispatched, so LiveChat retries and nothing is lost or dispatched twice.
 *
 * <h2>Audience</h2>
 * Identity tokens are verified against the one configured {@linkplain Builder#audience audience}:
 * the value the page side signed with (the LiveChat license number the widget uses, or the
 * organization id). The envelope's {@code license_id} (API ≤ 3.3) or {@code organization_id}
 * (3.4+) never chooses the audience: a license number and an organization id name the same account
 * in two forms, and the envelope is only as trustworthy as the secret. To refuse deliveries for
 * other accounts on a shared endpoint, list this account's ids with {@link Builder#accountIds}: a
 * delivery naming another account (or none) is then answered 401 before anything else happens. An
 * app serving several LiveChat accounts builds one instance per account (each with its own secret
 * and audience), so a token signed for one account never verifies on another.
 *
 * <h2>Asynchronous dispatch</h2>
 * With {@link Builder#asyncDispatch} the handlers run on a bounded pool; the delivery is answered
 * 200 ({@link WebhookOutcome.Kind#QUEUED}) once queued, 503 when the queue is full. A handler that
 * fails later cannot be retried by LiveChat (it already got its 200): it is logged and its claim
 * released. Call {@link #close()} to drain the pool on shutdown.
 */
public final class LiveChatWebhooks implements AutoCloseable {

    /** Default body limit: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(LiveChatWebhooks.class.getName());

    private final WebhookAuthenticator authenticator;
    private final IdentityTokenVerifier verifier;
    private final IdentityRebuilder rebuilder;
    private final ChatContextStore store;
    private final WebhookDispatcher dispatcher;
    private final int maxBodyBytes;
    private final Set<String> accountIds;

    private LiveChatWebhooks(Builder b) {
        this.authenticator = Objects.requireNonNull(b.authenticator, "authenticator (the webhook secret) is required");
        this.verifier = b.verifier();
        if (b.audience == null || b.audience.isBlank()) {
            throw new IllegalArgumentException("audience (the LiveChat license number or organization id) is required");
        }
        this.store =
                b.store != null ? b.store : InMemoryChatContextStore.builder().build();
        this.rebuilder = new IdentityRebuilder(
                verifier,
                b.audience,
                b.tokenVariable,
                (tokenId, customerId, exp, now) -> storeCall(() -> store.bindToken(tokenId, customerId, exp, now)));
        this.dispatcher = new WebhookDispatcher(
                b.handlersByAction, b.handlersForAll, b.asyncExecutor, b.asyncThreads, b.asyncQueueCapacity);
        this.maxBodyBytes = b.maxBodyBytes;
        this.accountIds = Set.copyOf(b.accountIds);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The largest body accepted, in bytes. */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * How many verified identity tokens this instance remembers, so that a repeat skips the signature check: the
     * {@linkplain Builder#verifiedTokenCacheSize size set on the builder}, or that of the
     * {@linkplain Builder#identityVerifier verifier given}; 0 when the cache is off.
     */
    public int verifiedTokenCacheSize() {
        return verifier.verifiedTokenCacheSize();
    }

    /** The store this instance remembers chat contexts and deliveries in (for tests). */
    ChatContextStore store() {
        return store;
    }

    /**
     * Handles one delivery. Never throws for bad input: every problem is an outcome.
     *
     * @param body       the exact bytes received
     * @param headers    the request headers (for a relay's signature)
     * @param receivedAt when the delivery arrived: tokens must not be minted after it
     */
    public WebhookOutcome process(byte[] body, WebhookHeaders headers, Instant receivedAt) {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (body.length > maxBodyBytes) {
            return outcome(WebhookOutcome.Kind.TOO_LARGE, "body larger than " + maxBodyBytes + " bytes", null);
        }
        Envelope envelope;
        try {
            envelope = Envelope.parse(body);
        } catch (Envelope.MalformedException e) {
            return outcome(WebhookOutcome.Kind.MALFORMED, e.getMessage(), null);
        }
        if (!authenticator.authenticate(body, envelope.secretKey, headers, receivedAt)) {
            return outcome(WebhookOutcome.Kind.NOT_AUTHENTIC, "not authentic", null);
        }
        if (!accountIds.isEmpty() && (envelope.accountId == null || !accountIds.contains(envelope.accountId))) {
            return outcome(WebhookOutcome.Kind.NOT_AUTHENTIC, "not authentic", null);
        }
        PayloadReader.Read read;
        try {
            read = PayloadReader.read(envelope.action, envelope.payload);
        } catch (Envelope.MalformedException e) {
            return outcome(WebhookOutcome.Kind.MALFORMED, e.getMessage(), envelope.action);
        }
        String key = read.deliveryKey();
        if (store instanceof JdbcChatContextStore jdbc && jdbc.claimsWithContext()) {
            return processSavingWithClaim(jdbc, envelope, read, key, receivedAt);
        }
        DeliveryClaim claim;
        try {
            claim = store.claim(key, receivedAt);
        } catch (RuntimeException e) {
            return storeFailed(envelope.action, e);
        }
        WebhookOutcome refused = claimRefusal(claim, envelope.action);
        if (refused != null) {
            return refused;
        }
        WebhookEvent event;
        try {
            Enriched enriched = enrich(envelope, read, receivedAt);
            if (enriched.toSave() != null) {
                storeCall(() -> {
                    store.save(enriched.toSave());
                    return null;
                });
            }
            event = enriched.event();
        } catch (ChatContextStoreException e) {
            release(key);
            return contextStoreFailed(envelope.action, e);
        } catch (RuntimeException e) {
            release(key);
            return rebuildFailed(envelope.action, e);
        }
        return dispatch(envelope, event, key, receivedAt);
    }

    /**
     * The same steps where the store writes a claim and a chat context in one statement ({@link JdbcChatContextStore}
     * on PostgreSQL): the context is rebuilt first (reads, and the token binding, which is idempotent), then claimed
     * and saved together, both or neither. A duplicate is still recognised by its claim and never dispatched; it
     * only costs the rebuild.
     */
    private WebhookOutcome processSavingWithClaim(
            JdbcChatContextStore jdbc, Envelope envelope, PayloadReader.Read read, String key, Instant receivedAt) {
        Enriched enriched;
        try {
            enriched = enrich(envelope, read, receivedAt);
        } catch (ChatContextStoreException e) {
            return contextStoreFailed(envelope.action, e);
        } catch (RuntimeException e) {
            return rebuildFailed(envelope.action, e);
        }
        DeliveryClaim claim;
        try {
            ChatContext toSave = enriched.toSave();
            claim = toSave != null ? jdbc.claimSavingContext(key, receivedAt, toSave) : jdbc.claim(key, receivedAt);
        } catch (RuntimeException e) {
            return storeFailed(envelope.action, e);
        }
        WebhookOutcome refused = claimRefusal(claim, envelope.action);
        if (refused != null) {
            return refused;
        }
        return dispatch(envelope, enriched.event(), key, receivedAt);
    }

    /** The answer to a delivery this node may not process now, or {@code null} when it claimed it. */
    private static @Nullable WebhookOutcome claimRefusal(DeliveryClaim claim, String action) {
        return switch (claim) {
            case ALREADY_DONE -> outcome(WebhookOutcome.Kind.DUPLICATE, "already handled", action);
            case IN_PROGRESS -> outcome(WebhookOutcome.Kind.IN_PROGRESS, "being handled; retry later", action);
            default -> null;
        };
    }

    /** A store failure met while rebuilding the context: logged by the cause the store wrapped. */
    private static WebhookOutcome contextStoreFailed(String action, ChatContextStoreException e) {
        return storeFailed(action, e.getCause() instanceof RuntimeException cause ? cause : e);
    }

    private static WebhookOutcome rebuildFailed(String action, RuntimeException e) {
        LOG.log(
                Level.ERROR,
                () -> "lcbridge could not rebuild the chat context of " + action + ": "
                        + e.getClass().getName());
        return outcome(WebhookOutcome.Kind.HANDLER_FAILED, "internal error", action);
    }

    private WebhookOutcome dispatch(Envelope envelope, WebhookEvent event, String key, Instant receivedAt) {
        WebhookOutcome.Kind dispatched =
                dispatcher.dispatch(event, () -> complete(key, receivedAt), () -> release(key));
        return outcome(dispatched, dispatchReason(dispatched), envelope.action);
    }

    private static String dispatchReason(WebhookOutcome.Kind dispatched) {
        switch (dispatched) {
            case HANDLED:
                return "ok";
            case QUEUED:
                return "queued";
            case QUEUE_FULL:
                return "dispatch queue is full; retry later";
            default:
                return "handler failed";
        }
    }

    /** A delivery's event, and the chat context to store for its thread ({@code null}: nothing to store). */
    private record Enriched(WebhookEvent event, @Nullable ChatContext toSave) {}

    /** Builds the event: reads the thread's stored context if needed and rebuilds the identity; stores nothing. */
    private Enriched enrich(Envelope envelope, PayloadReader.Read read, Instant receivedAt) {
        String chat = read.chatId();
        String thread = read.threadId();
        Optional<ChatContext> previous = Optional.empty();
        boolean rebuilt = read.hasCustomer();
        if (chat != null && thread != null && !(rebuilt && read.threadStartedAt() != null)) {
            previous = storeCall(() -> store.find(chat, thread));
        }
        Optional<VerifiedCustomer> customer;
        Optional<ChatContext> context;
        @Nullable ChatContext toSave = null;
        if (rebuilt) {
            Instant started = read.threadStartedAt() != null
                    ? read.threadStartedAt()
                    : previous.map(ChatContext::threadStartedAt).orElse(receivedAt);
            VerifiedCustomer c = rebuilder.rebuild(
                    read.customerId(),
                    read.displayed(),
                    read.fields(),
                    started,
                    receivedAt,
                    previous.map(ChatContext::customer).orElse(null));
            customer = Optional.of(c);
            if (c.status() == TokenStatus.FOREIGN_CUSTOMER && previous.isPresent()) {
                // someone else's token (e.g. sent later through session fields) never replaces what the thread had
                context = previous;
            } else if (chat != null && thread != null) {
                ChatContext ctx = new ChatContext(chat, thread, started, c, receivedAt);
                toSave = ctx;
                context = Optional.of(ctx);
            } else {
                context = Optional.empty();
            }
        } else {
            context = previous;
            customer = previous.map(ChatContext::customer);
        }
        return new Enriched(
                new WebhookEvent(
                        envelope.action,
                        envelope.webhookId,
                        envelope.accountId,
                        receivedAt,
                        read.view(),
                        envelope.payload,
                        customer,
                        context),
                toSave);
    }

    /** Runs a store call; whatever it throws counts as the store being unavailable. */
    private static <T> T storeCall(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ChatContextStoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChatContextStoreException("store call failed", e);
        }
    }

    private void complete(String key, Instant at) {
        try {
            if (store instanceof JdbcChatContextStore jdbc) {
                jdbc.completeLater(key, at); // written with the next group; the claim holds until then
            } else {
                store.complete(key, at);
            }
        } catch (RuntimeException e) {
            // handled already: answering 200 avoids a second dispatch; the claim lapses after its lease
            LOG.log(
                    Level.WARNING,
                    () -> "lcbridge could not mark a webhook delivery as handled: "
                            + e.getClass().getName());
        }
    }

    private void release(String key) {
        try {
            store.release(key);
        } catch (RuntimeException e) {
            // the claim lapses after its lease; a retry before then is answered 503 and retried again
            LOG.log(
                    Level.WARNING,
                    () -> "lcbridge could not release a webhook delivery: "
                            + e.getClass().getName());
        }
    }

    private static WebhookOutcome storeFailed(String action, RuntimeException e) {
        LOG.log(
                Level.WARNING,
                () -> "lcbridge chat-context store unavailable for " + action + ": "
                        + e.getClass().getName());
        return outcome(WebhookOutcome.Kind.STORE_UNAVAILABLE, "store unavailable; retry later", action);
    }

    private static WebhookOutcome outcome(WebhookOutcome.Kind kind, String reason, String action) {
        if (kind.httpStatus() != 200) {
            LOG.log(
                    Level.DEBUG,
                    () -> "lcbridge webhook " + (action == null ? "" : action + " ") + "answered " + kind.httpStatus()
                            + " " + kind + ": " + reason);
        }
        return WebhookOutcome.of(kind, reason);
    }

    /**
     * Stops asynchronous dispatch after the queued deliveries ran (up to 10 s). No-op when synchronous, and for an
     * executor given to {@link Builder#asyncDispatch(Executor)}, which its owner shuts down.
     */
    @Override
    public void close() {
        dispatcher.close();
    }

    /** Settings of {@link LiveChatWebhooks}. Required: authenticator, keys (or verifier), audience. */
    public static final class Builder {
        private WebhookAuthenticator authenticator;
        private @Nullable IdentityKeySet identityKeys;
        private @Nullable IdentityTokenVerifier verifier;
        private @Nullable Integer verifiedTokenCacheSize;
        private String audience;
        private String tokenVariable = IdentityTokens.DEFAULT_TOKEN_VARIABLE;
        private ChatContextStore store;
        private final Map<String, List<LiveChatWebhookHandler>> handlersByAction = new LinkedHashMap<>();
        private final List<LiveChatWebhookHandler> handlersForAll = new ArrayList<>();
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Set<String> accountIds = Set.of();
        private int asyncThreads;
        private int asyncQueueCapacity;
        private Executor asyncExecutor;

        private Builder() {}

        /** How deliveries prove they come from LiveChat (required). */
        public Builder authenticator(WebhookAuthenticator authenticator) {
            this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
            return this;
        }

        /**
         * Keys that verify identity tokens, with the default clock skew and the {@link #verifiedTokenCacheSize}
         * set here. Replaces an {@link #identityVerifier} given before.
         */
        public Builder identityKeys(IdentityKeySet keys) {
            this.identityKeys = Objects.requireNonNull(keys, "identity keys");
            this.verifier = null;
            return this;
        }

        /**
         * A configured token verifier (e.g. another clock skew, or keys from a {@link io.lcbridge.core.RemoteJwkSet}),
         * instead of {@link #identityKeys}. It carries its own cache size
         * ({@link IdentityTokenVerifier.Builder#verifiedTokenCacheSize}), so {@link #verifiedTokenCacheSize} cannot be
         * set with it.
         */
        public Builder identityVerifier(IdentityTokenVerifier verifier) {
            this.verifier = Objects.requireNonNull(verifier, "identity verifier");
            this.identityKeys = null;
            return this;
        }

        /**
         * How many verified identity tokens the verifier made from {@link #identityKeys} remembers: 0 to 1,048,576
         * (2<sup>20</sup>, {@link IdentityTokenVerifier#MAX_VERIFIED_TOKEN_CACHE_SIZE}); default 1,024
         * ({@link IdentityTokenVerifier#DEFAULT_VERIFIED_TOKEN_CACHE_SIZE}); 0 turns the cache off.
         *
         * <p>The same token reaches the endpoint again and again: every webhook of a chat carries the customer's token,
         * LiveChat retries a delivery that failed or was not answered in time, and one customer's token stays the same over
         * several chats until it expires. A remembered token skips the signature check and the claims parsing, the
         * bulk of verifying it; the audience and the time window are still checked on every delivery, and only tokens
         * that verified are kept, so the answer is the one the full check gives. An entry holds the token and its parsed
         * claims: one or two kilobytes for a typical token and about ten at most (tokens over 4,096 characters are
         * never kept), so the default costs one or two megabytes. See
         * {@link IdentityTokenVerifier.Builder#verifiedTokenCacheSize} for the details.
         *
         * <p>Applies to {@link #identityKeys} only: a verifier given to {@link #identityVerifier} carries its own size,
         * and setting both makes {@link #build()} throw {@link IllegalStateException}.
         *
         * @throws IllegalArgumentException when {@code entries} is negative or above the maximum
         */
        public Builder verifiedTokenCacheSize(int entries) {
            if (entries < 0 || entries > IdentityTokenVerifier.MAX_VERIFIED_TOKEN_CACHE_SIZE) {
                throw new IllegalArgumentException("verifiedTokenCacheSize must be between 0 and "
                        + IdentityTokenVerifier.MAX_VERIFIED_TOKEN_CACHE_SIZE + ": " + entries);
            }
            this.verifiedTokenCacheSize = entries;
            return this;
        }

        /** The verifier given, or one made from the identity keys with the cache size set here. */
        private IdentityTokenVerifier verifier() {
            if (verifier != null) {
                if (verifiedTokenCacheSize != null) {
                    throw new IllegalStateException("verifiedTokenCacheSize and identityVerifier are both set: a "
                            + "verifier given to identityVerifier carries its own cache size (set it with "
                            + "IdentityTokenVerifier.Builder.verifiedTokenCacheSize), or give identityKeys instead");
                }
                return verifier;
            }
            if (identityKeys == null) {
                throw new IllegalArgumentException("identity keys (or an IdentityTokenVerifier) are required");
            }
            IdentityTokenVerifier.Builder builder = IdentityTokenVerifier.builder(identityKeys);
            if (verifiedTokenCacheSize != null) {
                builder.verifiedTokenCacheSize(verifiedTokenCacheSize);
            }
            return builder.build();
        }

        /** The {@code aud} every identity token must carry: this LiveChat account's license number or organization id. */
        public Builder audience(String audience) {
            this.audience = audience;
            return this;
        }

        /**
         * The envelope ids ({@code license_id} and/or {@code organization_id}) of the account this endpoint
         * serves; deliveries naming another account are answered 401. Default: not checked.
         */
        public Builder accountIds(String... ids) {
            for (String id : ids) {
                if (id == null || id.isBlank()) {
                    throw new IllegalArgumentException("account id must not be blank");
                }
            }
            this.accountIds = Set.of(ids);
            return this;
        }

        /** Session variable carrying the token (default {@value IdentityTokens#DEFAULT_TOKEN_VARIABLE}). */
        public Builder tokenVariable(String tokenVariable) {
            if (tokenVariable == null || tokenVariable.isBlank()) {
                throw new IllegalArgumentException("token variable must not be blank");
            }
            this.tokenVariable = tokenVariable;
            return this;
        }

        /** Where chat contexts and handled deliveries are kept (default: in memory, 24 h). */
        public Builder store(ChatContextStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Adds a handler for one action (e.g. {@code "incoming_chat"}); handlers of one action run in order. */
        public Builder handler(String action, LiveChatWebhookHandler handler) {
            if (action == null || action.isBlank()) {
                throw new IllegalArgumentException("action must not be blank");
            }
            handlersByAction
                    .computeIfAbsent(action, a -> new ArrayList<>())
                    .add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Adds a handler for every action; runs after the action's own handlers. */
        public Builder handlerForAll(LiveChatWebhookHandler handler) {
            handlersForAll.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Largest body accepted (default 1 MiB). */
        public Builder maxBodyBytes(int maxBodyBytes) {
            if (maxBodyBytes < 1024) {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /** Runs handlers on {@code threads} threads with a queue of {@code queueCapacity} deliveries. */
        public Builder asyncDispatch(int threads, int queueCapacity) {
            if (threads < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException(
                        "asyncDispatch needs at least 1 thread and a queue capacity of at least 1");
            }
            this.asyncThreads = threads;
            this.asyncQueueCapacity = queueCapacity;
            this.asyncExecutor = null;
            return this;
        }

        /**
         * Runs handlers on {@code executor}, such as a framework's shared task executor, instead of a pool of this
         * instance's own: a delivery is answered 200 ({@link WebhookOutcome.Kind#QUEUED}) once the executor took it,
         * 503 ({@link WebhookOutcome.Kind#QUEUE_FULL}) when it refused it ({@link RejectedExecutionException}). The
         * executor's owner shuts it down; {@link LiveChatWebhooks#close()} leaves it alone.
         */
        public Builder asyncDispatch(Executor executor) {
            this.asyncExecutor = Objects.requireNonNull(executor, "executor");
            this.asyncThreads = 0;
            this.asyncQueueCapacity = 0;
            return this;
        }

        public LiveChatWebhooks build() {
            return new LiveChatWebhooks(this);
        }
    }
}
