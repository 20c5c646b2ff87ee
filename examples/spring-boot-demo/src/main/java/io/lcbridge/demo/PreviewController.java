package io.lcbridge.demo;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenVerification;
import io.lcbridge.widget.WidgetOptions;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Backs the offline widget stand-in ({@code /demo/tracking.js}): it posts the identity token the
 * page handed to the widget, and gets back the token decoded and what the bridge's verifier says
 * about it, with the app's own keys and audience. Nothing is stored.
 */
@RestController
class PreviewController {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final IdentityTokenVerifier verifier;
    private final String audience;

    PreviewController(IdentityKeySet keys, WidgetOptions options) {
        this.verifier = IdentityTokenVerifier.create(keys);
        this.audience = options.audience();
    }

    /** What the preview panel shows about a token. */
    record TokenCheck(
            String status,
            String reason,
            Map<String, Object> header,
            Map<String, Object> claims,
            String keyId,
            Instant expiresAt) {}

    @PostMapping(path = "/demo/token-check", produces = "application/json")
    TokenCheck check(@RequestParam(name = "token", defaultValue = "") String token) {
        TokenVerification verification = verifier.verify(token, audience, Instant.now());
        String[] parts = token.split("\\.", -1);
        return new TokenCheck(
                verification.status().name(),
                verification.reason(),
                parts.length == 3 ? decode(parts[0]) : Map.of(),
                parts.length == 3 ? decode(parts[1]) : Map.of(),
                verification.keyId().orElse(null),
                verification.expiresAt().orElse(null));
    }

    /** A JWS segment as JSON, or an empty map when it is not one (the status then says MALFORMED). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> decode(String segment) {
        try {
            String json = new String(Base64.getUrlDecoder().decode(segment), StandardCharsets.UTF_8);
            Object value = JSON.readValue(json, Object.class);
            return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (IllegalArgumentException | JacksonException e) {
            return new LinkedHashMap<>();
        }
    }
}
