package io.lcbridge.livechat.api.customer;

/** {@link CustomerBindingStore#inMemory()}: both "nodes" share the instance (one JVM). */
final class InMemoryCustomerBindingStoreTest extends CustomerBindingStoreContract {

    private final CustomerBindingStore store = CustomerBindingStore.inMemory();

    @Override
    CustomerBindingStore store() {
        return store;
    }

    @Override
    CustomerBindingStore second() {
        return store;
    }
}
