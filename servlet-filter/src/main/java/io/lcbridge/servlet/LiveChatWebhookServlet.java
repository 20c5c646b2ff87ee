package io.lcbridge.servlet;

import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookOutcome;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;

/**
 * Receives LiveChat's webhooks over HTTP and hands them to {@link LiveChatWebhooks}.
 *
 * <p>Answers: 405 for anything but POST, 415 unless the body is {@code application/json}, 413
 * beyond the body limit (before reading it when {@code Content-Length} says so), 408 (and the
 * connection closed) when the body has not fully arrived within the body read timeout, 400 for a body that
 * is not a webhook, 401 when not authentic (no detail), 503 when the store is down or the async
 * queue is full (LiveChat retries), 500 when a handler failed (retried), 200 otherwise — with a
 * short plain-text reason and {@code Cache-Control: no-store}. Logs name the action and the outcome,
 * never a secret or message text.
 *
 * <p>The body read timeout ({@value #DEFAULT_BODY_READ_TIMEOUT_SECONDS} s unless set with
 * {@link Builder#bodyReadTimeout(Duration)} or the init parameter {@value #BODY_READ_TIMEOUT_PARAMETER}, an ISO-8601
 * duration such as {@code PT5S}) bounds the whole read, however slowly the bytes trickle in: a sender that keeps a
 * connection alive one byte at a time never holds a worker thread longer than that (plus the container's own idle
 * timeout when the container cannot interrupt a blocked read; Jetty can). LiveChat itself gives up on a webhook after
 * about 10 seconds, so a slower body is never a real delivery.
 *
 * <p>Register it for the URL given to LiveChat's {@code register_webhook}, e.g.
 * {@code context.addServlet(new ServletHolder(new LiveChatWebhookServlet(webhooks)), "/livechat/webhooks")}.
 */
public final class LiveChatWebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(LiveChatWebhookServlet.class.getName());

    /** Default overall deadline for reading a webhook body, in seconds. */
    public static final long DEFAULT_BODY_READ_TIMEOUT_SECONDS = 10;

    /** Init parameter overriding the body read timeout: an ISO-8601 duration, e.g. {@code PT5S}. */
    public static final String BODY_READ_TIMEOUT_PARAMETER = "bodyReadTimeout";

    private final transient LiveChatWebhooks webhooks;
    private final transient Clock clock;
    private final transient WebhookMetrics metrics;
    private volatile Duration bodyReadTimeout;

    /** A servlet answering with {@code webhooks}, taking reception times from the system clock. */
    public LiveChatWebhookServlet(LiveChatWebhooks webhooks) {
        this(webhooks, Clock.systemUTC());
    }

    /** A servlet answering with {@code webhooks}, taking reception times from {@code clock}. */
    public LiveChatWebhookServlet(LiveChatWebhooks webhooks, Clock clock) {
        this(webhooks, clock, Duration.ofSeconds(DEFAULT_BODY_READ_TIMEOUT_SECONDS), WebhookMetrics.none());
    }

    private LiveChatWebhookServlet(
            LiveChatWebhooks webhooks, Clock clock, Duration bodyReadTimeout, WebhookMetrics metrics) {
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.bodyReadTimeout = checkedTimeout(bodyReadTimeout);
    }

    /** A builder of a servlet answering with {@code webhooks}. */
    public static Builder builder(LiveChatWebhooks webhooks) {
        return new Builder(webhooks);
    }

    /** The overall deadline for reading one webhook body. */
    public Duration bodyReadTimeout() {
        return bodyReadTimeout;
    }

    @Override
    public void init() throws ServletException {
        String configured = getInitParameter(BODY_READ_TIMEOUT_PARAMETER);
        if (configured != null && !configured.isBlank()) {
            try {
                bodyReadTimeout = checkedTimeout(Duration.parse(configured.trim()));
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw new ServletException("init parameter '" + BODY_READ_TIMEOUT_PARAMETER
                        + "' must be a positive ISO-8601 duration such as PT10S");
            }
        }
    }

    private static String readable(Duration timeout) {
        long millis = timeout.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    private static Duration checkedTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "bodyReadTimeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("bodyReadTimeout must be positive");
        }
        return timeout;
    }

    /**
     * Request attribute holding the {@link WebhookOutcome} of a delivery the verifier processed, for a filter around
     * this servlet (the Spring starter's observation reads it); absent when the request was answered before (wrong
     * method or content type, too large, too slow, unreadable).
     */
    public static final String OUTCOME_ATTRIBUTE = LiveChatWebhookServlet.class.getName() + ".outcome";

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        try {
            serve(request, response);
        } finally {
            answered(response.getStatus(), System.nanoTime() - start);
        }
    }

    private void answered(int status, long nanos) {
        try {
            metrics.answered(status, outcome(status), Duration.ofNanos(nanos));
        } catch (RuntimeException e) {
            LOG.log(
                    Level.DEBUG,
                    () -> "lcbridge webhook metrics failed: " + e.getClass().getName());
        }
    }

    /** The outcome an HTTP status of this servlet stands for, as {@link WebhookMetrics#answered} tags it. */
    static String outcome(int status) {
        return switch (status) {
            case 200 -> "accepted";
            case 400 -> "malformed";
            case 401 -> "not_authentic";
            case 405, 415 -> "refused";
            case 408 -> "timed_out";
            case 413 -> "too_large";
            case 500 -> "handler_failed";
            case 503 -> "retry_later";
            default -> "other";
        };
    }

    private void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            answer(response, HttpServletResponse.SC_METHOD_NOT_ALLOWED, "POST only");
            return;
        }
        if (!isJson(request.getContentType())) {
            answer(response, HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE, "application/json only");
            return;
        }
        int limit = webhooks.maxBodyBytes();
        long declared = request.getContentLengthLong();
        byte[] body;
        try (InputStream in = request.getInputStream();
                BodyDeadline deadline = BodyDeadline.start(bodyReadTimeout)) {
            body = declared > limit ? null : deadline.readAtMost(in, limit + 1);
            if (body != null && body.length <= limit) {
                deadline.disarm(); // no interrupt can reach the thread from here on
            } else {
                try {
                    deadline.drain(in, 4L * Math.max(limit, 64 * 1024));
                } catch (BodyDeadline.Expired e) {
                    // too large is the answer either way; the connection is closed below
                }
                deadline.disarm();
                response.setHeader("Connection", "close");
                answer(
                        response,
                        HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                        "body larger than " + limit + " bytes");
                return;
            }
        } catch (BodyDeadline.Expired e) {
            LOG.log(Level.DEBUG, () -> "lcbridge webhook body not complete within " + bodyReadTimeout);
            response.setHeader("Connection", "close");
            answer(
                    response,
                    HttpServletResponse.SC_REQUEST_TIMEOUT,
                    "body not received within " + readable(bodyReadTimeout));
            return;
        } catch (IOException e) {
            LOG.log(
                    Level.DEBUG,
                    () -> "lcbridge webhook body unreadable: " + e.getClass().getName());
            answer(response, HttpServletResponse.SC_BAD_REQUEST, "body unreadable");
            return;
        }
        WebhookOutcome outcome;
        try {
            outcome = webhooks.process(body, request::getHeader, clock.instant());
        } catch (RuntimeException e) {
            LOG.log(
                    Level.ERROR,
                    () -> "lcbridge webhook processing failed unexpectedly: "
                            + e.getClass().getName());
            answer(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "internal error");
            return;
        }
        request.setAttribute(OUTCOME_ATTRIBUTE, outcome);
        if (outcome.httpStatus() >= 500) {
            LOG.log(Level.WARNING, () -> "lcbridge webhook answered " + outcome.httpStatus() + " " + outcome.kind());
        }
        answer(response, outcome.httpStatus(), outcome.reason());
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.startsWith("application/") && type.endsWith("+json");
    }

    /** Builds a {@link LiveChatWebhookServlet}. */
    public static final class Builder {

        private final LiveChatWebhooks webhooks;
        private Clock clock = Clock.systemUTC();
        private Duration bodyReadTimeout = Duration.ofSeconds(DEFAULT_BODY_READ_TIMEOUT_SECONDS);
        private WebhookMetrics metrics = WebhookMetrics.none();

        private Builder(LiveChatWebhooks webhooks) {
            this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        }

        /** Where reception times come from; the system clock by default. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The overall deadline for reading one webhook body, however slowly it arrives (10 seconds by default); a body not complete by then is answered 408 and its
         * connection closed.
         */
        public Builder bodyReadTimeout(Duration bodyReadTimeout) {
            this.bodyReadTimeout = checkedTimeout(bodyReadTimeout);
            return this;
        }

        /**
         * Where every answered request is counted (default: nowhere); register the same metrics'
         * {@link WebhookMetrics#dispatched} as a handler to count dispatched deliveries too.
         */
        public Builder metrics(WebhookMetrics metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
            return this;
        }

        public LiveChatWebhookServlet build() {
            return new LiveChatWebhookServlet(webhooks, clock, bodyReadTimeout, metrics);
        }
    }

    private static void answer(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        byte[] bytes = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
