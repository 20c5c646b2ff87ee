package io.lcbridge.spring;

import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookHeaders;
import io.lcbridge.verifier.WebhookOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** An application's webhook listener that throws is logged at WARNING with its stack trace, once per delivery. */
final class WebhookListenerFailureLogTest {

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger(LiveChatWebhooks.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level previous;

    @BeforeEach
    void capture() {
        previous = logger.getLevel();
        logger.setLevel(Level.INFO);
        logger.addHandler(capture);
    }

    @AfterEach
    void release() {
        logger.removeHandler(capture);
        logger.setLevel(previous);
    }

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
                records.stream().filter(r -> r.getThrown() != null).toList();
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
