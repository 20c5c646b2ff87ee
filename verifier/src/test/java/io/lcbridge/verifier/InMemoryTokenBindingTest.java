package io.lcbridge.verifier;

import java.time.Instant;

/** Token bindings in {@link InMemoryChatContextStore}; its two "nodes" are one instance (it cannot be shared). */
final class InMemoryTokenBindingTest extends TokenBindingStoreContract {

    private final InMemoryChatContextStore store =
            InMemoryChatContextStore.builder().ttl(TTL).build();

    @Override
    ChatContextStore node() {
        return store;
    }

    @Override
    int bindingsAfterPurge(ChatContextStore store, Instant now) {
        // lapsed bindings are not evicted by logical time, only ignored: count the ones that still bind
        int live = 0;
        for (String jti : new String[] {"jti-old", "jti-never-seen"}) {
            if (store.bindToken(jti, "probe", TOKEN_EXP, now).isPresent()) {
                live++;
            }
        }
        return live;
    }
}
