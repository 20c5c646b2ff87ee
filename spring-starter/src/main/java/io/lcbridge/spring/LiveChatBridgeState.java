package io.lcbridge.spring;

import io.lcbridge.core.IdentityAlgorithm;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import io.lcbridge.verifier.ChatContextStore;
import io.lcbridge.verifier.InMemoryChatContextStore;
import io.lcbridge.verifier.JdbcChatContextStore;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the actuator may show about the running bridge, read from its beans: the library version, the active signing
 * key's id and algorithm, where the filter injects, and which chat-context store the webhooks use. Only names and
 * ids, never key material or a webhook secret, so the health details and the info endpoint can show all of it.
 */
final class LiveChatBridgeState {

    private final ObjectProvider<IdentityKeySet> keys;
    private final ObjectProvider<ChatContextStore> stores;
    private final BeanFactory beans;

    LiveChatBridgeState(
            ObjectProvider<IdentityKeySet> keys, ObjectProvider<ChatContextStore> stores, BeanFactory beans) {
        this.keys = keys;
        this.stores = stores;
        this.beans = beans;
    }

    /** The starter jar's {@code Implementation-Version}, or {@code unknown} when run from classes (tests, IDE). */
    static String libraryVersion() {
        String version = LiveChatAutoConfiguration.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "unknown" : version;
    }

    /** The signing key set, if identities are on. */
    Optional<IdentityKeySet> keySet() {
        return Optional.ofNullable(keys.getIfAvailable());
    }

    /** The active key's id and algorithm ({@code activeKid}, {@code algorithm}), or {@code identities: off}. */
    Map<String, Object> keyDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        Optional<IdentityKeySet> set = keySet();
        if (set.isEmpty()) {
            details.put("identities", "off");
            return details;
        }
        Optional<String> kid = set.get().activeKeyId();
        details.put("identities", kid.isPresent() ? "on" : "off");
        kid.ifPresent(id -> {
            details.put("activeKid", id);
            set.get()
                    .algorithm(id)
                    .map(IdentityAlgorithm::joseName)
                    .ifPresent(algorithm -> details.put("algorithm", algorithm));
        });
        return details;
    }

    /** The chat-context store of the webhook endpoint, when it is configured. */
    @Nullable
    ChatContextStore store() {
        return stores.getIfAvailable();
    }

    /** {@code memory}, {@code jdbc}, the class name of an application's own store, or {@code none}. */
    String storeType() {
        return storeType(store());
    }

    static String storeType(@Nullable ChatContextStore store) {
        if (store == null) {
            return "none";
        }
        if (store instanceof InMemoryChatContextStore) {
            return "memory";
        }
        if (store instanceof JdbcChatContextStore) {
            return "jdbc";
        }
        return store.getClass().getName();
    }

    /** The filter's injection point ({@code BEFORE_BODY_END}, ...), or {@code none} without the starter's filter. */
    String injectionPoint() {
        if (beans.containsBean(LiveChatAutoConfiguration.FILTER_NAME)
                && beans.getBean(LiveChatAutoConfiguration.FILTER_NAME)
                        instanceof FilterRegistrationBean<?> registration
                && registration.getFilter() instanceof LiveChatWidgetFilter widgetFilter) {
            return widgetFilter.injectionPoint().name();
        }
        return "none";
    }
}
