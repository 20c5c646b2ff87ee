package io.lcbridge.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.net.URI;
import java.time.Duration;

/**
 * Verifying identity tokens with keys another service publishes, bound to {@code livechat.webhook.*} (next to
 * {@link LiveChatProperties.Webhook}).
 *
 * @param jwksUrl JWK set URL of the web app that signs the identity tokens (its livechat.signing.jwks-path), used by the webhook endpoint instead of local signing keys: https, or http to a loopback address only.
 * @param jwksCacheTtl How long a fetched JWK set is used before it is fetched again.
 * @param jwksRefreshAhead Window before the cached JWK set expires in which a webhook refreshes it in the background; 0 turns it off.
 * @param jwksMinRefreshInterval Shortest time between two fetches forced by tokens whose key id is not in the cached JWK set, so made-up key ids cannot flood the publisher.
 * @param jwksOutageTolerance How long the last good JWK set is still used while the URL fails; 0 turns it off. Must be longer than jwks-cache-ttl.
 * @param jwksTimeout Connect and read timeout of one fetch.
 * @param jwksMaxSize Largest JWK set document read; a larger one is a failed fetch.
 */
@ConfigurationProperties("livechat.webhook")
public record LiveChatRemoteJwksProperties(
        @Nullable URI jwksUrl,
        @DefaultValue("5m") Duration jwksCacheTtl,
        @DefaultValue("30s") Duration jwksRefreshAhead,
        @DefaultValue("30s") Duration jwksMinRefreshInterval,
        @DefaultValue("1h") Duration jwksOutageTolerance,
        @DefaultValue("2s") Duration jwksTimeout,
        @DefaultValue("50KB") DataSize jwksMaxSize) {}
