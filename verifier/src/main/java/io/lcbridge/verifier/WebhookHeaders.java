package io.lcbridge.verifier;

import org.jspecify.annotations.Nullable;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Read access to the HTTP headers of one webhook delivery, by case-insensitive name. Keeps the
 * verifier free of servlet types: the servlet passes {@code request::getHeader}.
 */
@FunctionalInterface
public interface WebhookHeaders {

    /** The first value of header {@code name} (any letter case), or {@code null} when absent. */
    @Nullable
    String get(String name);

    /** No headers at all (e.g. a payload read from a file). */
    static WebhookHeaders none() {
        return name -> null;
    }

    /** Headers from a map; names are matched ignoring case. */
    static WebhookHeaders of(Map<String, String> headers) {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        return name -> name == null ? null : copy.get(name.toLowerCase(Locale.ROOT));
    }
}
