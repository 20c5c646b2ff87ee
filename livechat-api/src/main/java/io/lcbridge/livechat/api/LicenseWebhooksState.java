package io.lcbridge.livechat.api;

/**
 * The answer of {@code get_license_webhooks_state}.
 *
 * @param licenseWebhooksEnabled whether the Client ID's license webhooks are enabled on the license
 */
public record LicenseWebhooksState(Boolean licenseWebhooksEnabled) {

    /** True only when LiveChat said so. */
    public boolean enabled() {
        return Boolean.TRUE.equals(licenseWebhooksEnabled);
    }
}
