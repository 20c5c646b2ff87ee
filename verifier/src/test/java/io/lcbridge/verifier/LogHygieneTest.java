package io.lcbridge.verifier;

import io.lcbridge.testsupport.logging.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.logging.Level;

import static io.lcbridge.verifier.Fixtures.ANDERSON;
import static io.lcbridge.verifier.Fixtures.AUDIENCE;
import static io.lcbridge.verifier.Fixtures.KEYS;
import static io.lcbridge.verifier.Fixtures.RECEIVED;
import static io.lcbridge.verifier.Fixtures.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** Every log line the verifier writes, at every level, is free of secrets, tokens, personal data and message text. */
final class LogHygieneTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.of(LiveChatWebhooks.class).atLevel(Level.ALL);

    @Test
    void failuresAreLoggedWithoutSecretTokenNameEmailOrMessageText() {
        String token = Fixtures.token(ANDERSON);
        FlakyStore store = new FlakyStore(InMemoryChatContextStore.builder().build());
        LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(SECRET))
                .identityKeys(KEYS)
                .audience(AUDIENCE)
                .store(store)
                .handlerForAll(e -> {
                    throw new IllegalStateException("boom");
                })
                .build();
        byte[] chat = Fixtures.bytes(Fixtures.withToken("incoming_chat.v3.6.json", token));
        byte[] event =
                Fixtures.bytes(Fixtures.raw("incoming_event.v3.6.json").replace("\"hi\"", "\"my card is 4111\""));

        webhooks.process(chat, WebhookHeaders.none(), RECEIVED); // handler fails
        webhooks.process(event, WebhookHeaders.none(), RECEIVED); // handler fails
        webhooks.process(
                Fixtures.bytes(new String(chat).replace(SECRET, "guessed-secret")), WebhookHeaders.none(), RECEIVED);
        webhooks.process(Fixtures.bytes("{\"secret_key\":\"" + SECRET + "\""), WebhookHeaders.none(), RECEIVED);
        store.down = true;
        webhooks.process(chat, WebhookHeaders.none(), RECEIVED); // store down

        assertThat(lines()).isNotEmpty();
        assertThat(lines())
                .noneMatch(l -> l.contains(SECRET)
                        || l.contains("guessed-secret")
                        || l.contains(token)
                        || l.contains("Thomas")
                        || l.contains("t.anderson")
                        || l.contains("4111")
                        || l.contains("enterprise"));
    }

    /** Each captured line as the log shows it: the message, and the exception if one was logged. */
    private List<String> lines() {
        return logs.records().stream()
                .map(r -> r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()))
                .toList();
    }
}
