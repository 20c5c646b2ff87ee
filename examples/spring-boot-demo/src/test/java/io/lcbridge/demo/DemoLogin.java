package io.lcbridge.demo;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the demo's HTTP tests do as a browser would: a free port to start the demo on, a client with its own cookie
 * jar, and signing in through the form login with the CSRF token of the form (the demo's users' passwords are their
 * names).
 */
final class DemoLogin {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    private DemoLogin() {}

    /** A free loopback port, for {@code --server.port}. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A client with a session of its own (a cookie jar) that follows redirects, as a browser does. */
    static HttpClient newBrowser() {
        return HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The CSRF token of the form on {@code page}; fails the test if the page has none. */
    static String csrfOf(String page) {
        Matcher csrf = CSRF.matcher(page);
        assertThat(csrf.find()).as("CSRF field").isTrue();
        return csrf.group(1);
    }

    /** Loads the login page and posts its form as {@code user}; the answer is the page after login. */
    static HttpResponse<String> logIn(HttpClient client, String base, String user) throws Exception {
        String loginPage = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/login")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return postLogin(client, base, user, csrfOf(loginPage));
    }

    /** Posts the login form as {@code user} with the CSRF token {@code csrf}; the answer is the page after login. */
    static HttpResponse<String> postLogin(HttpClient client, String base, String user, String csrf) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(base + "/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "username=" + user + "&password=" + user + "&_csrf=" + csrf))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
