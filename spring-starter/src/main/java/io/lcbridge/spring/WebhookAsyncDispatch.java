package io.lcbridge.spring;

import io.lcbridge.verifier.LiveChatWebhooks;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.task.AsyncTaskExecutor;

import java.util.concurrent.Executor;

/**
 * {@code livechat.webhook.async-dispatch=true}: the verifier dispatches deliveries to the listeners and handlers on
 * Spring's application task executor (Boot's {@code applicationTaskExecutor}, or the application's only
 * {@link AsyncTaskExecutor}), so a slow listener no longer holds LiveChat's request. Without such an executor start-up
 * fails naming the property.
 */
final class WebhookAsyncDispatch {

    static final String PROPERTY = "livechat.webhook.async-dispatch";

    /** Boot's shared executor ({@code TaskExecutionAutoConfiguration.APPLICATION_TASK_EXECUTOR_BEAN_NAME}). */
    static final String APPLICATION_TASK_EXECUTOR = "applicationTaskExecutor";

    private WebhookAsyncDispatch() {}

    /** Sets asynchronous dispatch on {@code builder} when {@code livechat.webhook.async-dispatch} is true. */
    static void apply(LiveChatProperties.Webhook webhook, ListableBeanFactory beans, LiveChatWebhooks.Builder builder) {
        if (webhook.asyncDispatch()) {
            builder.asyncDispatch(executor(beans));
        }
    }

    private static Executor executor(ListableBeanFactory beans) {
        if (beans.containsBean(APPLICATION_TASK_EXECUTOR)
                && beans.isTypeMatch(APPLICATION_TASK_EXECUTOR, Executor.class)) {
            return beans.getBean(APPLICATION_TASK_EXECUTOR, Executor.class);
        }
        String[] candidates = beans.getBeanNamesForType(AsyncTaskExecutor.class);
        if (candidates.length == 1) {
            return ((BeanFactory) beans).getBean(candidates[0], AsyncTaskExecutor.class);
        }
        throw new InvalidLiveChatPropertyException(
                PROPERTY,
                "is true but the application has no '" + APPLICATION_TASK_EXECUTOR + "' bean"
                        + (candidates.length > 1 ? " and several task executors" : ""),
                "Keep Spring Boot's task execution auto-configuration (it defines " + APPLICATION_TASK_EXECUTOR
                        + "), declare a bean of that name, or set " + PROPERTY + "=false.");
    }
}
