package io.lcbridge.spring;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.InvalidKeyConfigurationException;
import io.lcbridge.servlet.AnonymousVisitors;
import io.lcbridge.servlet.IdentityResolver;
import io.lcbridge.servlet.InjectionPoint;
import io.lcbridge.servlet.LiveChatIdentityCustomizer;
import io.lcbridge.servlet.LiveChatWidgetFilter;
import io.lcbridge.servlet.WidgetFilterMetrics;
import io.lcbridge.verifier.WebhookAuthenticator;
import io.lcbridge.widget.WidgetOptions;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns {@link LiveChatProperties} into the library's value objects, translating every validation
 * error into an {@link InvalidLiveChatPropertyException} that names the {@code livechat.*} property.
 * Error texts come from the library's own checks, which never quote key material.
 */
final class LiveChatSettings {

    static final String LICENSE = "livechat.license";
    static final String ORGANIZATION_ID = "livechat.organization-id";
    static final String SECRET = "livechat.signing.secret";
    static final String JWK_SET = "livechat.signing.jwk-set";
    static final String CLAIM_LEASE = "livechat.webhook.claim-lease";
    static final String VERIFIED_TOKEN_CACHE_SIZE = "livechat.webhook.verified-token-cache-size";

    private static final String GENERATE_SECRET = "Generate a secret with 'openssl rand -base64 32' and set it as "
            + SECRET + " (for example through the environment variable LIVECHAT_SIGNING_SECRET).";

    private static final System.Logger LOG = System.getLogger(LiveChatSettings.class.getName());

    private LiveChatSettings() {}

    /** The license number or organization id: the widget's account and the audience of every token. */
    static String audience(LiveChatProperties properties) {
        Long license = properties.license();
        String organization = properties.organizationId();
        boolean hasOrganization = organization != null && !organization.isBlank();
        if (license == null && !hasOrganization) {
            throw new InvalidLiveChatPropertyException(
                    LICENSE,
                    "is not set (nor " + ORGANIZATION_ID + ")",
                    "Set " + LICENSE + " to your LiveChat license number (the window.__lc.license value of "
                            + "LiveChat's installation code), or " + ORGANIZATION_ID + " for a text.com organization. "
                            + "To switch the bridge off, set livechat.enabled=false.");
        }
        if (license != null && hasOrganization) {
            throw new InvalidLiveChatPropertyException(
                    LICENSE,
                    "and " + ORGANIZATION_ID + " are both set",
                    "Set only one of " + LICENSE + " and " + ORGANIZATION_ID + ".");
        }
        if (license != null && license <= 0) {
            throw new InvalidLiveChatPropertyException(
                    LICENSE,
                    "must be a positive license number",
                    "Set " + LICENSE + " to the number LiveChat shows in your installation code.");
        }
        return license != null ? Long.toString(license) : organization.strip();
    }

    /** The widget's options, validated. */
    static WidgetOptions widgetOptions(LiveChatProperties properties) {
        String audience = audience(properties);
        WidgetOptions.Builder builder = WidgetOptions.builder();
        if (properties.license() != null) {
            apply(LICENSE, () -> builder.license(properties.license()));
        } else {
            apply(ORGANIZATION_ID, () -> builder.organizationId(audience));
        }
        if (properties.group() != null) {
            apply("livechat.group", () -> builder.group(properties.group()));
        }
        builder.chatBetweenGroups(properties.chatBetweenGroups());
        LiveChatProperties.Widget widget = properties.widget();
        if (widget.scriptUrl() != null && !widget.scriptUrl().isBlank()) {
            apply("livechat.widget.script-url", () -> builder.scriptUrl(widget.scriptUrl()));
        }
        builder.noscript(widget.noscript()).asyncInit(widget.asyncInit());
        LiveChatProperties.Signing signing = properties.signing();
        apply("livechat.signing.token-variable", () -> builder.tokenVariable(signing.tokenVariable()));
        apply("livechat.signing.max-token-length", () -> builder.maxTokenLength(signing.maxTokenLength()));
        return builder.build();
    }

    /**
     * The identity keys from {@code livechat.signing.secret} or {@code livechat.signing.jwk-set}
     * (inline JSON when it starts with <code>{</code>, otherwise a resource location).
     */
    static IdentityKeySet identityKeys(LiveChatProperties.Signing signing, ResourceLoader resources) {
        boolean hasSecret = signing.secret() != null && !signing.secret().isBlank();
        boolean hasJwkSet = signing.jwkSet() != null && !signing.jwkSet().isBlank();
        if (hasSecret && hasJwkSet) {
            throw new InvalidLiveChatPropertyException(
                    SECRET,
                    "and " + JWK_SET + " are both set",
                    "Set only one of " + SECRET + " (an HS256 secret) and " + JWK_SET + " (a JWK set).");
        }
        if (!hasSecret && !hasJwkSet) {
            throw new InvalidLiveChatPropertyException(
                    SECRET, "is not set (nor " + JWK_SET + "): identity tokens " + "cannot be signed", GENERATE_SECRET);
        }
        if (hasSecret) {
            try {
                return IdentityKeySet.fromHs256Secret(signing.secret());
            } catch (InvalidKeyConfigurationException e) {
                throw new InvalidLiveChatPropertyException(
                        SECRET, "is not a usable HS256 secret: " + e.getMessage(), GENERATE_SECRET);
            }
        }
        String jwkSet = signing.jwkSet().strip();
        String json = jwkSet.startsWith("{") ? jwkSet : readResource(jwkSet, resources);
        IdentityKeySet keys;
        try {
            keys = IdentityKeySet.fromJwkSet(json);
        } catch (InvalidKeyConfigurationException e) {
            throw new InvalidLiveChatPropertyException(
                    JWK_SET,
                    "is not a usable key set: " + e.getMessage(),
                    "Fix the key set, or generate one with 'java -jar lcbridge-cli.jar keys generate'.");
        }
        if (keys.activeKeyId().isEmpty()) {
            throw new InvalidLiveChatPropertyException(
                    JWK_SET,
                    "holds public keys only: identity tokens cannot be signed",
                    "Put the private signing key in the set " + keys.keyIds() + ".");
        }
        return keys;
    }

    /**
     * Checks that {@code keys} and the {@code livechat.signing.*} settings make a working signer for
     * {@code audience}, so that a bad value is reported by its property name.
     */
    static void checkSigning(IdentityKeySet keys, String audience, LiveChatProperties.Signing signing) {
        IdentitySigner.Builder builder;
        try {
            builder = IdentitySigner.builder(keys, audience);
        } catch (InvalidKeyConfigurationException e) {
            throw new InvalidLiveChatPropertyException(
                    keysProperty(signing), "cannot sign identity tokens: " + e.getMessage(), GENERATE_SECRET);
        }
        apply("livechat.signing.token-lifetime", () -> builder.lifetime(signing.tokenLifetime()));
        apply("livechat.signing.max-token-length", () -> builder.maxTokenLength(signing.maxTokenLength()));
        builder.build();
    }

    /**
     * Without signing keys the bridge runs without identities (the loader for every visitor), which is right for an
     * application without logins. An application that declares its own {@link IdentityResolver} or
     * {@link LiveChatIdentityCustomizer} wants identities, so then the missing secret stops start-up instead.
     */
    @SuppressWarnings("removal") // tells the deprecated SessionVariablesContributor apart
    static void checkNoIdentitiesWanted(ListableBeanFactory beans) {
        List<String> declared = new ArrayList<>();
        for (String name : beans.getBeanNamesForType(IdentityResolver.class, true, false)) {
            if (!name.equals(LiveChatAutoConfiguration.IDENTITY_RESOLVER_NAME)) {
                declared.add(name);
            }
        }
        // a customizer that only adds variables (the deprecated SessionVariablesContributor) does not ask for
        // identities
        List<String> contributors =
                List.of(beans.getBeanNamesForType(io.lcbridge.servlet.SessionVariablesContributor.class, true, false));
        for (String name : beans.getBeanNamesForType(LiveChatIdentityCustomizer.class, true, false)) {
            if (!contributors.contains(name)) {
                declared.add(name);
            }
        }
        if (!declared.isEmpty()) {
            throw new InvalidLiveChatPropertyException(
                    SECRET,
                    "is not set (nor " + JWK_SET + "), but the application declares identity beans " + declared
                            + ": their identities cannot be signed",
                    GENERATE_SECRET + " Or remove those beans to run without identities.");
        }
        LOG.log(
                Level.INFO,
                "lcbridge runs without identities: neither " + SECRET + " nor " + JWK_SET
                        + " is set, so every visitor gets the anonymous LiveChat widget. Set one to sign the"
                        + " signed-in user's identity.");
    }

    /** The widget filter for these settings. */
    static LiveChatWidgetFilter widgetFilter(
            LiveChatProperties properties,
            WidgetOptions options,
            @Nullable IdentityKeySet keys,
            IdentityResolver resolver,
            List<LiveChatIdentityCustomizer> customizers,
            WidgetFilterMetrics metrics) {
        return widgetFilter(properties, options, keys, resolver, customizers, metrics, null);
    }

    static LiveChatWidgetFilter widgetFilter(
            LiveChatProperties properties,
            WidgetOptions options,
            @Nullable IdentityKeySet keys,
            IdentityResolver resolver,
            List<LiveChatIdentityCustomizer> customizers,
            WidgetFilterMetrics metrics,
            io.lcbridge.servlet.@Nullable CustomerIdentityBinding customerIdentity) {
        LiveChatProperties.Signing signing = properties.signing();
        LiveChatProperties.Filter filter = properties.filter();
        List<String> includes = FilterPaths.servletPatterns("livechat.filter.include-paths", filter.includePaths());
        List<String> excludes =
                new ArrayList<>(FilterPaths.servletPatterns("livechat.filter.exclude-paths", filter.excludePaths()));
        excludes.add(FilterPaths.servletPattern(
                "livechat.webhook.path", properties.webhook().path()));
        LiveChatWidgetFilter.Builder builder = LiveChatWidgetFilter.builder(options)
                .issuer(signing.issuer() == null || signing.issuer().isBlank() ? null : signing.issuer())
                .identityResolver(resolver)
                .anonymousVisitors(
                        keys == null
                                ? AnonymousVisitors.LOADER_ONLY
                                : properties.widget().anonymousVisitors())
                .errorPages(filter.errorPages())
                .forgetAfterLogout(filter.forgetAfterLogout())
                .includePaths(includes.toArray(String[]::new))
                .excludePaths(excludes.toArray(String[]::new))
                .metrics(metrics)
                .nonceAttribute(properties.widget().nonceAttribute())
                .renderOnFirstPage(true); // the bundled template needs no start-up check: keys and settings get one

        if (keys != null) {
            checkSigning(keys, options.audience(), signing);
            builder.signingKeys(keys);
        }
        if (!filter.enabled()) {
            builder.injectionPoint(InjectionPoint.MANUAL_ONLY);
        } else if (filter.injectionPoint() != null) {
            builder.injectionPoint(filter.injectionPoint());
        }
        builder.tokenLifetime(signing.tokenLifetime());
        builder.customerIdentity(customerIdentity);
        customizers.forEach(builder::identityCustomizer);
        try {
            return builder.build();
        } catch (InvalidKeyConfigurationException e) {
            throw new InvalidLiveChatPropertyException(
                    SECRET, "cannot sign identity tokens: " + e.getMessage(), GENERATE_SECRET);
        } catch (IllegalArgumentException e) {
            // every setting that reaches the builder was checked by its own property above; name the paths, the
            // only input the filter itself still validates
            throw new InvalidLiveChatPropertyException(
                    "livechat.filter.include-paths/exclude-paths",
                    "is invalid: " + e.getMessage(),
                    "Correct livechat.filter.include-paths and livechat.filter.exclude-paths.");
        }
    }

    @SuppressWarnings("deprecation") // opted into by livechat.webhook.hmac-legacy-header=true only
    private static WebhookAuthenticator.Builder acceptLegacyHeader(
            WebhookAuthenticator.Builder builder, boolean accept) {
        return builder.acceptLegacySignatureHeader(accept);
    }

    /** How webhooks prove they come from LiveChat (or a signing relay). */
    static WebhookAuthenticator webhookAuthenticator(LiveChatProperties.Webhook webhook) {
        WebhookAuthenticator.Builder builder = WebhookAuthenticator.builder();
        apply(
                "livechat.webhook.secret-keys",
                () -> builder.secretKeys(webhook.secretKeys().toArray(String[]::new)));
        apply(
                "livechat.webhook.signature-secrets",
                () -> builder.signatureSecrets(webhook.signatureSecrets().toArray(String[]::new)));
        apply("livechat.webhook.hmac-header", () -> builder.signatureHeader(webhook.hmacHeader()));
        apply("livechat.webhook.signature-tolerance", () -> builder.signatureTolerance(webhook.signatureTolerance()));
        apply("livechat.webhook.hmac-legacy-header", () -> acceptLegacyHeader(builder, webhook.hmacLegacyHeader()));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidLiveChatPropertyException(
                    "livechat.webhook.secret-keys",
                    "is not set (nor " + "livechat.webhook.signature-secrets)",
                    "Set livechat.webhook.secret-keys to the secret key you "
                            + "registered the webhooks with in LiveChat.");
        }
    }

    /**
     * How long the webhook store's unfinished claims block retries: {@code livechat.webhook.claim-lease}, which must be
     * positive. (Longer than LiveChat's retry window is allowed but defeats the retries; the property's description
     * says so.)
     */
    static Duration claimLease(LiveChatProperties.Webhook webhook) {
        Duration lease = webhook.claimLease();
        if (lease == null || lease.isZero() || lease.isNegative()) {
            throw new InvalidLiveChatPropertyException(
                    CLAIM_LEASE,
                    "must be a positive duration",
                    "Set " + CLAIM_LEASE + " to a duration well under LiveChat's retry window of about a minute, "
                            + "such as the default 20s, or remove it.");
        }
        return lease;
    }

    /**
     * How many verified identity tokens the webhook endpoint's verifier remembers:
     * {@code livechat.webhook.verified-token-cache-size}, 0 (off) to
     * {@link IdentityTokenVerifier#MAX_VERIFIED_TOKEN_CACHE_SIZE}. Checked wherever the starter makes that verifier, and
     * also when the application brings its own, so that a bad value never passes unnoticed.
     */
    static int verifiedTokenCacheSize(LiveChatProperties.Webhook webhook) {
        int size = webhook.verifiedTokenCacheSize();
        if (size < 0 || size > IdentityTokenVerifier.MAX_VERIFIED_TOKEN_CACHE_SIZE) {
            throw new InvalidLiveChatPropertyException(
                    VERIFIED_TOKEN_CACHE_SIZE,
                    "must be between 0 and " + IdentityTokenVerifier.MAX_VERIFIED_TOKEN_CACHE_SIZE,
                    "Set " + VERIFIED_TOKEN_CACHE_SIZE + " to a number of tokens between 0 (no cache) and "
                            + IdentityTokenVerifier.MAX_VERIFIED_TOKEN_CACHE_SIZE + ", or remove it for the default "
                            + IdentityTokenVerifier.DEFAULT_VERIFIED_TOKEN_CACHE_SIZE + ".");
        }
        return size;
    }

    /** Whether the webhook endpoint has a secret to check deliveries with. */
    static boolean hasWebhookSecret(LiveChatProperties.Webhook webhook) {
        return !webhook.secretKeys().isEmpty() || !webhook.signatureSecrets().isEmpty();
    }

    private static String keysProperty(LiveChatProperties.Signing signing) {
        return signing.jwkSet() != null && !signing.jwkSet().isBlank() ? JWK_SET : SECRET;
    }

    private static String readResource(String location, ResourceLoader resources) {
        Resource resource = resources.getResource(location);
        if (!resource.exists()) {
            throw new InvalidLiveChatPropertyException(
                    JWK_SET,
                    "names a resource that does not exist",
                    "Give inline JSON ({\"keys\":[...]}) or a location such as file:/etc/lcbridge/keys.json "
                            + "or classpath:keys.json.");
        }
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidLiveChatPropertyException(
                    JWK_SET,
                    "names a resource that cannot be read (" + e.getClass().getSimpleName() + ")",
                    "Check the file's location and permissions.");
        }
    }

    /** Runs {@code setter}, reporting its {@link IllegalArgumentException} as a bad {@code property}. */
    static void apply(String property, Supplier<?> setter) {
        try {
            setter.get();
        } catch (IllegalArgumentException e) {
            throw new InvalidLiveChatPropertyException(
                    property, "is invalid: " + e.getMessage(), "Correct " + property + ".");
        }
    }
}
