package io.lcbridge.testsupport.livechat;

import tools.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * One request the fake received.
 *
 * @param path the request path, e.g. {@code /v3.6/configuration/action/register_webhook}
 * @param api {@code configuration} or {@code agent} (empty when the path is not an API path)
 * @param method e.g. {@code register_webhook}
 * @param httpMethod e.g. {@code POST}
 * @param authorization the {@code Authorization} header, or null
 * @param contentType the {@code Content-Type} header, or null
 * @param body the JSON body, or null when it was not JSON
 * @param at when it arrived
 */
public record RecordedCall(
        String path,
        String api,
        String method,
        String httpMethod,
        String authorization,
        String contentType,
        JsonNode body,
        Instant at) {}
