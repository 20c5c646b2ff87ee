package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.livechat.api.CustomerAccessToken;
import io.lcbridge.livechat.api.CustomerAccountsClient;
import io.lcbridge.livechat.api.LiveChatApiException;
import io.lcbridge.livechat.api.customer.CustomerBindingStore;
import io.lcbridge.livechat.api.customer.CustomerTokens;
import io.lcbridge.servlet.BrowserShop.LateFilter;
import io.lcbridge.servlet.BrowserShop.Shop;
import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.widget.WidgetOptions;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Jetty 12 (ee11) with real sessions, the widget filter with customer identity binding, the token servlet, and the
 * real accounts client, binding store and token cache of {@code livechat-api} against the fake accounts service.
 * Users sign in with {@code /login?user=alice|bob} and out with {@code /logout}.
 */
final class CustomerIdentityFixture implements AutoCloseable {

    static final String AGENT_TOKEN = "dal:agent-token-for-tests";
    static final long LICENSE = 12345678;
    static final IdentityKeySet KEYS = IdentityKeySet.fromHs256Secret(Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("0123456789abcdef0123456789abcdef-test-only".getBytes(StandardCharsets.US_ASCII)));

    final FakeLiveChat fake = FakeLiveChat.start().requireBearer(AGENT_TOKEN);
    final CustomerBindingStore store = CustomerBindingStore.inMemory();
    final CustomerTokens tokens;
    final CountingMetrics metrics = new CountingMetrics();
    final CustomerIdentityBinding binding;
    final LoopbackJetty jetty = LoopbackJetty.withSessions("/app");
    final String base;

    CustomerIdentityFixture(Duration accountsTimeout, int requestsPerMinute) throws Exception {
        CustomerAccountsClient accounts = CustomerAccountsClient.builder()
                .accountsUrl(fake.accountsUrl())
                .agentToken(() -> AGENT_TOKEN)
                .clientId("client-for-tests")
                .requestTimeout(accountsTimeout)
                .build();
        tokens = CustomerTokens.builder(accounts, store).build();
        LateFilter filter = new LateFilter();
        jetty.filter(filter, "/*");
        binding = CustomerIdentityBinding.builder(this::widgetToken, LICENSE)
                .metrics(metrics)
                .rateLimit(requestsPerMinute, Duration.ofMinutes(1))
                .build();
        jetty.servlet(
                        new LiveChatCustomerTokenServlet(binding, CustomerIdentityFixture::signedInUser),
                        CustomerIdentityBinding.DEFAULT_ENDPOINT_PATH)
                .servlet(new Shop("/browser/tracking-identity-stand-in.js", true), "/");
        jetty.start();
        base = jetty.baseUrl();
        filter.delegate = LiveChatWidgetFilter.builder(WidgetOptions.builder()
                        .license(LICENSE)
                        .scriptUrl(base + "/tracking.js")
                        .build())
                .signingKeys(KEYS)
                .identityResolver(CustomerIdentityFixture::signedInUser)
                .customerIdentity(binding)
                .build();
    }

    /** The adapter an app (or the Spring starter) writes: livechat-api's tokens in the widget's shape. */
    CustomerWidgetToken widgetToken(String user, boolean fresh) {
        CustomerAccessToken token;
        try {
            token = fresh ? tokens.freshTokenFor(user) : tokens.tokenFor(user);
        } catch (LiveChatApiException e) {
            String tag = e.httpStatus() > 0 ? "accounts_http_" + e.httpStatus() : "accounts_" + e.errorType();
            throw new CustomerTokenUnavailableException(tag, e.retryAfter().orElse(null), e);
        }
        return new CustomerWidgetToken(
                token.accessToken(),
                token.entityId(),
                token.expiresIn().toMillis(),
                token.tokenType(),
                token.issuedAt().toEpochMilli());
    }

    static Optional<CustomerIdentity> signedInUser(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object user = session == null ? null : session.getAttribute("user");
        if (!(user instanceof String name)) {
            return Optional.empty();
        }
        return Optional.of(CustomerIdentity.builder(name)
                .name(name.substring(0, 1).toUpperCase(java.util.Locale.ROOT) + name.substring(1))
                .email(name + "@example.com")
                .build());
    }

    @Override
    public void close() {
        try {
            jetty.close();
        } finally {
            fake.close();
        }
    }

    /** Counts what the binding reports. */
    static final class CountingMetrics implements WidgetFilterMetrics {
        final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        final List<String> failures = new CopyOnWriteArrayList<>();

        @Override
        public void customerTokenRequest(String outcome) {
            outcomes.computeIfAbsent(outcome, k -> new AtomicInteger()).incrementAndGet();
        }

        @Override
        public void failed(Stage stage, String cause) {
            failures.add(stage + ":" + cause);
        }

        int count(String outcome) {
            AtomicInteger n = outcomes.get(outcome);
            return n == null ? 0 : n.get();
        }
    }
}
