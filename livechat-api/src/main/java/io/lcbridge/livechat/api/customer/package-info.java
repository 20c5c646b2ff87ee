/**
 * Customer identity binding: LiveChat knows the app's user. {@link
 * io.lcbridge.livechat.api.customer.CustomerBindingStore} maps the app's user id to the LiveChat customer
 * ({@code entity_id}) created for it with the agent-token grant, in memory or in a SQL table shared by every node;
 * {@link io.lcbridge.livechat.api.customer.CustomerTokens} hands out that customer's access tokens, creating the
 * binding on first use and caching each user's token until shortly before it expires. The widget's custom identity
 * provider is fed from it (see {@code docs/customer-identity.md}).
 */
@NullMarked
package io.lcbridge.livechat.api.customer;

import org.jspecify.annotations.NullMarked;
