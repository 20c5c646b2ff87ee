package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Marks a response that carries a visitor's identity so no shared cache serves it to someone else, without ever
 * weakening a policy the application or a framework set or would set:
 *
 * <ul>
 *   <li>{@code Cache-Control}: when the response has none, it gets {@value #NOTHING_SET_POLICY} (plus
 *   {@code Pragma: no-cache} and {@code Expires: 0} when absent), the policy Spring Security would have written: its
 *   header writer runs later and skips a response that already has {@code Cache-Control}, so writing only
 *   {@code private} here would switch its {@code no-store} off. When the response has one, {@code private} is added,
 *   {@code public}, {@code s-maxage} and {@code private="field"} are removed, and every other directive
 *   ({@code no-store}, {@code no-cache}, {@code max-age}, ...) is kept.</li>
 *   <li>Cache-Control fields aimed at CDNs and surrogates ({@code CDN-Cache-Control} and other RFC 9213 targeted
 *   fields such as {@code Cloudflare-CDN-Cache-Control}, and {@code Surrogate-Control}), which such caches obey
 *   <em>instead of</em> {@code Cache-Control}: when present, they say {@code no-store}; their freshness directives
 *   ({@code public}, {@code max-age}, ...) are removed, others such as {@code content="ESI/1.0"} kept.</li>
 *   <li>a strong {@code ETag} is dropped (it described the page without the per-user snippet; a weak one is
 *   kept), and {@code Vary: Cookie} is added.</li>
 * </ul>
 */
final class CacheHeaders {

    /** What a personalised response gets when nothing set {@code Cache-Control}. */
    static final String NOTHING_SET_POLICY = "private, no-cache, no-store, max-age=0, must-revalidate";

    private static final String CACHE_CONTROL = "Cache-Control";

    private CacheHeaders() {}

    /** Bits of {@link #present}: which of the fields this policy reads the response already has. */
    private static final int HAS_CACHE_CONTROL = 1;

    private static final int HAS_PRAGMA = 2;
    private static final int HAS_EXPIRES = 4;
    private static final int HAS_VARY = 8;
    private static final int HAS_TARGETED = 16;

    /**
     * Makes {@code response} private. Which fields it already has is read in one pass over its header names, so a
     * response with none of them (the common case) costs that pass and the four writes; a field the names leave out
     * is treated as absent, which only ever writes the stricter value ({@value #NOTHING_SET_POLICY}, {@code Pragma},
     * {@code Expires}, one more {@code Vary: Cookie}). The {@code ETag} is read directly, whatever the names say: a
     * strong one must never stay.
     */
    static void makePrivate(HttpServletResponse response) {
        int present = present(response);
        cacheControl(response, present);
        if ((present & HAS_TARGETED) != 0) {
            targetedCacheControl(response);
        }
        String etag = response.getHeader("ETag");
        if (etag != null && !etag.trim().startsWith("W/")) {
            response.setHeader("ETag", null);
        }
        if ((present & HAS_VARY) == 0 || !variesByCookie(response)) {
            response.addHeader("Vary", "Cookie");
        }
    }

    private static int present(HttpServletResponse response) {
        int present = 0;
        for (String name : response.getHeaderNames()) {
            if (name == null) {
                continue;
            }
            if (CACHE_CONTROL.equalsIgnoreCase(name)) {
                present |= HAS_CACHE_CONTROL;
            } else if ("Pragma".equalsIgnoreCase(name)) {
                present |= HAS_PRAGMA;
            } else if ("Expires".equalsIgnoreCase(name)) {
                present |= HAS_EXPIRES;
            } else if ("Vary".equalsIgnoreCase(name)) {
                present |= HAS_VARY;
            } else if (isTargeted(name)) {
                present |= HAS_TARGETED;
            }
        }
        return present;
    }

    private static boolean variesByCookie(HttpServletResponse response) {
        for (String vary : response.getHeaders("Vary")) {
            for (String token : vary.split(",")) {
                String t = token.trim();
                if (t.equalsIgnoreCase("Cookie") || t.equals("*")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether setting {@code name} may change what {@link #makePrivate} must do. */
    static boolean concerns(String name) {
        return CACHE_CONTROL.equalsIgnoreCase(name)
                || "ETag".equalsIgnoreCase(name)
                || "Vary".equalsIgnoreCase(name)
                || isTargeted(name);
    }

    private static void cacheControl(HttpServletResponse response, int present) {
        if ((present & HAS_CACHE_CONTROL) == 0) {
            response.setHeader(CACHE_CONTROL, NOTHING_SET_POLICY);
            if ((present & HAS_PRAGMA) == 0) {
                response.setHeader("Pragma", "no-cache");
            }
            if ((present & HAS_EXPIRES) == 0) {
                response.setHeader("Expires", "0");
            }
            return;
        }
        List<String> kept = new ArrayList<>();
        kept.add("private");
        for (String value : response.getHeaders(CACHE_CONTROL)) {
            for (String d : directives(value)) {
                String name = directiveName(d);
                if (name.equals("public") || name.equals("s-maxage") || name.equals("private")) {
                    continue; // private="field" is narrower than what we need; plain private is first already
                }
                kept.add(d);
            }
        }
        response.setHeader(CACHE_CONTROL, String.join(", ", kept));
    }

    /** Called only when {@link #present} saw a targeted field. */
    private static void targetedCacheControl(HttpServletResponse response) {
        List<String> targeted = new ArrayList<>(2);
        for (String header : response.getHeaderNames()) {
            if (isTargeted(header)) {
                targeted.add(header);
            }
        }
        for (String header : targeted) {
            List<String> kept = new ArrayList<>();
            kept.add("no-store");
            for (String value : response.getHeaders(header)) {
                for (String d : directives(value)) {
                    switch (directiveName(d)) {
                        case "no-store",
                                "public",
                                "private",
                                "max-age",
                                "s-maxage",
                                "stale-while-revalidate",
                                "stale-if-error",
                                "immutable" -> {
                            // freshness: meaningless once the field says no-store
                        }
                        default -> kept.add(d);
                    }
                }
            }
            response.setHeader(header, String.join(", ", kept));
        }
    }

    /** {@code CDN-Cache-Control}, {@code Xyz-CDN-Cache-Control} (RFC 9213 targeted fields) and {@code Surrogate-Control}. */
    private static boolean isTargeted(String name) {
        if (name == null) {
            return false;
        }
        String n = name.trim();
        return n.equalsIgnoreCase("cdn-cache-control")
                || n.regionMatches(
                        true, n.length() - TARGETED_SUFFIX.length(), TARGETED_SUFFIX, 0, TARGETED_SUFFIX.length())
                || n.equalsIgnoreCase("surrogate-control");
    }

    private static final String TARGETED_SUFFIX = "-cdn-cache-control";

    /** The comma-separated directives of a field value; commas inside quoted strings do not split. */
    static List<String> directives(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                add(out, value.substring(start, i));
                start = i + 1;
            }
        }
        add(out, value.substring(start));
        return out;
    }

    private static void add(List<String> out, String directive) {
        String d = directive.trim();
        if (!d.isEmpty()) {
            out.add(d);
        }
    }

    /** The directive's name, lower case, without its {@code =value} (and without a Surrogate-Control target). */
    private static String directiveName(String directive) {
        int end = directive.length();
        for (int i = 0; i < directive.length(); i++) {
            char c = directive.charAt(i);
            if (c == '=' || c == ';' || c == ' ' || c == '\t') {
                end = i;
                break;
            }
        }
        return directive.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
