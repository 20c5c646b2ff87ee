package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.widget.CustomerTokenProvider;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Customer identity binding, opt-in: LiveChat knows the signed-in user as one customer on every device. A signed-in
 * page defines LiveChat's custom identity provider, which fetches the user's customer token from the app's {@link
 * LiveChatCustomerTokenServlet}; the token comes from a {@link CustomerTokenSource} (agent-token grant, binding store,
 * cache). Anonymous visitors keep LiveChat's own cookie identity, and after logout the forget page drops the token the
 * provider kept (docs/customer-identity.md).
 *
 * <p>Fail open: before a signed-in page gets the provider, the user's token is asked for (from the source's cache
 * after the first time); when that fails the page is served without the provider, with the session-variable identity
 * alone, the failure logged once per cause and counted ({@link WidgetFilterMetrics.Stage#CUSTOMER_TOKEN}).
 *
 * <p>Give the same instance to {@link LiveChatWidgetFilter.Builder#customerIdentity} and to the servlet.
 */
public final class CustomerIdentityBinding {

    /** The default path of the token endpoint, inside the web application. */
    public static final String DEFAULT_ENDPOINT_PATH = "/livechat/customer-token";

    private static final Pattern PATH = Pattern.compile("/(?!/)[A-Za-z0-9/._~-]{0,200}");

    private final CustomerTokenSource source;
    private final String endpointPath;
    private final long licenseId;
    private final FailureLog failures;
    private final WidgetFilterMetrics metrics;
    private final PerUserRateLimit rateLimit;
    private final Clock clock;

    private CustomerIdentityBinding(Builder b) {
        this.source = b.source;
        this.endpointPath = b.endpointPath;
        this.licenseId = b.licenseId;
        this.metrics = b.metrics;
        this.failures = new FailureLog(b.metrics);
        this.clock = b.clock;
        this.rateLimit = new PerUserRateLimit(b.maxRequests, b.window, b.maxTrackedUsers);
    }

    /** Starts a binding fed by {@code source} for the LiveChat license {@code licenseId}. */
    public static Builder builder(CustomerTokenSource source, long licenseId) {
        return new Builder(source, licenseId);
    }

    /** The endpoint's path inside the web application (default {@value #DEFAULT_ENDPOINT_PATH}). */
    public String endpointPath() {
        return endpointPath;
    }

    /** The license the tokens are for (the widget token's {@code licenseId}). */
    public long licenseId() {
        return licenseId;
    }

    /**
     * The provider for a signed-in page, after making sure the user's token can be had; empty (logged once per cause,
     * counted) when it cannot, so the page keeps the session-variable identity.
     */
    Optional<CustomerTokenProvider> providerFor(HttpServletRequest request, CustomerIdentity identity) {
        try {
            source.tokenFor(identity.subject(), false);
        } catch (RuntimeException e) {
            failed(e);
            return Optional.empty();
        }
        String path = request.getContextPath() + endpointPath;
        if (!PATH.matcher(path).matches()) {
            failures.problem(WidgetFilterMetrics.Stage.CUSTOMER_TOKEN, "ENDPOINT_PATH", "context path not usable");
            return Optional.empty();
        }
        return Optional.of(CustomerTokenProvider.of(path, userKey(identity.subject())));
    }

    /** The user's token, or a failure already logged and counted. */
    CustomerWidgetToken tokenFor(String userId, boolean fresh) {
        try {
            return source.tokenFor(userId, fresh);
        } catch (RuntimeException e) {
            failed(e);
            throw e;
        }
    }

    /** Seconds to wait when {@code userId} is over its request budget, else 0. */
    long retryAfterSeconds(String userId) {
        return rateLimit.retryAfterSeconds(userId, clock.millis());
    }

    void counted(String outcome) {
        try {
            metrics.customerTokenRequest(outcome);
        } catch (RuntimeException ignored) {
            // metrics never break a request
        }
    }

    private void failed(RuntimeException e) {
        if (e instanceof CustomerTokenUnavailableException unavailable) {
            failures.problem(WidgetFilterMetrics.Stage.CUSTOMER_TOKEN, unavailable.causeTag(), null);
        } else {
            failures.failed(WidgetFilterMetrics.Stage.CUSTOMER_TOKEN, e);
        }
    }

    /** Whether a failure of this cause was logged (tests). */
    boolean hasLogged(String causeTag) {
        return failures.hasLogged(WidgetFilterMetrics.Stage.CUSTOMER_TOKEN, causeTag);
    }

    /**
     * A key naming the user in the page (not a secret: the signed identity token in the same page carries the
     * {@code sub} itself): the first 128 bits of SHA-256 over a domain prefix and the {@code sub}, base64url.
     */
    static String userKey(String subject) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("lcbridge-customer-identity\u0000" + subject).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "CustomerIdentityBinding[" + endpointPath + ", license " + licenseId + ", " + rateLimit + "]";
    }

    /** Settings of a {@link CustomerIdentityBinding}. */
    public static final class Builder {
        private final CustomerTokenSource source;
        private final long licenseId;
        private String endpointPath = DEFAULT_ENDPOINT_PATH;
        private int maxRequests = 30;
        private Duration window = Duration.ofMinutes(1);
        private int maxTrackedUsers = 100_000;
        private WidgetFilterMetrics metrics = WidgetFilterMetrics.none();
        private Clock clock = Clock.systemUTC();

        private Builder(CustomerTokenSource source, long licenseId) {
            this.source = Objects.requireNonNull(source, "source");
            if (licenseId <= 0) {
                throw new IllegalArgumentException("licenseId must be positive");
            }
            this.licenseId = licenseId;
        }

        /**
         * The endpoint's path inside the web application (default {@value #DEFAULT_ENDPOINT_PATH}); map the servlet
         * there.
         */
        public Builder endpointPath(String path) {
            if (!PATH.matcher(Objects.requireNonNull(path, "endpointPath")).matches()) {
                throw new IllegalArgumentException(
                        "endpointPath must be a path inside the application: /, then letters, digits, /._~-");
            }
            this.endpointPath = path;
            return this;
        }

        /**
         * At most {@code requests} token requests per user per {@code window} (default 30 per minute); more get 429
         * with {@code Retry-After}.
         */
        public Builder rateLimit(int requests, Duration window) {
            if (requests < 1) {
                throw new IllegalArgumentException("requests must be positive");
            }
            if (Objects.requireNonNull(window, "window").isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive");
            }
            this.maxRequests = requests;
            this.window = window;
            return this;
        }

        /** Where failures and endpoint outcomes are counted (default: nowhere). */
        public Builder metrics(WidgetFilterMetrics value) {
            this.metrics = Objects.requireNonNull(value, "metrics");
            return this;
        }

        /** The clock of the rate limit (tests). */
        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** Most users whose request count is remembered at once (default 100 000; memory bound). */
        public Builder maxTrackedUsers(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxTrackedUsers must be positive");
            }
            this.maxTrackedUsers = value;
            return this;
        }

        public CustomerIdentityBinding build() {
            return new CustomerIdentityBinding(this);
        }
    }

    /** Fixed-window request budget per user, bounded in memory. */
    static final class PerUserRateLimit {
        private final int maxRequests;
        private final long windowMillis;
        private final int maxUsers;
        private final java.util.concurrent.ConcurrentHashMap<String, long[]> windows =
                new java.util.concurrent.ConcurrentHashMap<>();

        PerUserRateLimit(int maxRequests, Duration window, int maxUsers) {
            this.maxRequests = maxRequests;
            this.windowMillis = window.toMillis();
            this.maxUsers = maxUsers;
        }

        long retryAfterSeconds(String user, long now) {
            if (windows.size() >= maxUsers && !windows.containsKey(user)) {
                windows.values().removeIf(w -> now - w[0] >= windowMillis);
                if (windows.size() >= maxUsers) {
                    windows.clear();
                }
            }
            long[] result = {0};
            windows.compute(user, (k, w) -> {
                if (w == null || now - w[0] >= windowMillis) {
                    return new long[] {now, 1};
                }
                if (w[1] >= maxRequests) {
                    result[0] = Math.max(1, (w[0] + windowMillis - now + 999) / 1000);
                    return w;
                }
                w[1]++;
                return w;
            });
            return result[0];
        }

        @Override
        public String toString() {
            return maxRequests + " requests per " + windowMillis + " ms per user";
        }
    }

    /** For {@link LiveChatCustomerTokenServlet}: the token as JSON, the license added. */
    String json(CustomerWidgetToken token) {
        return "{\"accessToken\":" + jsonString(token.accessToken())
                + ",\"entityId\":" + jsonString(token.entityId())
                + ",\"expiresIn\":" + token.expiresInMillis()
                + ",\"tokenType\":" + jsonString(token.tokenType())
                + ",\"creationDate\":" + token.creationDate()
                + ",\"licenseId\":" + licenseId + "}";
    }

    static String jsonString(@Nullable String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
