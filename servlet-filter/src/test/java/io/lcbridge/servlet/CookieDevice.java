package io.lcbridge.servlet;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** One browser against a {@link LoopbackJetty} application: its own cookie jar, so its own HTTP session. */
final class CookieDevice {

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .cookieHandler(cookies)
            .build();

    /** @param baseUrl the application's base URL ({@link LoopbackJetty#baseUrl()}) */
    CookieDevice(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** GET {@code path} (below the base URL), with this device's cookies. */
    HttpResponse<String> get(String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** The body of GET {@code path}, which must answer 200. */
    String page(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("status of %s", path).isEqualTo(200);
        return response.body();
    }

    /** {@code HttpSession.getId()}: Jetty's cookie carries it followed by {@code .} and the node name. */
    String sessionId() {
        String cookie = cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals("JSESSIONID"))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElseThrow();
        int dot = cookie.lastIndexOf('.');
        return dot > 0 ? cookie.substring(0, dot) : cookie;
    }
}
