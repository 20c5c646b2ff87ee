package io.lcbridge.livechat.api.customer;

import io.lcbridge.livechat.api.CustomerAccessToken;
import io.lcbridge.livechat.api.CustomerAccountsClient;
import io.lcbridge.livechat.api.LiveChatApiException;
import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.testsupport.livechat.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Binding on first use, reuse after, caching until shortly before expiry, and two nodes racing. */
final class CustomerTokensTest {

    static final String AGENT_TOKEN = "dal:agent-access-token-value";

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-30T10:00:00Z"));
    final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    FakeLiveChat fake;
    CustomerBindingStore store;

    @BeforeEach
    void start() {
        fake = FakeLiveChat.start().requireBearer(AGENT_TOKEN);
        store = CustomerBindingStore.inMemory();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    CustomerTokens node(CustomerBindingStore on) {
        CustomerAccountsClient accounts = CustomerAccountsClient.builder()
                .accountsUrl(fake.accountsUrl())
                .agentToken(() -> AGENT_TOKEN)
                .clientId("client-1")
                .clock(clock)
                .build();
        return CustomerTokens.builder(accounts, on).clock(clock).build();
    }

    @Test
    void firstUseCreatesAndBindsTheCustomerLaterUsesReuseIt() {
        CustomerTokens tokens = node(store);

        CustomerAccessToken first = tokens.tokenFor("alice");
        assertThat(store.find("alice")).contains(first.entityId());

        CustomerTokens otherNode = node(store);
        CustomerAccessToken onOtherNode = otherNode.tokenFor("alice");
        assertThat(onOtherNode.entityId()).isEqualTo(first.entityId());
        assertThat(onOtherNode.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(fake.createdCustomers()).containsExactly(first.entityId());
        assertThat(tokens.boundCustomer("alice")).contains(first.entityId());
        assertThat(tokens.tokenFor("bob").entityId()).isNotEqualTo(first.entityId());
    }

    @Test
    void tokenIsCachedUntilShortlyBeforeExpiry() {
        CustomerTokens tokens = node(store);
        CustomerAccessToken first = tokens.tokenFor("alice");

        now.set(now.get().plus(Duration.ofHours(7)).plus(Duration.ofMinutes(54)));
        assertThat(tokens.tokenFor("alice")).isSameAs(first);
        assertThat(fake.calls(FakeLiveChat.CUSTOMER_TOKEN)).hasSize(1);

        now.set(now.get().plus(Duration.ofMinutes(2))); // 4 minutes before expiry: inside the 5-minute margin
        CustomerAccessToken renewed = tokens.tokenFor("alice");
        assertThat(renewed.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(renewed.entityId()).isEqualTo(first.entityId());
        assertThat(fake.calls(FakeLiveChat.CUSTOMER_TOKEN)).hasSize(2);
    }

    @Test
    void freshTokenBypassesTheCache() {
        CustomerTokens tokens = node(store);
        CustomerAccessToken first = tokens.tokenFor("alice");

        CustomerAccessToken fresh = tokens.freshTokenFor("alice");

        assertThat(fresh.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(tokens.tokenFor("alice")).isSameAs(fresh);
    }

    @Test
    void twoNodesRacingOnAFirstUseEndWithOneBindingAndTokensForIt() throws Exception {
        CustomerTokens a = node(store);
        CustomerTokens b = node(store);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<CustomerAccessToken>> results = new ArrayList<>();
            for (CustomerTokens node : List.of(a, b)) {
                results.add(pool.submit(() -> {
                    go.await();
                    return node.tokenFor("carol");
                }));
            }
            go.countDown();
            String bound = store.find("carol").orElse(null);
            CustomerAccessToken ta = results.get(0).get(30, TimeUnit.SECONDS);
            CustomerAccessToken tb = results.get(1).get(30, TimeUnit.SECONDS);
            bound = store.find("carol").orElseThrow();
            assertThat(ta.entityId()).isEqualTo(bound);
            assertThat(tb.entityId()).isEqualTo(bound);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void accountsFailuresAreThrownAndNothingIsBound() {
        CustomerTokens tokens = node(store);
        fake.failAlways(FakeLiveChat.CUSTOMER_TOKEN, Fault.unauthorized());

        assertThatThrownBy(() -> tokens.tokenFor("alice")).isInstanceOf(LiveChatApiException.class);
        assertThat(store.find("alice")).isEmpty();

        fake.clearStandingFault(FakeLiveChat.CUSTOMER_TOKEN);
        assertThat(tokens.tokenFor("alice").entityId())
                .isEqualTo(store.find("alice").orElseThrow());
    }
}
