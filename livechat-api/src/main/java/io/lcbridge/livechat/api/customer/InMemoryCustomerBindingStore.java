package io.lcbridge.livechat.api.customer;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** {@link CustomerBindingStore#inMemory()}. */
final class InMemoryCustomerBindingStore implements CustomerBindingStore {

    private final ConcurrentMap<String, String> bindings = new ConcurrentHashMap<>();

    @Override
    public Optional<String> find(String userId) {
        return Optional.ofNullable(bindings.get(Objects.requireNonNull(userId, "userId")));
    }

    @Override
    public String bind(String userId, String entityId) {
        Objects.requireNonNull(entityId, "entityId");
        String existing = bindings.putIfAbsent(Objects.requireNonNull(userId, "userId"), entityId);
        return existing == null ? entityId : existing;
    }

    @Override
    public String toString() {
        return "CustomerBindingStore.inMemory()";
    }
}
