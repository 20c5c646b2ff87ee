package io.lcbridge.verifier;

import java.time.Instant;
import java.util.Optional;

/** A real store behind a switch that makes every call fail, as a database outage would. */
final class FlakyStore implements ChatContextStore {

    private final ChatContextStore delegate;
    volatile boolean down;
    /** When set, only claims succeed and later calls fail (an outage in the middle of a delivery). */
    volatile boolean downAfterClaim;

    FlakyStore(ChatContextStore delegate) {
        this.delegate = delegate;
    }

    private void check() {
        if (down) {
            throw new ChatContextStoreException("store is down", null);
        }
    }

    @Override
    public void save(ChatContext context) {
        check();
        if (downAfterClaim) {
            throw new ChatContextStoreException("store went down", null);
        }
        delegate.save(context);
    }

    @Override
    public Optional<ChatContext> find(String chatId, String threadId) {
        check();
        if (downAfterClaim) {
            throw new ChatContextStoreException("store went down", null);
        }
        return delegate.find(chatId, threadId);
    }

    @Override
    public DeliveryClaim claim(String deliveryKey, Instant now) {
        check();
        return delegate.claim(deliveryKey, now);
    }

    @Override
    public void complete(String deliveryKey, Instant now) {
        check();
        delegate.complete(deliveryKey, now);
    }

    @Override
    public void release(String deliveryKey) {
        check();
        delegate.release(deliveryKey);
    }

    @Override
    public Optional<String> bindToken(String tokenId, String customerId, Instant tokenExpiresAt, Instant now) {
        check();
        if (downAfterClaim) {
            throw new ChatContextStoreException("store went down", null);
        }
        return delegate.bindToken(tokenId, customerId, tokenExpiresAt, now);
    }
}
