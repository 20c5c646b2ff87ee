package io.lcbridge.servlet;

import io.lcbridge.core.CustomerIdentity;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The endpoint the custom identity provider of a signed-in page calls ({@code POST}, default path {@value
 * CustomerIdentityBinding#DEFAULT_ENDPOINT_PATH}): it answers the signed-in user's LiveChat customer token in the shape
 * the provider must resolve, {@code {"accessToken", "entityId", "expiresIn" (milliseconds), "tokenType",
 * "creationDate", "licenseId"}}.
 *
 * <ul>
 *   <li>only for a signed-in user, as the {@link IdentityResolver} sees the request (the same resolver as the
 *       filter's): anonymous → 401;</li>
 *   <li>same-origin only: the request must carry the non-simple header {@value #REQUIRED_HEADER} (a cross-site page
 *       cannot send it without a CORS preflight, which this servlet never grants), and when the browser sends
 *       {@code Sec-Fetch-Site} it must be {@code same-origin}, when it sends {@code Origin} it must be this server's
 *       origin: else 403;</li>
 *   <li>per-user rate limit: 429 with {@code Retry-After};</li>
 *   <li>the token source failing: 503 with {@code Retry-After}, logged once per cause and counted (the page keeps
 *       its session-variable identity);</li>
 *   <li>every answer {@code Cache-Control: no-store}; {@code ?fresh=1} asks for a newly issued token.</li>
 * </ul>
 *
 * <p>In code: {@code new LiveChatCustomerTokenServlet(binding, resolver)}; from {@code web.xml}, see {@link
 * #LiveChatCustomerTokenServlet()}.
 */
public final class LiveChatCustomerTokenServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** The header the provider sends; its presence makes the request non-simple (CORS preflight cross-site). */
    public static final String REQUIRED_HEADER = "X-LiveChat-Customer-Token";

    private transient CustomerIdentityBinding binding;
    private transient IdentityResolver resolver;

    /**
     * For containers that instantiate servlets themselves ({@code web.xml}), configured by init parameters: {@code
     * customerTokenSource} (class name of a {@link CustomerTokenSource}, public no-argument constructor; required),
     * {@code license} (required), {@code endpointPath} (the path the servlet is mapped to, default {@value
     * CustomerIdentityBinding#DEFAULT_ENDPOINT_PATH}), {@code requestsPerMinute} (default 30) and {@code
     * identityResolver} (class name, default: the container's user principal). Give {@link LiveChatWidgetFilter} the
     * same {@code customerTokenSource}, {@code license} and {@code endpointPath}: the two then share one binding.
     */
    public LiveChatCustomerTokenServlet() {}

    /** A servlet answering {@code binding}'s tokens to the users {@code resolver} recognises. */
    public LiveChatCustomerTokenServlet(CustomerIdentityBinding binding, IdentityResolver resolver) {
        this.binding = Objects.requireNonNull(binding, "binding");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    @Override
    public void init() throws ServletException {
        if (binding != null) {
            return; // built in code
        }
        try {
            this.binding = CustomerIdentityInitParameters.read(this::getInitParameter, getServletContext())
                    .orElseThrow(() -> new IllegalArgumentException("init parameter '"
                            + CustomerIdentityInitParameters.TOKEN_SOURCE
                            + "' is required: the class name of a CustomerTokenSource"));
            String resolverClass = getInitParameter("identityResolver");
            this.resolver = resolverClass == null || resolverClass.isBlank()
                    ? IdentityResolver.userPrincipal()
                    : FilterInitParameters.instantiate(
                            "identityResolver", resolverClass.trim(), IdentityResolver.class);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ServletException("LiveChatCustomerTokenServlet '" + getServletName() + "': " + e.getMessage(), e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (!sameOrigin(request)) {
            binding.counted("cross_site");
            error(response, 403, "cross-site request refused");
            return;
        }
        Optional<CustomerIdentity> identity;
        try {
            identity = resolver.resolve(request);
        } catch (RuntimeException e) {
            identity = Optional.empty();
        }
        if (identity == null || identity.isEmpty()) {
            binding.counted("anonymous");
            error(response, 401, "not signed in");
            return;
        }
        String user = identity.get().subject();
        long wait = binding.retryAfterSeconds(user);
        if (wait > 0) {
            binding.counted("rate_limited");
            response.setHeader("Retry-After", Long.toString(wait));
            error(response, 429, "too many requests");
            return;
        }
        CustomerWidgetToken token;
        try {
            token = binding.tokenFor(user, "1".equals(request.getParameter("fresh")));
        } catch (RuntimeException e) {
            binding.counted("unavailable");
            long retry = e instanceof CustomerTokenUnavailableException u
                    ? u.retryAfter().map(d -> Math.max(1, d.toSeconds())).orElse(30L)
                    : 30L;
            response.setHeader("Retry-After", Long.toString(Math.min(retry, 3600)));
            error(response, 503, "customer token unavailable");
            return;
        }
        binding.counted("issued");
        byte[] body = binding.json(token).getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Same-origin request from the provider: the custom header, and Fetch Metadata / Origin when present. */
    static boolean sameOrigin(HttpServletRequest request) {
        return request.getHeader(REQUIRED_HEADER) != null && !RequestSite.isForeign(request, false);
    }

    private static void error(HttpServletResponse response, int status, String message) throws IOException {
        byte[] body =
                ("{\"error\":" + CustomerIdentityBinding.jsonString(message) + "}").getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    @Override
    public String toString() {
        return "LiveChatCustomerTokenServlet[" + binding + "]";
    }
}
