package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Adds or changes what the widget is told about the signed-in user, without replacing how the user
 * is found. Every bean of this type is applied, in {@link org.springframework.core.Ordered order}
 * ({@code @Order} or {@code Ordered}), to the identity resolved for each page, before it is
 * signed: typically to add session variables such as a plan or an account id
 * ({@code identity.variable("plan", user.plan())}) or to set the display name.
 *
 * <p>A customizer runs on the request thread for every page with a signed-in user, so it should be
 * quick and must not throw; an exception drops the identity for that page (the widget still loads)
 * and is logged once per exception type. To decide who the user is, declare an
 * {@code io.lcbridge.servlet.IdentityResolver} bean instead, which replaces the Spring Security one.
 */
@FunctionalInterface
public interface LiveChatIdentityCustomizer {

    /**
     * Adjusts {@code identity} for the page being rendered.
     *
     * @param identity the identity resolved so far; its subject is fixed, everything else may change
     * @param request  the page's request (the signed-in principal is {@code request.getUserPrincipal()})
     */
    void customize(CustomerIdentity.Builder identity, HttpServletRequest request);
}
