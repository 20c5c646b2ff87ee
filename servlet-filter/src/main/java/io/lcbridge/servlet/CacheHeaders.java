package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServletResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Marks a response that carries a visitor's identity so no shared cache serves it to someone else:
 * {@code Cache-Control: private} (unless it already says {@code no-store}; {@code public} and {@code s-maxage} are
 * removed), a strong {@code ETag} is dropped (it described the page without the per-user snippet; a weak one is
 * kept), and {@code Vary: Cookie} is added.
 */
final class CacheHeaders {

    private CacheHeaders() {}

    static void makePrivate(HttpServletResponse response) {
        cacheControl(response);
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

    private static void cacheControl(HttpServletResponse response) {
        List<String> kept = new ArrayList<>();
        boolean isPrivate = false;
        for (String value : response.getHeaders("Cache-Control")) {
            for (String directive : value.split(",")) {
                String d = directive.trim();
                String lower = d.toLowerCase(Locale.ROOT);
                if (lower.equals("no-store")) {
                    return; // already stronger than private
                }
                if (d.isEmpty() || lower.equals("public") || lower.startsWith("s-maxage")) {
                    continue;
                }
                if (lower.equals("private") || lower.startsWith("private=")) {
                    isPrivate = lower.equals("private");
                    if (!isPrivate) {
                        continue; // private="field" is narrower than what we need
                    }
                }
                kept.add(d);
            }
        }
        if (!isPrivate) {
            kept.add(0, "private");
        }
        response.setHeader("Cache-Control", String.join(", ", kept));
    }
}
