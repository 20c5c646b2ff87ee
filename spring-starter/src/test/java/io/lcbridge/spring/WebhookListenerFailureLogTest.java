package io.lcbridge.spring;

import io.lcbridge.testsupport.logging.LogCapture;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookHeaders;
import io.lcbridge.verifier.WebhookOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

/** An application's webhook listener that throws is logged at WARNING with its stack trace, once per delivery. */
final class WebhookListenerFailureLogTest {

    @RegisterExtension
    final LogCapture logs = LogCapture.of(LiveChatWebhooks.class).atLevel(Level.INFO);

    @Test
    void throwingListenerIsLoggedAtWarningWithItsStackTraceOncePerDelivery() {
        new WebApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(LiveChatAutoConfiguration.class, LiveChatWebhookAutoConfiguration.class))
                .withUserConfiguration(NullDereferencingListener.class)
                .withPropertyValues(
                        "livechat.license=12345678",
                        "livechat.signing.secret=" + TestWebhooks.SIGNING_SECRET,
                        "livechat.webhook.secret-keys=" + TestWebhooks.SECRET_KEY)
                .run(context -> {
                    LiveChatWebhooks webhooks = context.getBean(LiveChatWebhooks.class);
                    WebhookOutcome first = webhooks.process(
                            TestWebhooks.incomingChat("not-a-token", null, null), WebhookHeaders.none(), Instant.now());
                    assertThat(first.httpStatus()).isEqualTo(500);
                });

        List<LogRecord> withTrace =
                logs.records().stream().filter(r -> r.getThrown() != null).toList();
        assertThat(withTrace).as("one logged failure carrying the exception").hasSize(1);
        LogRecord failure = withTrace.get(0);
        assertThat(failure.getLevel()).isEqualTo(Level.WARNING);
        assertThat(failure.getMessage()).contains("handler failed", "incoming_chat");
        assertThat(failure.getThrown()).isInstanceOf(NullPointerException.class);
        assertThat(failure.getThrown().getStackTrace())
                .as("the trace reaches the application's listener")
                .anyMatch(frame -> frame.getClassName().equals(NullDereferencingListener.class.getName()));
    }

    @Configuration(proxyBeanMethods = false)
    static class NullDereferencingListener {
        @EventListener
        void on(LiveChatWebhookEvent.IncomingChat event) {
            throw new NullPointerException("the application's listener failed");
        }
    }
}
