package io.lcbridge.spring;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How the bridge calls LiveChat's Platform API (agent notes, webhook registration), bound to
 * {@code livechat.api.*}. Nothing calls the API unless a feature that needs it is enabled.
 *
 * @param url Base URL of LiveChat's API; requests go to URL/v3.6/... Plain http is accepted for a loopback host only.
 * @param accountId Account ID of the Personal Access Token (the user name of HTTP Basic).
 * @param personalAccessToken Personal Access Token with the scopes the enabled features need (webhooks.configuration:rw, chats--all:rw). Keep it out of source control.
 * @param requestTimeout Longest wait for one API call.
 */
@ConfigurationProperties("livechat.api")
public record LiveChatApiProperties(
        @DefaultValue("https://api.livechatinc.com") String url,
        String accountId,
        String personalAccessToken,
        @DefaultValue("20s") Duration requestTimeout) {

    /** Never shows the token. */
    @Override
    public String toString() {
        return "LiveChatApiProperties[url=" + url + ", accountId=" + accountId + ", personalAccessToken="
                + (personalAccessToken == null ? "unset" : "(set)") + "]";
    }
}
