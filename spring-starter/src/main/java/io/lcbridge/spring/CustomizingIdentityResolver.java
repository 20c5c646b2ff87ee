package io.lcbridge.spring;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.servlet.IdentityResolver;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;
import java.util.Optional;

/**
 * Applies the {@link LiveChatIdentityCustomizer} beans, in order, to whatever identity the
 * application's {@link IdentityResolver} found. An exception propagates to the filter, which serves
 * the page without identity.
 */
final class CustomizingIdentityResolver implements IdentityResolver {

    private final IdentityResolver delegate;
    private final List<LiveChatIdentityCustomizer> customizers;

    private CustomizingIdentityResolver(IdentityResolver delegate, List<LiveChatIdentityCustomizer> customizers) {
        this.delegate = delegate;
        this.customizers = List.copyOf(customizers);
    }

    /** {@code delegate} itself when there is nothing to customize. */
    static IdentityResolver of(IdentityResolver delegate, List<LiveChatIdentityCustomizer> customizers) {
        return customizers.isEmpty() ? delegate : new CustomizingIdentityResolver(delegate, customizers);
    }

    @Override
    public Optional<CustomerIdentity> resolve(HttpServletRequest request) {
        Optional<CustomerIdentity> resolved = delegate.resolve(request);
        if (resolved.isEmpty()) {
            return resolved;
        }
        CustomerIdentity.Builder builder = resolved.get().toBuilder();
        for (LiveChatIdentityCustomizer customizer : customizers) {
            customizer.customize(builder, request);
        }
        return Optional.of(builder.build());
    }

    @Override
    public String toString() {
        return delegate + " customized by " + customizers.size() + " customizer(s)";
    }
}
