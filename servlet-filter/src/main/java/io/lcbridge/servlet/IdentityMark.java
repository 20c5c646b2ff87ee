package io.lcbridge.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Enumeration;

/**
 * The browser mark behind logout hygiene: a small cookie saying "a page of this browser queued a signed-in identity in
 * the LiveChat widget". The widget keeps what it was given (LiveChat holds the customer across pages), so the first
 * anonymous page after a signed-in one must overwrite it; the mark tells the filter which page that is. A cookie
 * rather than the HTTP session, because logout usually invalidates the session and the mark must outlive it.
 *
 * <p>{@code HttpOnly} (no script needs it), {@code SameSite=Lax}, {@code Path=/} (LiveChat's customer is per site, not
 * per application path), {@code Secure} when the request came over HTTPS, and persistent: LiveChat keeps its customer
 * for much longer than a browser session. Only written while the response headers can still change.
 */
final class IdentityMark {

    /** The cookie's name; its value is always {@code 1}. */
    static final String COOKIE = "lcbridge_identified";

    /** 400 days, the longest lifetime browsers keep a cookie for. */
    static final long MAX_AGE_SECONDS = 400L * 24 * 60 * 60;

    private IdentityMark() {}

    /** Whether the request carries the mark. */
    static boolean present(HttpServletRequest request) {
        if (!mentioned(request)) {
            return false;
        }
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a {@code Cookie} header of the request holds the mark's name, asked before {@code getCookies()}: that
     * parses every cookie of the request into objects (in Jetty also a request attribute map), a few microseconds per
     * page even when the mark is absent, and a cookie of that name cannot come from headers that do not contain it.
     * A container that hides its headers ({@code null}) counts as mentioning it, so {@code getCookies()} decides.
     */
    private static boolean mentioned(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Cookie");
        if (headers == null) {
            return true;
        }
        while (headers.hasMoreElements()) {
            String header = headers.nextElement();
            if (header != null && header.contains(COOKIE)) {
                return true;
            }
        }
        return false;
    }

    private static final String ATTRIBUTES = "; Path=/; HttpOnly; SameSite=Lax";
    private static final String SET = COOKIE + "=1; Max-Age=" + MAX_AGE_SECONDS + ATTRIBUTES;
    private static final String DROP = COOKIE + "=; Max-Age=0" + ATTRIBUTES;
    private static final String SECURE = "; Secure";
    private static final String SECURE_SET = SET + SECURE;
    private static final String SECURE_DROP = DROP + SECURE;

    /** Marks the browser (headers must still be modifiable). */
    static void set(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", request.isSecure() ? SECURE_SET : SET);
    }

    /** Drops the mark (headers must still be modifiable). */
    static void drop(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader("Set-Cookie", request.isSecure() ? SECURE_DROP : DROP);
    }
}
