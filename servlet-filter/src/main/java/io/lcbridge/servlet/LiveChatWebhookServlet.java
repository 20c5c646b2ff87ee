package io.lcbridge.servlet;

import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.WebhookOutcome;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * Receives LiveChat's webhooks over HTTP and hands them to {@link LiveChatWebhooks}.
 *
 * <p>Answers: 405 for anything but POST, 415 unless the body is {@code application/json}, 413
 * beyond the body limit (before reading it when {@code Content-Length} says so), 400 for a body that
 * is not a webhook, 401 when not authentic (no detail), 503 when the store is down or the async
 * queue is full (LiveChat retries), 500 when a handler failed (retried), 200 otherwise — with a
 * short plain-text reason and {@code Cache-Control: no-store}. Logs name the action and the outcome,
 * never a secret or message text.
 *
 * <p>Register it for the URL given to LiveChat's {@code register_webhook}, e.g.
 * {@code context.addServlet(new ServletHolder(new LiveChatWebhookServlet(webhooks)), "/livechat/webhooks")}.
 */
public final class LiveChatWebhookServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(LiveChatWebhookServlet.class.getName());

    private final transient LiveChatWebhooks webhooks;
    private final transient Clock clock;

    /** A servlet answering with {@code webhooks}, taking reception times from the system clock. */
    public LiveChatWebhookServlet(LiveChatWebhooks webhooks) {
        this(webhooks, Clock.systemUTC());
    }

    /** A servlet answering with {@code webhooks}, taking reception times from {@code clock}. */
    public LiveChatWebhookServlet(LiveChatWebhooks webhooks, Clock clock) {
        this.webhooks = Objects.requireNonNull(webhooks, "webhooks");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
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
        try (InputStream in = request.getInputStream()) {
            body = declared > limit ? null : in.readNBytes(limit + 1);
            if (body == null || body.length > limit) {
                drain(in, limit);
                response.setHeader("Connection", "close");
                answer(
                        response,
                        HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE,
                        "body larger than " + limit + " bytes");
                return;
            }
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
        if (outcome.httpStatus() >= 500) {
            LOG.log(Level.WARNING, () -> "lcbridge webhook answered " + outcome.httpStatus() + " " + outcome.kind());
        }
        answer(response, outcome.httpStatus(), outcome.reason());
    }

    /**
     * Reads and discards what is left of an oversized body, up to four times the limit, without keeping it. A server
     * that closes the connection with request bytes still unread makes the sender's TCP stack reset it, and the sender
     * may then never see the 413; past the bound the connection is closed anyway.
     */
    private static void drain(InputStream in, int limit) throws IOException {
        long left = 4L * Math.max(limit, 64 * 1024);
        byte[] scratch = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(scratch, 0, (int) Math.min(scratch.length, left))) >= 0) {
            left -= n;
        }
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

    private static void answer(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=UTF-8");
        byte[] bytes = (reason + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
