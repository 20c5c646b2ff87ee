package io.lcbridge.spring;

import io.lcbridge.servlet.AnonymousVisitors;
import io.lcbridge.servlet.InjectionPoint;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the LiveChat identity bridge, bound to {@code livechat.*}. Two are enough to start:
 * {@code livechat.license} (or {@code livechat.organization-id}) and {@code livechat.signing.secret}
 * (or {@code livechat.signing.jwk-set}); everything else has a default. Values are checked at
 * start-up, and a bad one stops the application with a message naming the property.
 *
 * @param enabled Whether the bridge is configured at all.
 * @param license LiveChat license number the widget loads and identity tokens are meant for. Set this or organization-id.
 * @param organizationId text.com organization id the widget loads and identity tokens are meant for, instead of a license number.
 * @param group Group (department) id the widget opens in. Unset means the license's default group.
 * @param chatBetweenGroups Whether customers may chat between groups. Unset leaves LiveChat's default.
 * @param signing How identity tokens are signed.
 * @param widget How the widget snippet is rendered.
 * @param filter Which responses get the snippet injected.
 * @param webhook The endpoint that receives LiveChat's webhooks.
 * @param identity How the signed-in user's identity is read from Spring Security.
 */
@ConfigurationProperties("livechat")
public record LiveChatProperties(
        @DefaultValue("true") boolean enabled,
        @Nullable Long license,
        @Nullable String organizationId,
        @Nullable Integer group,
        @Nullable Boolean chatBetweenGroups,
        @DefaultValue Signing signing,
        @DefaultValue Widget widget,
        @DefaultValue Filter filter,
        @DefaultValue Webhook webhook,
        @DefaultValue Identity identity) {

    /**
     * How identity tokens are signed and checked. Set exactly one of secret and jwk-set.
     *
     * @param secret HS256 secret: base64 or base64url of at least 32 random bytes, e.g. from 'openssl rand -base64 32'.
     * @param jwkSet JWK set with the signing key and any older keys still verified: inline JSON, or a resource location such as 'file:/etc/lcbridge/keys.json' or 'classpath:keys.json'.
     * @param tokenLifetime How long a token stays valid. Pages reuse a token until half of it has passed. Default 2h.
     * @param ttl Deprecated: use token-lifetime.
     * @param issuer Value of the tokens' 'iss' claim.
     * @param tokenVariable Session variable that carries the token.
     * @param maxTokenLength Largest token rendered, in characters; a larger one is dropped and the page gets the widget without identity.
     */
    public record Signing(
            @Nullable String secret,
            @Nullable String jwkSet,
            @Nullable Duration tokenLifetime,

            @Nullable Duration ttl,

            @DefaultValue("lcbridge") String issuer,
            @DefaultValue("lc_identity") String tokenVariable,
            @DefaultValue("2000") int maxTokenLength) {

        /** The token lifetime when neither token-lifetime nor the deprecated ttl is set. */
        static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(2);

        /** Reads the deprecated {@code ttl} when {@code token-lifetime} is not set. */
        public Signing {
            if (tokenLifetime == null) {
                tokenLifetime = ttl != null ? ttl : DEFAULT_TOKEN_LIFETIME;
            }
        }

        /**
         * The deprecated {@code livechat.signing.ttl} as set.
         *
         * @deprecated read {@link #tokenLifetime()}, which falls back to it.
         */
        @Deprecated(since = "0.1.0", forRemoval = true)
        @Override
        public @Nullable Duration ttl() {
            return ttl;
        }
    }

    /**
     * How the widget snippet is rendered.
     *
     * @param scriptUrl Widget script the loader inserts. Unset means LiveChat's official script.
     * @param anonymous Deprecated: use anonymous-visitors (true is loader-only, false is nothing).
     * @param anonymousVisitors What visitors who are not signed in get: the widget loader without identity (loader-only, the default) or nothing.
     * @param noscript Whether to render the 'Chat with us' link for browsers without JavaScript.
     * @param asyncInit Whether the widget waits for the page to call LiveChatWidget.init().
     * @param nonceAttribute Request attribute holding the page's CSP nonce, put on the snippet's script tag; set it in the filter that issues the nonce for the Content-Security-Policy header.
     * @param modelAttribute Model attribute under which Spring MVC views find the snippet for manual placement (plain servlet views use the request attribute 'lcbridgeSnippet').
     */
    public record Widget(
            @Nullable String scriptUrl,
            @Nullable AnonymousVisitors anonymousVisitors,

            @Nullable Boolean anonymous,

            @DefaultValue("true") boolean noscript,
            @DefaultValue("false") boolean asyncInit,
            @DefaultValue("cspNonce") String nonceAttribute,
            @DefaultValue("livechat") String modelAttribute) {

        /** Reads the deprecated {@code anonymous} when {@code anonymous-visitors} is not set. */
        public Widget {
            if (anonymousVisitors == null) {
                anonymousVisitors =
                        anonymous == null || anonymous ? AnonymousVisitors.LOADER_ONLY : AnonymousVisitors.NOTHING;
            }
            anonymous = anonymousVisitors == AnonymousVisitors.LOADER_ONLY;
        }

        /**
         * Whether anonymous visitors get the loader.
         *
         * @deprecated read {@link #anonymousVisitors()}.
         */
        @Deprecated(since = "0.1.0", forRemoval = true)
        @Override
        public @Nullable Boolean anonymous() {
            return anonymous;
        }
    }

    /**
     * Which responses get the snippet injected.
     *
     * @param enabled Whether the filter injects the snippet into HTML pages by itself. When false it injects nothing and templates place the snippet by hand (model attribute 'livechat', request attribute 'lcbridgeSnippet').
     * @param injectionPoint Where the snippet goes: before the first real closing head tag (the library's default when unset: the identity is queued before any body script runs and the widget starts loading as soon as the head arrives; no noscript link there), before the first real closing body tag (as LiveChat's guide says), or nowhere (manual-only: templates place it by hand). A page without a closing head tag gets it before the closing body tag.
     * @param position Deprecated: use injection-point (body is before-body-end, head is before-head-end).
     * @param includePaths Paths inside the application that get the snippet, as servlet URL patterns ('/exact', '/prefix/*', '*.ext') or their Spring path-pattern forms ('/prefix/**', '/**'); '/prefix/*' means everything under /prefix. Empty means every path.
     * @param excludePaths Paths inside the application that never get the snippet, in the same syntax as include-paths (for example '/admin/**'). The webhook path is always excluded.
     * @param errorPages Whether HTML error pages (4xx and 5xx) get the snippet too: pages a controller renders with such a status, and the error pages Boot renders in the ERROR dispatch (the whitelabel page, error templates, the error controller) of a request that ended in sendError (such as a 404) or an exception; one snippet per page at most. Off, each such page is counted once as the skip reason 'error_page'.
     * @param forgetAfterLogout Whether the first anonymous page after a signed-in one clears the name, email and session variables the widget kept (pages with an identity set the HttpOnly cookie 'lcbridge_identified'; a cookie, because logout invalidates the session).
     */
    public record Filter(
            @DefaultValue("true") boolean enabled,
            @Nullable InjectionPoint injectionPoint,

            @Nullable Position position,

            @DefaultValue List<String> includePaths,
            @DefaultValue List<String> excludePaths,
            @DefaultValue("false") boolean errorPages,
            @DefaultValue("true") boolean forgetAfterLogout) {

        /**
         * Reads the deprecated {@code position} when {@code injection-point} is not set; with neither, the injection
         * point stays unset and the filter's own default applies.
         */
        public Filter {
            if (injectionPoint == null && position != null) {
                injectionPoint =
                        position == Position.HEAD ? InjectionPoint.BEFORE_HEAD_END : InjectionPoint.BEFORE_BODY_END;
            }
        }

        /**
         * The deprecated {@code livechat.filter.position} as set.
         *
         * @deprecated read {@link #injectionPoint()}, which falls back to it.
         */
        @Deprecated(since = "0.1.0", forRemoval = true)
        @Override
        public @Nullable Position position() {
            return position;
        }
    }

    /**
     * Where the snippet is inserted in a page.
     *
     * @deprecated {@code livechat.filter.injection-point} takes the library's {@link InjectionPoint} instead.
     */
    @Deprecated(since = "0.1.0", forRemoval = true)
    public enum Position {
        /** Before the first real closing body tag, as LiveChat's installation guide says. */
        BODY,
        /** Before the first real closing head tag (the default), without the noscript link. */
        HEAD
    }

    /**
     * The endpoint that receives LiveChat's webhooks. It is registered only when at least one secret is set.
     *
     * @param enabled Whether the webhook endpoint is registered.
     * @param path Request path of the endpoint, to register in LiveChat.
     * @param secretKeys Accepted values of the 'secret_key' LiveChat puts in every webhook; several while rotating.
     * @param signatureSecrets Accepted HMAC-SHA256 secrets of a relay that signs deliveries with the Standard Webhooks headers (a whsec_ secret is base64-decoded); several while rotating.
     * @param hmacSecrets Deprecated: use signature-secrets.
     * @param hmacHeader Header carrying the deprecated body-only hex HMAC-SHA256 signature; read only when hmac-legacy-header is true. Relays sign with the Standard Webhooks headers webhook-id, webhook-timestamp and webhook-signature.
     * @param accountIds License numbers or organization ids whose webhooks are accepted. Empty means any account that knows the secret.
     * @param maxBodySize Largest webhook body accepted.
     * @param bodyReadTimeout Longest time reading one webhook body may take, however slowly it arrives; a body not complete by then is answered 408 and its connection closed. LiveChat gives up on a webhook after about 10 seconds. Must be positive.
     * @param store Where chat contexts and handled deliveries are kept.
     * @param storeTtl How long chat contexts and handled deliveries are remembered.
     * @param claimLease How long an unfinished claim on a delivery makes retries of that delivery wait (answered 503 'in progress'); after it, a retry may take the claim over. A claim left behind by a store outage or a dead node blocks every retry for this long, and LiveChat retries only up to 3 times within about a minute: keep it well under that (above about 50 s the delivery is lost), and above the time a handler normally takes. Must be positive.
     * @param jdbcTable Table of the JDBC store; created when absent as livechat.webhook.jdbc.initialize-schema says.
     * @param signatureTolerance How far a relay's Standard Webhooks 'webhook-timestamp' may be from the reception time, either way; a delivery signed earlier (a replay) is refused. 1 second to 1 hour; default 5m.
     * @param hmacTolerance Deprecated: use signature-tolerance.
     * @param hmacLegacyHeader Deprecated: also accept the old body-only hex HMAC in the hmac-header, which has no timestamp and can be replayed at any time. Off unless set.
     * @param asyncDispatch Whether webhook listeners and handlers run on Spring's application task executor (bean 'applicationTaskExecutor', sized by spring.task.execution.*) instead of the request thread: a delivery is answered 200 once queued, 503 when the executor refuses it, and a listener that fails later is logged but not retried by LiveChat. Off: listeners run before the answer, and a failure is answered 500 so LiveChat retries.
     * @param verifiedTokenCacheSize How many verified identity tokens the webhook endpoint remembers, so that the same token again (every webhook of a chat, LiveChat's retries, one customer's several chats) skips the signature check; audience and expiry are still checked every time. 0 to 1048576; 0 turns the cache off. An entry takes one or two kilobytes for a typical token, about ten at most. Applies to the verifier made from the signing keys or from jwks-url; a verifier bean of the application's own carries its own size.
     */
    public record Webhook(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("/webhooks/livechat") String path,
            @DefaultValue List<String> secretKeys,
            @DefaultValue List<String> signatureSecrets,

            @DefaultValue List<String> hmacSecrets,

            @DefaultValue("X-LiveChat-Signature") String hmacHeader,
            @DefaultValue List<String> accountIds,
            @DefaultValue("1MB") DataSize maxBodySize,
            @DefaultValue("10s") Duration bodyReadTimeout,
            @DefaultValue("memory") Store store,
            @DefaultValue("24h") Duration storeTtl,
            @DefaultValue("20s") Duration claimLease,
            @DefaultValue("lcbridge_webhook_state") String jdbcTable,
            @Nullable Duration signatureTolerance,

            @Nullable Duration hmacTolerance,

            @DefaultValue("false") boolean hmacLegacyHeader,
            @DefaultValue("false") boolean asyncDispatch,
            @DefaultValue("1024") int verifiedTokenCacheSize) {

        /** The relay signature tolerance when neither signature-tolerance nor the deprecated hmac-tolerance is set. */
        static final Duration DEFAULT_SIGNATURE_TOLERANCE = Duration.ofMinutes(5);

        /** Reads the deprecated {@code hmac-secrets} and {@code hmac-tolerance} when the new names are not set. */
        public Webhook {
            if (signatureSecrets == null || signatureSecrets.isEmpty()) {
                signatureSecrets = hmacSecrets == null ? List.of() : hmacSecrets;
            }
            if (signatureTolerance == null) {
                signatureTolerance = hmacTolerance != null ? hmacTolerance : DEFAULT_SIGNATURE_TOLERANCE;
            }
        }

        /**
         * The deprecated {@code livechat.webhook.hmac-secrets} as set.
         *
         * @deprecated read {@link #signatureSecrets()}, which falls back to it.
         */
        @Deprecated(since = "0.1.0", forRemoval = true)
        @Override
        public List<String> hmacSecrets() {
            return hmacSecrets;
        }

        /**
         * The deprecated {@code livechat.webhook.hmac-tolerance} as set.
         *
         * @deprecated read {@link #signatureTolerance()}, which falls back to it.
         */
        @Deprecated(since = "0.1.0", forRemoval = true)
        @Override
        public @Nullable Duration hmacTolerance() {
            return hmacTolerance;
        }
    }

    /**
     * How the signed-in user's identity is read from Spring Security.
     *
     * @param qualifySubjectWithIssuer Whether the subject of OIDC users, JWTs and introspected tokens is 'iss|sub' instead of 'sub', so that equal subjects from two issuers are two users. An OIDC user or JWT without 'iss' then gets no identity.
     */
    public record Identity(@DefaultValue("false") boolean qualifySubjectWithIssuer) {}

    /** Where the webhook endpoint keeps chat contexts and handled deliveries. */
    public enum Store {
        /** In this JVM's memory: one node only. */
        MEMORY,
        /** In a table of the application's DataSource: shared by every node. */
        JDBC
    }
}
