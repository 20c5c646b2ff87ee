package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Adds or changes what the widget is told about the signed-in user: the Spring-only spelling of
 * {@link io.lcbridge.servlet.LiveChatIdentityCustomizer}, with the parameters the other way round. Beans of either type
 * are applied in {@link org.springframework.core.Ordered order}.
 *
 * @deprecated declare an {@link io.lcbridge.servlet.LiveChatIdentityCustomizer} bean instead, which plain servlet
 *     applications use too and which takes the request first, like every other extension point:
 *     {@code (request, identity) -> identity.variable("plan", plan)}.
 */
@Deprecated(since = "0.1.0", forRemoval = true)
@FunctionalInterface
public interface LiveChatIdentityCustomizer extends io.lcbridge.servlet.LiveChatIdentityCustomizer {

    /**
     * Adjusts {@code identity} for the page being rendered.
     *
     * @param identity the identity resolved so far; its subject is fixed, everything else may change
     * @param request  the page's request (the signed-in principal is {@code request.getUserPrincipal()})
     */
    void customize(CustomerIdentity.Builder identity, HttpServletRequest request);

    /** Calls {@link #customize(CustomerIdentity.Builder, HttpServletRequest)}. */
    @Override
    default void customize(HttpServletRequest request, CustomerIdentity.Builder identity) {
        customize(identity, request);
    }
}
