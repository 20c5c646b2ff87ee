package io.lcbridge.livechat.api;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one sender both LiveChat clients use: how each answer and failure becomes a LiveChatApiException. */
final class LiveChatHttpExchangeTest {

    static final String TOKEN = "dal:secret-agent-token-4711";
    static final String NAME = "agent/send_event";

    HttpServer server;
    AtomicReference<Reply> reply = new AtomicReference<>(new Reply(200, "{}", Map.of()));
    AtomicReference<String> seenAuthorization = new AtomicReference<>();
    LiveChatHttpExchange exchange;
    URI uri;

    record Reply(int status, String body, Map<String, String> headers) {}

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            seenAuthorization.set(ex.getRequestHeaders().getFirst("Authorization"));
            ex.getRequestBody().readAllBytes();
            Reply r = reply.get();
            r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v3.6/agent/action/send_event");
        exchange = new LiveChatHttpExchange(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
                LiveChatCredentials.bearer(() -> TOKEN),
                1024);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsTheCredentialsAndReturnsASuccessfulAnswer() {
        reply.set(new Reply(200, "{\"event_id\":\"E1\"}", Map.of()));

        LiveChatHttpExchange.Answer answer =
                exchange.post(uri, NAME, "{}".getBytes(StandardCharsets.UTF_8), seconds(5));

        assertThat(answer.isSuccess()).isTrue();
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"event_id\":\"E1\"}");
        assertThat(seenAuthorization.get()).isEqualTo("Bearer " + TOKEN);
    }

    @Test
    void anErrorEnvelopeBecomesTypeStatusAndMessage() {
        reply.set(new Reply(
                401, "{\"error\":{\"type\":\"authentication\",\"message\":\"Invalid access token\"}}", Map.of()));

        LiveChatApiException e = failureOfPost();

        assertThat(e.method()).isEqualTo(NAME);
        assertThat(e.errorType()).isEqualTo("authentication");
        assertThat(e.httpStatus()).isEqualTo(401);
        assertThat(e.isTransient()).isFalse();
        assertThat(e.getMessage())
                .isEqualTo("LiveChat agent/send_event failed: authentication (HTTP 401): Invalid access token");
    }

    @Test
    void aPlainErrorStringIsTheType() {
        reply.set(new Reply(400, "{\"error\":\"invalid_request\"}", Map.of()));

        LiveChatApiException e = failureOfPost();

        assertThat(e.errorType()).isEqualTo("invalid_request");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.liveChatMessage()).isEmpty();
    }

    @Test
    void anAnswerWithoutAnEnvelopeIsAnUnexpectedResponseByStatus() {
        reply.set(new Reply(502, "<html><body>Bad Gateway</body></html>", Map.of()));

        LiveChatApiException e = failureOfPost();

        assertThat(e.errorType()).isEqualTo(LiveChatApiException.UNEXPECTED_RESPONSE);
        assertThat(e.httpStatus()).isEqualTo(502);
        assertThat(e.isTransient()).isTrue();
        assertThat(e.getMessage()).doesNotContain("<html>");
    }

    @Test
    void aRateLimitKeepsRetryAfter() {
        reply.set(new Reply(
                429,
                "{\"error\":{\"type\":\"too_many_requests\",\"message\":\"Too many requests\"}}",
                Map.of("Retry-After", "7")));

        LiveChatApiException e = failureOfPost();

        assertThat(e.errorType()).isEqualTo("too_many_requests");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.isTransient()).isTrue();
    }

    @Test
    void aTokenEchoedInTypeOrMessageNeverReachesTheException() {
        reply.set(new Reply(
                400,
                "{\"error\":{\"type\":\"bad " + TOKEN + "\",\"message\":\"token " + TOKEN + " refused\"}}",
                Map.of()));

        LiveChatApiException e = failureOfPost();

        assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain("secret-agent-token");
        assertThat(e.errorType()).doesNotContain("secret-agent-token");
        assertThat(e.liveChatMessage()).isEqualTo("token (redacted) refused");
    }

    @Test
    void aHostileTypeIsReducedToATokenAndALongMessageIsShortened() {
        String longMessage = "x".repeat(500);
        reply.set(new Reply(
                400,
                "{\"error\":{\"type\":\"<script>\\nvalidation\",\"message\":\"line\\r\\nbreak " + longMessage + "\"}}",
                Map.of()));

        LiveChatApiException e = failureOfPost();

        assertThat(e.errorType()).isEqualTo("scriptvalidation");
        assertThat(e.liveChatMessage())
                .startsWith("line  break x")
                .hasSize(LiveChatHttpExchange.MAX_MESSAGE_CHARS + 3)
                .endsWith("...")
                .doesNotContain("\n", "\r");
    }

    @Test
    void anOversizedAnswerIsRefusedWhateverItsStatus() {
        reply.set(new Reply(200, "{\"a\":\"" + "y".repeat(2000) + "\"}", Map.of()));

        assertThatThrownBy(() -> exchange.post(uri, NAME, new byte[0], seconds(5)))
                .isInstanceOfSatisfying(LiveChatApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(LiveChatApiException.UNEXPECTED_RESPONSE);
                    assertThat(e.httpStatus()).isEqualTo(200);
                })
                .hasMessageContaining("answer larger than 1024 bytes");
    }

    @Test
    void noServerIsATransportFailureWithoutTheToken() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort + "/v2/customer/token");

        assertThatThrownBy(() -> exchange.post(nowhere, NAME, new byte[0], seconds(5)))
                .isInstanceOfSatisfying(LiveChatApiException.class, e -> {
                    assertThat(e.errorType()).isEqualTo(LiveChatApiException.TRANSPORT);
                    assertThat(e.httpStatus()).isZero();
                    assertThat(e.isTransient()).isTrue();
                    assertThat(e.getCause()).isNull();
                })
                .hasMessageNotContaining(TOKEN)
                .hasMessageContaining("ConnectException");
    }

    @Test
    void failureOfNeedsNoNetwork() {
        HttpHeaders headers = HttpHeaders.of(Map.of("Retry-After", List.of("3")), (k, v) -> true);
        LiveChatHttpExchange.Answer answer = new LiveChatHttpExchange.Answer(
                503, "{\"error\":{\"type\":\"service_unavailable\"}}".getBytes(StandardCharsets.UTF_8), headers);

        LiveChatApiException e = exchange.failureOf(NAME, answer);

        assertThat(e.errorType()).isEqualTo("service_unavailable");
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(3));
    }

    private LiveChatApiException failureOfPost() {
        LiveChatHttpExchange.Answer answer = exchange.post(uri, NAME, new byte[0], seconds(5));
        assertThat(answer.isSuccess()).isFalse();
        return exchange.failureOf(NAME, answer);
    }

    private static Duration seconds(int n) {
        return Duration.ofSeconds(n);
    }
}
