package io.lcbridge.spring;

import io.lcbridge.livechat.api.CustomerAccessToken;
import io.lcbridge.livechat.api.LiveChatApiException;
import io.lcbridge.livechat.api.customer.CustomerBindingStoreException;
import io.lcbridge.livechat.api.customer.CustomerTokens;
import io.lcbridge.servlet.CustomerTokenSource;
import io.lcbridge.servlet.CustomerTokenUnavailableException;
import io.lcbridge.servlet.CustomerWidgetToken;

import java.util.Locale;

/**
 * {@code livechat-api}'s {@link CustomerTokens} as the servlet module's {@link CustomerTokenSource}: the accounts
 * answer in the widget's shape ({@code expiresIn} in milliseconds, {@code creationDate} added), failures as short
 * causes ({@code accounts_http_401}, {@code accounts_transport}, {@code binding_store}).
 */
final class LiveChatCustomerTokenSource implements CustomerTokenSource {

    private final CustomerTokens tokens;

    LiveChatCustomerTokenSource(CustomerTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public CustomerWidgetToken tokenFor(String userId, boolean fresh) {
        CustomerAccessToken token;
        try {
            token = fresh ? tokens.freshTokenFor(userId) : tokens.tokenFor(userId);
        } catch (LiveChatApiException e) {
            String cause = e.httpStatus() > 0
                    ? "accounts_http_" + e.httpStatus()
                    : "accounts_" + e.errorType().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
            throw new CustomerTokenUnavailableException(
                    cause.length() > 48 ? cause.substring(0, 48) : cause,
                    e.retryAfter().orElse(null),
                    e);
        } catch (CustomerBindingStoreException e) {
            throw new CustomerTokenUnavailableException("binding_store", null, e);
        }
        return new CustomerWidgetToken(
                token.accessToken(),
                token.entityId(),
                token.expiresIn().toMillis(),
                token.tokenType(),
                token.issuedAt().toEpochMilli());
    }

    @Override
    public String toString() {
        return "LiveChatCustomerTokenSource[" + tokens + "]";
    }
}
