package io.lcbridge.servlet;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The mark cookie's attributes: Secure exactly when the request came over HTTPS, and how it is recognised. */
final class IdentityMarkTest {

    @Test
    void isSecureOnlyOnSecureRequests() {
        List<String> headers = new ArrayList<>();

        IdentityMark.set(request(true, null), response(headers));
        IdentityMark.drop(request(true, null), response(headers));
        IdentityMark.set(request(false, null), response(headers));

        assertThat(headers)
                .containsExactly(
                        "Set-Cookie: lcbridge_identified=1; Max-Age=34560000; Path=/; HttpOnly; SameSite=Lax; Secure",
                        "Set-Cookie: lcbridge_identified=; Max-Age=0; Path=/; HttpOnly; SameSite=Lax; Secure",
                        "Set-Cookie: lcbridge_identified=1; Max-Age=34560000; Path=/; HttpOnly; SameSite=Lax");
    }

    @Test
    void recognisesTheMarkByNameAmongOtherCookies() {
        assertThat(IdentityMark.present(request(false, null))).isFalse();
        assertThat(IdentityMark.present(request(false, new Cookie[] {new Cookie("JSESSIONID", "x")})))
                .isFalse();
        assertThat(IdentityMark.present(request(
                        false, new Cookie[] {new Cookie("JSESSIONID", "x"), new Cookie("lcbridge_identified", "1")})))
                .isTrue();
    }

    @Test
    void parsesNoCookiesWhenNoCookieHeaderNamesTheMark() {
        List<String> asked = new ArrayList<>();

        assertThat(IdentityMark.present(request(false, null, List.of(), asked))).isFalse();
        assertThat(IdentityMark.present(
                        request(false, new Cookie[] {new Cookie("JSESSIONID", "x")}, List.of("JSESSIONID=x"), asked)))
                .isFalse();

        assertThat(asked).doesNotContain("getCookies");
    }

    @Test
    void theCookiesDecideWhenAHeaderHoldsTheNameOrTheHeadersAreHidden() {
        List<String> asked = new ArrayList<>();
        Cookie[] valueOnly = {new Cookie("other", "lcbridge_identified")};
        Cookie[] mark = {new Cookie("lcbridge_identified", "1")};

        assertThat(IdentityMark.present(request(false, valueOnly, List.of("other=lcbridge_identified"), asked)))
                .isFalse();
        assertThat(IdentityMark.present(request(false, mark, List.of("a=b", "lcbridge_identified=1"), asked)))
                .isTrue();
        assertThat(IdentityMark.present(request(false, mark, null, asked))).isTrue();

        assertThat(asked).containsExactly("getCookies", "getCookies", "getCookies");
    }

    /** A request whose Cookie headers are its cookies, as a container's are. */
    private static HttpServletRequest request(boolean secure, Cookie[] cookies) {
        List<String> header = new ArrayList<>();
        if (cookies != null) {
            StringBuilder value = new StringBuilder();
            for (Cookie cookie : cookies) {
                value.append(value.length() == 0 ? "" : "; ")
                        .append(cookie.getName())
                        .append('=')
                        .append(cookie.getValue());
            }
            header.add(value.toString());
        }
        return request(secure, cookies, header, new ArrayList<>());
    }

    private static HttpServletRequest request(
            boolean secure, Cookie[] cookies, List<String> cookieHeaders, List<String> asked) {
        return (HttpServletRequest) Proxy.newProxyInstance(
                IdentityMarkTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getCookies")) {
                        asked.add("getCookies");
                    }
                    return switch (method.getName()) {
                        case "isSecure" -> secure;
                        case "getCookies" -> cookies;
                        case "getHeaders" ->
                            "Cookie".equals(args[0]) && cookieHeaders != null
                                    ? Collections.enumeration(cookieHeaders)
                                    : null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    };
                });
    }

    private static HttpServletResponse response(List<String> headers) {
        return (HttpServletResponse) Proxy.newProxyInstance(
                IdentityMarkTest.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("addHeader")) {
                        headers.add(args[0] + ": " + args[1]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
