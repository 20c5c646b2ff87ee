/**
 * Spring Boot 4 auto-configuration of the LiveChat identity bridge: add the starter, set
 * {@code livechat.license} and {@code livechat.signing.secret}, and every HTML page of a servlet
 * web application gets the LiveChat widget with the signed-in user's signed identity; set
 * {@code livechat.webhook.secret-keys} and LiveChat's webhooks arrive as verified
 * {@link io.lcbridge.spring.LiveChatWebhookEvent}s.
 *
 * <p>Public types: {@link io.lcbridge.spring.LiveChatProperties} (every setting),
 * {@link io.lcbridge.servlet.LiveChatIdentityCustomizer} (add to the identity),
 * {@link io.lcbridge.spring.SpringSecurityIdentityResolver} (the default identity),
 * {@link io.lcbridge.spring.LiveChatWebhookEvent} (webhooks as application events) and the
 * auto-configuration classes, whose bean names are constants for replacing a bean by name.
 */
@NullMarked
package io.lcbridge.spring;

import org.jspecify.annotations.NullMarked;
