package io.lcbridge.servlet;

import io.lcbridge.servlet.TestContainer.Env;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.lcbridge.servlet.TestPages.IDENTITY_SNIPPET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Review finding 7 on real Jetty (ee10 and ee11): an excluded path gets no widget however the request spells it.
 * Requests go over a plain socket so the request line reaches Jetty exactly as an attacker would write it.
 */
final class ExcludedPathSpellingsOnJettyTest {

    private static final Map<Env, URI> SERVERS = new EnumMap<>(Env.class);
    private static final Map<Env, TestContainer> CONTAINERS = new EnumMap<>(Env.class);
    private static final String PLAYGROUND = "<p>playground servlet</p>";

    /** Spellings of {@code /playground/...} and {@code /secret} that a container may route to those servlets. */
    private static final List<String> BYPASS_ATTEMPTS = List.of(
            "/app/%70layground",
            "/app/%70layground/events",
            "/app/playground;jsessionid=0123456789ABCDEF",
            "/app/playground;jsessionid=1/events",
            "/app/;x=1/playground",
            "/app//playground",
            "/app///playground/events",
            "/app/./playground",
            "/app/x/../playground",
            "/app/%2e/playground",
            "/app/x/%2e%2e/playground",
            "/app/x/%2E%2E/playground/events",
            "/app/playground%2Fevents",
            "/app/x%2F..%2Fplayground",
            "/app/playground%5Cevents",
            "/app/%73ecret",
            "/app/secret;a=b",
            "/app/./secret",
            "/app/%61pp/../secret",
            "/%61pp/%70layground",
            "/app/p%6cayground/",
            "/app/PLAYGROUND/../playground");

    /** The playground servlet (excluded) and everything else (not excluded), each saying which it is. */
    static final class Page extends HttpServlet {
        private static final long serialVersionUID = 1L;
        private final String marker;

        Page(String marker) {
            this.marker = marker;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.setContentType("text/html;charset=UTF-8");
            resp.getWriter().write("<html><head><title>t</title></head><body>" + marker + "</body></html>");
        }
    }

    static synchronized URI server(Env env) throws Exception {
        URI uri = SERVERS.get(env);
        if (uri != null) {
            return uri;
        }
        TestContainer c = env.create();
        c.filter(new TestPages.LoginFilter(), "/*");
        c.filter(
                new LiveChatWidgetFilter(
                        request -> new Snippet(IDENTITY_SNIPPET, true),
                        new FilterSettings(
                                InjectionPoint.BEFORE_BODY_END,
                                false,
                                new PathPatterns(List.of(), List.of("/playground/*", "/secret")),
                                WidgetFilterMetrics.none())),
                "/*");
        c.servlet(new Page(PLAYGROUND), "/playground/*");
        c.servlet(new Page("<p>secret servlet</p>"), "/secret");
        c.servlet(new Page("<p>page servlet</p>"), "/");
        uri = c.start();
        SERVERS.put(env, uri);
        CONTAINERS.put(env, c);
        return uri;
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (TestContainer c : CONTAINERS.values()) {
            c.close();
        }
        CONTAINERS.clear();
        SERVERS.clear();
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void noSpellingOfAnExcludedPathGetsTheWidget(Env env) throws Exception {
        List<String> reachedExcludedServlet = new ArrayList<>();
        for (String target : BYPASS_ATTEMPTS) {
            Reply reply = get(env, target);
            assertThat(reply.body).as(target + " (status " + reply.status + ")").doesNotContain(IDENTITY_SNIPPET);
            if (reply.status == 200 && !reply.body.contains("page servlet")) {
                reachedExcludedServlet.add(target);
            }
        }
        // the attempts are real: the container routes these to the excluded servlets
        assertThat(reachedExcludedServlet)
                .contains(
                        "/app/%70layground",
                        "/app/playground;jsessionid=0123456789ABCDEF",
                        "/app/./playground",
                        "/app/x/../playground",
                        "/app/%73ecret",
                        "/app/secret;a=b");
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void pathsThatAreNotExcludedStillGetIt(Env env) throws Exception {
        for (String target : List.of(
                "/app/account",
                "/app/account;jsessionid=0123456789ABCDEF",
                "/app/playgrounds",
                "/app/secrets",
                "/app/%61ccount",
                "/app/playground/../account")) {
            Reply reply = get(env, target);
            assertThat(reply.status).as(target).isEqualTo(200);
            assertThat(reply.body).as(target).contains("page servlet").contains(IDENTITY_SNIPPET);
        }
    }

    @Test
    void normalisesTheRequestUriAsServletSixDescribes() {
        assertThat(RequestPaths.normalised("/app/%70layground", "/app", true)).isEqualTo("/playground");
        assertThat(RequestPaths.normalised("/app/playground;jsessionid=1/x;y", "/app", true))
                .isEqualTo("/playground/x");
        assertThat(RequestPaths.normalised("/app//./a/b/../../playground/", "/app", true))
                .isEqualTo("/playground/");
        assertThat(RequestPaths.normalised("/app/../../playground", "/app", true))
                .isEqualTo("/playground");
        assertThat(RequestPaths.normalised("/app/a%2F..%2Fplayground", "/app", true))
                .isEqualTo("/playground");
        assertThat(RequestPaths.normalised("/app/a%2F..%2Fplayground", "/app", false))
                .isEqualTo("/a/../playground");
        assertThat(RequestPaths.normalised("/app/%zz", "/app", true)).isEqualTo("/%zz");
        assertThat(RequestPaths.normalised("/app", "/app", true)).isEqualTo("/");
        assertThat(RequestPaths.normalised("/other/x", "/app", true)).isEqualTo("/other/x");
        assertThat(RequestPaths.normalised("/caf%C3%A9", "", true)).isEqualTo("/café");
    }

    private record Reply(int status, String body) {}

    /** One HTTP/1.1 GET with the request target sent byte for byte; the body de-chunked. */
    private static Reply get(Env env, String target) throws Exception {
        URI base = server(env);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + target + "?user=alice HTTP/1.1\r\nHost: " + base.getHost() + "\r\n"
                            + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] all = socket.getInputStream().readAllBytes();
            String text = new String(all, StandardCharsets.ISO_8859_1);
            int headersEnd = text.indexOf("\r\n\r\n");
            String head = text.substring(0, headersEnd);
            int status = Integer.parseInt(head.substring(9, 12));
            String body = text.substring(headersEnd + 4);
            if (head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
                body = dechunk(body);
            }
            return new Reply(status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
        }
    }

    private static String dechunk(String chunked) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(chunked.getBytes(StandardCharsets.ISO_8859_1));
        while (true) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return out.toString(StandardCharsets.ISO_8859_1);
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            int size = Integer.parseInt(line.toString().split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.write(in.readNBytes(size));
            in.read(); // CR
            in.read(); // LF
        }
    }
}
