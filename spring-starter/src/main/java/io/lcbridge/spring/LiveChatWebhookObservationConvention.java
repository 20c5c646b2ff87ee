package io.lcbridge.spring;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags the observation of webhook deliveries; declare a bean of this type to replace
 * {@link DefaultLiveChatWebhookObservationConvention}.
 */
public interface LiveChatWebhookObservationConvention extends ObservationConvention<LiveChatWebhookObservationContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof LiveChatWebhookObservationContext;
    }
}
