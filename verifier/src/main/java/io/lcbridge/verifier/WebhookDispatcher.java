package io.lcbridge.verifier;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the handlers of one verified delivery: those registered for its action, then those for all actions. Either on
 * the calling thread, or (asynchronous dispatch) on an executor: one given by the application, or a bounded pool of
 * this dispatcher's own that {@link #close()} drains. What happens to the delivery's claim afterwards is the caller's,
 * through the two callbacks of {@link #dispatch}.
 */
final class WebhookDispatcher implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LiveChatWebhooks.class.getName());

    private final Map<String, List<LiveChatWebhookHandler>> handlersByAction;
    private final List<LiveChatWebhookHandler> handlersForAll;
    /** {@code null}: handlers run on the calling thread. */
    private final Executor executor;
    /** The pool made for a thread count and queue capacity, shut down by {@link #close()}; else {@code null}. */
    private final ThreadPoolExecutor ownPool;

    /**
     * @param executor      the application's executor, or {@code null}
     * @param ownThreads    with no executor: threads of an own pool, or 0 for synchronous dispatch
     * @param queueCapacity the own pool's queue capacity
     */
    WebhookDispatcher(
            Map<String, List<LiveChatWebhookHandler>> handlersByAction,
            List<LiveChatWebhookHandler> handlersForAll,
            Executor executor,
            int ownThreads,
            int queueCapacity) {
        Map<String, List<LiveChatWebhookHandler>> byAction = new LinkedHashMap<>();
        handlersByAction.forEach((action, list) -> byAction.put(action, List.copyOf(list)));
        this.handlersByAction = Map.copyOf(byAction);
        this.handlersForAll = List.copyOf(handlersForAll);
        if (executor != null) {
            this.executor = executor;
            this.ownPool = null;
        } else if (ownThreads > 0) {
            AtomicInteger n = new AtomicInteger();
            this.ownPool = new ThreadPoolExecutor(
                    ownThreads,
                    ownThreads,
                    0,
                    TimeUnit.MILLISECONDS,
                    new ArrayBlockingQueue<>(queueCapacity),
                    r -> {
                        Thread t = new Thread(r, "lcbridge-webhook-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    },
                    new ThreadPoolExecutor.AbortPolicy());
            this.executor = ownPool;
        } else {
            this.executor = null;
            this.ownPool = null;
        }
    }

    /**
     * Dispatches {@code event}. Once every handler ran without failing, {@code completed} runs; when one failed, or the
     * executor refused the delivery, {@code released} runs. Synchronous dispatch (also when no handler is registered
     * for the action) runs both on the calling thread before returning; asynchronous dispatch on the executor.
     *
     * @return {@link WebhookOutcome.Kind#HANDLED} or {@link WebhookOutcome.Kind#HANDLER_FAILED} when dispatched
     *     synchronously, {@link WebhookOutcome.Kind#QUEUED} or {@link WebhookOutcome.Kind#QUEUE_FULL} when
     *     asynchronously
     */
    WebhookOutcome.Kind dispatch(WebhookEvent event, Runnable completed, Runnable released) {
        List<LiveChatWebhookHandler> handlers = handlersFor(event.action());
        if (executor != null && !handlers.isEmpty()) {
            try {
                executor.execute(() -> {
                    if (runAll(handlers, event)) {
                        completed.run();
                    } else {
                        released.run();
                    }
                });
            } catch (RejectedExecutionException e) {
                released.run();
                return WebhookOutcome.Kind.QUEUE_FULL;
            }
            return WebhookOutcome.Kind.QUEUED;
        }
        if (!runAll(handlers, event)) {
            released.run();
            return WebhookOutcome.Kind.HANDLER_FAILED;
        }
        completed.run();
        return WebhookOutcome.Kind.HANDLED;
    }

    private List<LiveChatWebhookHandler> handlersFor(String action) {
        List<LiveChatWebhookHandler> specific = handlersByAction.getOrDefault(action, List.of());
        if (handlersForAll.isEmpty()) {
            return specific;
        }
        if (specific.isEmpty()) {
            return handlersForAll;
        }
        List<LiveChatWebhookHandler> all = new ArrayList<>(specific);
        all.addAll(handlersForAll);
        return all;
    }

    /** Runs every handler, stopping at the first that fails; whether all succeeded. */
    private static boolean runAll(List<LiveChatWebhookHandler> handlers, WebhookEvent event) {
        for (LiveChatWebhookHandler handler : handlers) {
            try {
                handler.handle(event);
            } catch (Exception | LinkageError | AssertionError e) {
                // the application's own failure: logged once per delivery, with its stack trace, so it can be fixed
                LOG.log(
                        Level.WARNING,
                        () -> "lcbridge webhook handler failed for " + event.action() + ": "
                                + e.getClass().getName() + "; the delivery will be dispatched again on retry",
                        e);
                return false;
            }
        }
        return true;
    }

    /**
     * Stops the own pool after the queued deliveries ran (up to 10 s). No-op when synchronous, and for an executor
     * given by the application, which its owner shuts down.
     */
    @Override
    public void close() {
        if (ownPool == null) {
            return;
        }
        ownPool.shutdown();
        try {
            if (!ownPool.awaitTermination(10, TimeUnit.SECONDS)) {
                ownPool.shutdownNow();
            }
        } catch (InterruptedException e) {
            ownPool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
