package io.lcbridge.livechat.api;

import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.testsupport.livechat.RecordedCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A fresh fake LiveChat per test and a client pointed at it with short back-offs. */
abstract class FakeBacked {

    static final String ACCOUNT_ID = "d24fa41e-bc16-41b8-a15b-9ca45ff7e0cf";
    static final String PAT = "fra:pat-secret-value-123456";
    static final String OWNER = "asXdesldiAJSq9padj";
    static final JsonMapper JSON = JsonMapper.builder().build();

    FakeLiveChat fake;
    LiveChatApiClient client;

    @BeforeEach
    void startFake() {
        fake = FakeLiveChat.start().requirePersonalAccessToken(ACCOUNT_ID, PAT);
        client = LiveChatApiClient.builder()
                .apiUrl(fake.apiUrl())
                .personalAccessToken(ACCOUNT_ID, PAT)
                .retryPolicy(new RetryPolicy(4, Duration.ofMillis(10), Duration.ofSeconds(3)))
                .requestTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    /** The single call of {@code method}, checked for path, verb, content type and PAT. */
    RecordedCall onlyCall(String api, String method) {
        List<RecordedCall> calls = fake.calls(method);
        assertThat(calls).hasSize(1);
        RecordedCall call = calls.get(0);
        assertThat(call.path()).isEqualTo("/v3.6/" + api + "/action/" + method);
        assertThat(call.httpMethod()).isEqualTo("POST");
        assertThat(call.contentType()).isEqualTo("application/json");
        assertThat(call.authorization()).startsWith("Basic ");
        return call;
    }

    static JsonNode json(String text) {
        return JSON.readTree(text);
    }
}
