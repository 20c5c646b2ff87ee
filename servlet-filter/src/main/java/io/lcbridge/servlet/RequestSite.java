package io.lcbridge.servlet;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;

/**
 * Where a request comes from, as the browser states it: Fetch Metadata ({@code Sec-Fetch-Site}) and {@code Origin}.
 * Shared by the endpoints that answer the signed-in user's credentials, so a cross-site page never gets them.
 */
final class RequestSite {

    private RequestSite() {}

    /**
     * Whether the browser says the request was made by another site, or by another origin of this site: {@code
     * Sec-Fetch-Site} other than {@code same-origin} (and {@code none}, the user's own navigation, when {@code
     * userNavigationAllowed}), or an {@code Origin} other than this server's. A client that sends neither (not a
     * browser, or an old one) is not refused here.
     */
    static boolean isForeign(HttpServletRequest request, boolean userNavigationAllowed) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null
                && !site.equalsIgnoreCase("same-origin")
                && !(userNavigationAllowed && site.equalsIgnoreCase("none"))) {
            return true;
        }
        String origin = request.getHeader("Origin");
        return origin != null && !origin.equalsIgnoreCase(originOf(request));
    }

    /** This server's origin as the container sees the request (behind a proxy: configure forwarded headers). */
    static String originOf(HttpServletRequest request) {
        String scheme = request.getScheme().toLowerCase(Locale.ROOT);
        int port = request.getServerPort();
        boolean defaultPort = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
        String host = request.getServerName();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host + (defaultPort || port <= 0 ? "" : ":" + port);
    }
}
