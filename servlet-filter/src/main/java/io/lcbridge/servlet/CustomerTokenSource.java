package io.lcbridge.servlet;

/**
 * Where {@link CustomerIdentityBinding} gets a signed-in user's LiveChat customer token: typically the
 * {@code livechat-api} module's {@code CustomerTokens} (agent-token grant, a binding store, a per-user cache), adapted
 * by the Spring starter or by the app. Must be thread-safe.
 *
 * <p>Failures are thrown as {@link CustomerTokenUnavailableException}, naming a short, low-cardinality cause (any
 * other runtime exception is counted by its class name); the page and the endpoint fail open.
 */
@FunctionalInterface
public interface CustomerTokenSource {

    /**
     * The customer token of the app's user {@code userId} (the identity's {@code sub}); with {@code fresh}, a newly
     * issued one rather than a cached one (the widget asks for that when LiveChat refused the current token).
     */
    CustomerWidgetToken tokenFor(String userId, boolean fresh);
}
