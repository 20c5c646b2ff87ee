package io.lcbridge.livechat.api;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * One authorized JSON {@code POST} to LiveChat and the mapping of what can go wrong with it to {@link
 * LiveChatApiException}: shared by {@link LiveChatApiClient} (which retries on top of it) and {@link
 * CustomerAccountsClient} (which does not), so both send the same headers, read answers with the same bound and
 * describe failures the same way.
 *
 * <p>Failures: a timeout or I/O failure is {@link LiveChatApiException#TRANSPORT} (status 0, only the exception's class
 * is kept, never its message); an answer over the size bound is {@link LiveChatApiException#UNEXPECTED_RESPONSE}; a
 * non-2xx answer is mapped by {@link #failureOf(String, Answer)}. No message ever carries the credentials: LiveChat's
 * own texts are redacted, shortened and stripped of control characters. Thread-safe.
 */
final class LiveChatHttpExchange {

    static final int MAX_MESSAGE_CHARS = 300;
    private static final int MAX_TYPE_CHARS = 64;

    private final HttpClient http;
    private final LiveChatCredentials credentials;
    private final int maxAnswerBytes;
    private final JsonMapper mapper = JsonMapper.builder().build();

    LiveChatHttpExchange(HttpClient http, LiveChatCredentials credentials, int maxAnswerBytes) {
        this.http = http;
        this.credentials = credentials;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    /** An HTTP answer of any status, its body read up to the bound. */
    record Answer(int status, byte[] body, HttpHeaders headers) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Sends {@code json} to {@code uri} once.
     *
     * @param name the method named in failures, e.g. {@code agent/send_event}
     * @throws LiveChatApiException of type {@link LiveChatApiException#TRANSPORT} when no answer came (the thread's
     *     interrupt flag is set again when interrupted), or {@link LiveChatApiException#UNEXPECTED_RESPONSE} when the
     *     answer is larger than the bound
     */
    Answer post(URI uri, String name, byte[] json, Duration timeout) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", "lcbridge-livechat-api")
                .header("Authorization", credentials.authorizationHeader())
                .POST(HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        HttpResponse<InputStream> response;
        byte[] body;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                body = in.readNBytes(maxAnswerBytes + 1);
            }
        } catch (HttpTimeoutException e) {
            throw transport(name, "no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            // the cause's message is dropped on purpose: only its class is kept, and no request header
            String cause =
                    e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")";
            throw transport(name, e.getClass().getSimpleName() + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw transport(name, "interrupted");
        }
        int status = response.statusCode();
        if (body.length > maxAnswerBytes) {
            throw new LiveChatApiException(
                    name,
                    LiveChatApiException.UNEXPECTED_RESPONSE,
                    status,
                    "answer larger than " + maxAnswerBytes + " bytes",
                    null,
                    null);
        }
        return new Answer(status, body, response.headers());
    }

    /**
     * The failure a non-2xx answer stands for: LiveChat's {@code error.type} and {@code error.message} from its error
     * envelope, or a plain {@code error} string as the type (the accounts service's OAuth-style answers); {@link
     * LiveChatApiException#UNEXPECTED_RESPONSE} when there is neither. {@code Retry-After} is kept.
     */
    LiveChatApiException failureOf(String name, Answer answer) {
        String type = null;
        String message = null;
        JsonNode root = readTree(answer.body());
        JsonNode error = root == null || !root.isObject() ? null : root.get("error");
        if (error != null && error.isObject()) {
            JsonNode t = error.get("type");
            JsonNode m = error.get("message");
            type = t != null && t.isString() ? t.asString() : null;
            message = m != null && m.isString() ? m.asString() : null;
        } else if (error != null && error.isString()) {
            type = error.asString();
        }
        Duration retryAfter = LiveChatApiClient.retryAfter(answer.headers());
        String cleanType = type == null ? "" : typeToken(redact(type));
        if (cleanType.isEmpty()) {
            return new LiveChatApiException(
                    name,
                    LiveChatApiException.UNEXPECTED_RESPONSE,
                    answer.status(),
                    "no error envelope",
                    retryAfter,
                    null);
        }
        return new LiveChatApiException(name, cleanType, answer.status(), shorten(message), retryAfter, null);
    }

    /** The answer as a JSON tree, or null when it is not JSON. */
    @Nullable
    JsonNode readTree(byte[] body) {
        try {
            return mapper.readTree(body);
        } catch (JacksonException e) {
            return null;
        }
    }

    private LiveChatApiException transport(String name, String what) {
        return new LiveChatApiException(name, LiveChatApiException.TRANSPORT, 0, shorten(what), null, null);
    }

    /** Credentials removed, control characters replaced, at most {@value #MAX_MESSAGE_CHARS} characters. */
    private @Nullable String shorten(@Nullable String text) {
        if (text == null) {
            return null;
        }
        String cleaned = redact(text);
        StringBuilder b = new StringBuilder(Math.min(cleaned.length(), MAX_MESSAGE_CHARS));
        for (int i = 0; i < cleaned.length() && b.length() < MAX_MESSAGE_CHARS; i++) {
            char c = cleaned.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        if (cleaned.length() > MAX_MESSAGE_CHARS) {
            b.append("...");
        }
        return b.toString();
    }

    private String redact(String text) {
        String cleaned = text;
        for (String secret : credentials.secrets()) {
            if (secret != null && secret.length() >= 4) {
                cleaned = cleaned.replace(secret, "(redacted)");
            }
        }
        return cleaned;
    }

    /** An error type as a token: letters, digits, {@code _} and {@code -} only, at most 64 of them. */
    private static String typeToken(String type) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < type.length() && b.length() < MAX_TYPE_CHARS; i++) {
            char c = type.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-') {
                b.append(c);
            }
        }
        return b.toString();
    }
}
