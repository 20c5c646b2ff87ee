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

    static void makePrivate(HttpServletResponse response) {
        cacheControl(response);
        targetedCacheControl(response);
        String etag = response.getHeader("ETag");
        if (etag != null && !etag.trim().startsWith("W/")) {
            response.setHeader("ETag", null);
        }
        boolean varies = false;
        for (String vary : response.getHeaders("Vary")) {
            for (String token : vary.split(",")) {
                String t = token.trim();
                if (t.equalsIgnoreCase("Cookie") || t.equals("*")) {
                    varies = true;
                }
            }
        }
        if (!varies) {
            response.addHeader("Vary", "Cookie");
        }
    }

    /** Whether setting {@code name} may change what {@link #makePrivate} must do. */
    static boolean concerns(String name) {
        return CACHE_CONTROL.equalsIgnoreCase(name)
                || "ETag".equalsIgnoreCase(name)
                || "Vary".equalsIgnoreCase(name)
                || isTargeted(name);
    }

    private static void cacheControl(HttpServletResponse response) {
        if (!response.containsHeader(CACHE_CONTROL)) {
            response.setHeader(CACHE_CONTROL, NOTHING_SET_POLICY);
            if (!response.containsHeader("Pragma")) {
                response.setHeader("Pragma", "no-cache");
            }
            if (!response.containsHeader("Expires")) {
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

    private static void targetedCacheControl(HttpServletResponse response) {
        List<String> targeted = null; // usually none: nothing is copied then
        for (String header : response.getHeaderNames()) {
            if (isTargeted(header)) {
                if (targeted == null) {
                    targeted = new ArrayList<>(2);
                }
                targeted.add(header);
            }
        }
        if (targeted == null) {
            return;
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
