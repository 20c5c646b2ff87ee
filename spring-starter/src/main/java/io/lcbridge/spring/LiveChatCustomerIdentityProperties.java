package io.lcbridge.spring;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Customer identity binding, bound to {@code livechat.customer-identity.*}: LiveChat knows the signed-in user as one
 * customer on every device (LiveChat's custom identity provider fed by the agent-token grant; docs/customer-identity.md).
 * Off by default.
 *
 * @param enabled Whether signed-in pages define LiveChat's custom identity provider and the customer token endpoint is registered.
 * @param accountsUrl Base URL of LiveChat's accounts service; tokens come from URL/v2/customer/token. Plain http is accepted for a loopback host only.
 * @param agentToken Agent access token (OAuth, scope customers:own) sent as Bearer to the accounts service. LiveChat does not accept a Personal Access Token for this grant. Keep it out of source control.
 * @param clientId Client ID of the LiveChat app the customer identities belong to.
 * @param organizationId Organization id sent as organization_id (optional for the agent-token grant).
 * @param endpointPath Path of the customer token endpoint inside the application (POST).
 * @param requestTimeout Longest wait for the accounts service; a signed-in page waits for it once per user per token lifetime.
 * @param requestsPerMinute Most token requests one user may make per minute; more are answered 429 with Retry-After.
 * @param jdbcTable Table of the JDBC binding store, used when the application has a DataSource (created if absent).
 */
@ConfigurationProperties("livechat.customer-identity")
public record LiveChatCustomerIdentityProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("https://accounts.livechat.com") String accountsUrl,
        @Nullable String agentToken,
        @Nullable String clientId,
        @Nullable String organizationId,
        @DefaultValue("/livechat/customer-token") String endpointPath,
        @DefaultValue("3s") Duration requestTimeout,
        @DefaultValue("30") int requestsPerMinute,
        @DefaultValue("lcbridge_customer_binding") String jdbcTable) {

    /** Never shows the agent token. */
    @Override
    public String toString() {
        return "LiveChatCustomerIdentityProperties[enabled=" + enabled + ", accountsUrl=" + accountsUrl
                + ", clientId=" + clientId + ", agentToken=" + (agentToken == null ? "unset" : "(set)")
                + ", endpointPath=" + endpointPath + "]";
    }
}
