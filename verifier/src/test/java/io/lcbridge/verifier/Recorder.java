package io.lcbridge.verifier;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A handler that records what it received and can be told to fail. */
final class Recorder implements LiveChatWebhookHandler {

    final List<WebhookEvent> events = new CopyOnWriteArrayList<>();
    volatile boolean fail;

    @Override
    public void handle(WebhookEvent event) {
        events.add(event);
        if (fail) {
            throw new IllegalStateException("handler told to fail");
        }
    }

    WebhookEvent last() {
        return events.get(events.size() - 1);
    }
}
