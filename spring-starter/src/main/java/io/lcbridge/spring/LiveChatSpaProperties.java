package io.lcbridge.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The identity endpoint for single-page apps, bound to {@code livechat.spa.*}.
 *
 * @param enabled Whether GET livechat.spa.path answers the signed-in user's identity as JSON in the prop shape of LiveChat's widget adapters (customerName, customerEmail, sessionVariables with the signed token), and 204 for anonymous visitors.
 * @param path Request path of the identity endpoint.
 */
@ConfigurationProperties("livechat.spa")
public record LiveChatSpaProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("/livechat/identity") String path) {}
