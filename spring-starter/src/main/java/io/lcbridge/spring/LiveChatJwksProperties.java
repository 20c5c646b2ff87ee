package io.lcbridge.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Publishing the public signing keys as a JWK set, bound to {@code livechat.signing.*} (next to
 * {@link LiveChatProperties.Signing}).
 *
 * @param publishJwks Whether GET livechat.signing.jwks-path answers the public half of the signing keys as a JWK set, so a separate service verifies tokens without the signing secret. Needs an asymmetric key in livechat.signing.jwk-set: HS256 secrets are never published.
 * @param jwksPath Request path of the published JWK set.
 * @param jwksMaxAge How long verifiers and caches may keep the published JWK set (Cache-Control max-age). A key that leaves the set stays published for livechat.signing.token-lifetime plus this.
 */
@ConfigurationProperties("livechat.signing")
public record LiveChatJwksProperties(
        @DefaultValue("false") boolean publishJwks,
        @DefaultValue("/.well-known/lcbridge-jwks.json") String jwksPath,
        @DefaultValue("5m") Duration jwksMaxAge) {}
