package io.lcbridge.servlet;

import jakarta.servlet.ServletContext;
import org.jspecify.annotations.Nullable;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the customer identity binding from {@code web.xml} init parameters, for {@link LiveChatCustomerTokenServlet}
 * and {@link LiveChatWidgetFilter} alike, with the names of the Spring properties {@code livechat.customer-identity.*}
 * where there is one: {@value #TOKEN_SOURCE} (class name of a {@link CustomerTokenSource} with a public no-argument
 * constructor; switches the binding on), {@code license} (the filter's parameter: the tokens' {@code licenseId}),
 * {@value #ENDPOINT_PATH} and {@value #REQUESTS_PER_MINUTE}.
 *
 * <p>The filter and the servlet of one web application share one binding (one token source instance, one rate
 * limit): the first to start keeps it in a {@link ServletContext} attribute, the second finds it there and must name
 * the same license and path. Every bad value fails start-up with a message naming the parameter.
 */
final class CustomerIdentityInitParameters {

    static final String TOKEN_SOURCE = "customerTokenSource";
    static final String ENDPOINT_PATH = "endpointPath";
    static final String REQUESTS_PER_MINUTE = "requestsPerMinute";
    private static final String ATTRIBUTE_PREFIX = CustomerIdentityBinding.class.getName() + ":";

    private CustomerIdentityInitParameters() {}

    /** The binding the init parameters describe; empty when {@value #TOKEN_SOURCE} is not set. */
    static Optional<CustomerIdentityBinding> read(
            Function<String, @Nullable String> initParameter, @Nullable ServletContext context) {
        Function<String, @Nullable String> param = name -> {
            String value = initParameter.apply(name);
            return value == null || value.isBlank() ? null : value.trim();
        };
        String sourceClass = param.apply(TOKEN_SOURCE);
        if (sourceClass == null) {
            return Optional.empty();
        }
        String license = param.apply("license");
        if (license == null) {
            throw new IllegalArgumentException("init parameter 'license' is required with '" + TOKEN_SOURCE
                    + "': it is the customer tokens' licenseId");
        }
        long licenseId;
        try {
            licenseId = Long.parseLong(license);
        } catch (NumberFormatException e) {
            licenseId = 0;
        }
        if (licenseId <= 0) {
            throw new IllegalArgumentException("init parameter 'license' must be a positive whole number with '"
                    + TOKEN_SOURCE + "', got '" + license + "'");
        }
        String path = param.apply(ENDPOINT_PATH);
        String endpointPath = path == null ? CustomerIdentityBinding.DEFAULT_ENDPOINT_PATH : path;
        String perMinute = param.apply(REQUESTS_PER_MINUTE);
        int requestsPerMinute = perMinute == null ? 30 : FilterInitParameters.parseInt(REQUESTS_PER_MINUTE, perMinute);
        if (requestsPerMinute < 1) {
            throw new IllegalArgumentException(
                    "init parameter '" + REQUESTS_PER_MINUTE + "' must be at least 1, got '" + perMinute + "'");
        }
        if (context == null) {
            return Optional.of(build(sourceClass, licenseId, endpointPath, requestsPerMinute));
        }
        synchronized (context) {
            String attribute = ATTRIBUTE_PREFIX + sourceClass;
            if (context.getAttribute(attribute) instanceof CustomerIdentityBinding shared) {
                if (shared.licenseId() != licenseId || !shared.endpointPath().equals(endpointPath)) {
                    throw new IllegalArgumentException("init parameters 'license' and '" + ENDPOINT_PATH
                            + "' must be the same wherever '" + TOKEN_SOURCE + "' names " + sourceClass);
                }
                return Optional.of(shared);
            }
            CustomerIdentityBinding binding = build(sourceClass, licenseId, endpointPath, requestsPerMinute);
            context.setAttribute(attribute, binding);
            return Optional.of(binding);
        }
    }

    private static CustomerIdentityBinding build(
            String sourceClass, long licenseId, String endpointPath, int requestsPerMinute) {
        CustomerTokenSource source =
                FilterInitParameters.instantiate(TOKEN_SOURCE, sourceClass, CustomerTokenSource.class);
        CustomerIdentityBinding.Builder builder = CustomerIdentityBinding.builder(source, licenseId);
        try {
            builder.endpointPath(endpointPath);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("init parameter '" + ENDPOINT_PATH + "': " + e.getMessage());
        }
        return builder.rateLimit(requestsPerMinute, Duration.ofMinutes(1)).build();
    }
}
