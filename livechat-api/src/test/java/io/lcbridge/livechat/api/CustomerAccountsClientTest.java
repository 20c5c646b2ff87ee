package io.lcbridge.livechat.api;

import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.testsupport.livechat.Fault;
import io.lcbridge.testsupport.livechat.RecordedCall;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The agent-token grant against the fake accounts service, in LiveChat's documented shape, and each failure mode. */
final class CustomerAccountsClientTest {

    static final String AGENT_TOKEN = "dal:agent-access-token-value";
    static final String CLIENT_ID = "9cbf3a968289727cb3cdfe83ab1d9836";

    FakeLiveChat fake;
    CustomerAccountsClient client;

    @BeforeEach
    void start() {
        fake = FakeLiveChat.start().requireBearer(AGENT_TOKEN);
        client = CustomerAccountsClient.builder()
                .accountsUrl(fake.accountsUrl())
                .agentToken(() -> AGENT_TOKEN)
                .clientId(CLIENT_ID)
                .requestTimeout(Duration.ofSeconds(10))
                .build();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void createsACustomerWithTheDocumentedRequest() {
        CustomerAccessToken token = client.createCustomer();

        assertThat(token.entityId()).isEqualTo(fake.createdCustomers().get(0));
        assertThat(token.accessToken()).startsWith("dal:");
        assertThat(token.expiresIn()).isEqualTo(Duration.ofSeconds(28_800));
        assertThat(token.tokenType()).isEqualTo("Bearer");
        assertThat(token.organizationId()).isEqualTo(FakeLiveChat.SAMPLE_ORGANIZATION_ID);
        List<RecordedCall> calls = fake.calls(FakeLiveChat.CUSTOMER_TOKEN);
        assertThat(calls).hasSize(1);
        RecordedCall call = calls.get(0);
        assertThat(call.path()).isEqualTo("/v2/customer/token");
        assertThat(call.httpMethod()).isEqualTo("POST");
        assertThat(call.authorization()).isEqualTo("Bearer " + AGENT_TOKEN);
        assertThat(call.body().get("grant_type").asString()).isEqualTo("agent_token");
        assertThat(call.body().get("client_id").asString()).isEqualTo(CLIENT_ID);
        assertThat(call.body().get("response_type").asString()).isEqualTo("token");
        assertThat(call.body().has("entity_id")).isFalse();
    }

    @Test
    void reissuesForAnExistingCustomerWithEntityId() {
        String entity = client.createCustomer().entityId();

        CustomerAccessToken again = client.tokenFor(entity);

        assertThat(again.entityId()).isEqualTo(entity);
        assertThat(fake.createdCustomers()).containsExactly(entity);
        assertThat(fake.calls(FakeLiveChat.CUSTOMER_TOKEN)
                        .get(1)
                        .body()
                        .get("entity_id")
                        .asString())
                .isEqualTo(entity);
    }

    @Test
    void refusesAPersonalAccessToken() {
        assertThatThrownBy(() -> CustomerAccountsClient.builder()
                        .credentials(LiveChatCredentials.personalAccessToken("acc", "pat-value")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Personal Access Token");
    }

    @Test
    void unauthorizedIsAnAuthenticationFailureWithoutTheToken() {
        fake.failAlways(FakeLiveChat.CUSTOMER_TOKEN, Fault.unauthorized());

        assertThatThrownBy(client::createCustomer)
                .isInstanceOfSatisfying(LiveChatApiException.class, e -> {
                    assertThat(e.httpStatus()).isEqualTo(401);
                    assertThat(e.errorType()).isEqualTo("authentication");
                    assertThat(e.isTransient()).isFalse();
                })
                .hasMessageNotContaining(AGENT_TOKEN);
    }

    @Test
    void rateLimitedCarriesRetryAfterAndIsNotRetried() {
        fake.failAlways(FakeLiveChat.CUSTOMER_TOKEN, Fault.tooManyRequests(7));

        assertThatThrownBy(client::createCustomer).isInstanceOfSatisfying(LiveChatApiException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(429);
            assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        });
        assertThat(fake.calls(FakeLiveChat.CUSTOMER_TOKEN)).hasSize(1);
    }

    @Test
    void slowAnswerTimesOut() {
        fake.failAlways(FakeLiveChat.CUSTOMER_TOKEN, Fault.slow(Duration.ofSeconds(3)));
        CustomerAccountsClient impatient = CustomerAccountsClient.builder()
                .accountsUrl(fake.accountsUrl())
                .agentToken(() -> AGENT_TOKEN)
                .clientId(CLIENT_ID)
                .requestTimeout(Duration.ofMillis(800))
                .build();

        assertThatThrownBy(impatient::createCustomer)
                .isInstanceOfSatisfying(
                        LiveChatApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo(LiveChatApiException.TRANSPORT))
                .hasMessageContaining("no answer within 800 ms");
    }

    @Test
    void downIsATransportFailure() {
        fake.customerAccountsDown(true);

        assertThatThrownBy(client::createCustomer)
                .isInstanceOfSatisfying(
                        LiveChatApiException.class,
                        e -> assertThat(e.errorType()).isEqualTo(LiveChatApiException.TRANSPORT));

        fake.customerAccountsDown(false);
        assertThat(client.createCustomer().entityId()).isNotBlank();
    }

    @Test
    void unknownCustomerIsAClientError() {
        assertThatThrownBy(() -> client.tokenFor("00000000-0000-4000-8000-000000000000"))
                .isInstanceOfSatisfying(
                        LiveChatApiException.class,
                        e -> assertThat(e.httpStatus()).isEqualTo(400));
    }

    @Test
    void toStringNeverPrintsTheToken() {
        CustomerAccessToken token = client.createCustomer();
        assertThat(token.toString()).doesNotContain(token.accessToken()).contains(token.entityId());
        assertThat(client.toString()).doesNotContain(AGENT_TOKEN);
    }
}
