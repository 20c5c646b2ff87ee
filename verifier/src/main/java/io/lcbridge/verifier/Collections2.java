package io.lcbridge.verifier;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep iteration order. */
final class Collections2 {

    private Collections2() {}

    static <K, V> Map<K, V> orderedCopy(Map<K, V> map) {
        if (map.isEmpty()) {
            return Map.of();
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(map);
        copy.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new NullPointerException("null key or value");
            }
        });
        return Collections.unmodifiableMap(copy);
    }
}
