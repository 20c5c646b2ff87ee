package io.lcbridge.cli;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.verifier.LiveChatWebhooks;
import io.lcbridge.verifier.VerifiedCustomer;
import io.lcbridge.verifier.WebhookAuthenticator;
import io.lcbridge.verifier.WebhookEvent;
import io.lcbridge.verifier.WebhookHeaders;
import io.lcbridge.verifier.WebhookOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * {@code verify-webhook}: checks one LiveChat webhook payload read on stdin the way the webhook
 * servlet would (authenticity, identity rebuild) and prints the verdict as one JSON object.
 *
 * <p>Given payload files instead, it checks them in order through one in-memory chat-context store, as one
 * server would receive them, and prints one JSON object per line: a token is bound to the first LiveChat
 * customer that presents it, so the same token in a later payload from another customer prints
 * {@code FOREIGN_CUSTOMER}. A single payload has nothing before it: its token is always the first
 * presentation (the CLI keeps no bindings between runs).
 */
@Command(
        name = "verify-webhook",
        mixinStandardHelpOptions = true,
        description = {
            "Verify one LiveChat webhook payload read on stdin, or payload files in order. Prints one JSON object",
            "per payload. Files share one store, as one server would: a token seen from one customer and then from",
            "another is FOREIGN_CUSTOMER the second time.",
            "The webhook's secret_key is read from --secret-key-file, --secret-key-env or LIVECHAT_WEBHOOK_SECRET,",
            "never from the command line (other users can read a command's arguments).",
            "Exit 0 when every payload is authentic and VERIFIED, 1 when one is authentic but not verified or",
            "without identity, 3 when one is not authentic, 2 for usage errors or unparsable input."
        })
final class VerifyWebhookCommand implements Callable<Integer> {

    /** Exit code of a payload that is not authentic. */
    static final int NOT_AUTHENTIC = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, paramLabel = "FILE", description = "JWK set file (private or public)")
    Path keys;

    @Mixin
    SecretOptions secret = new SecretOptions();

    /** Where environment variables are read from; the process's own, or a map in tests. */
    Function<String, String> environment = SecretOptions.processEnvironment();

    @Option(
            names = "--audience",
            required = true,
            paramLabel = "LICENSE_OR_ORG_ID",
            description = "expected aud of identity tokens")
    String audience;

    @Option(names = "--at", paramLabel = "ISO-8601-INSTANT", description = "reception time (default now)")
    String at;

    @Parameters(
            arity = "0..*",
            paramLabel = "PAYLOAD_FILE",
            description = "payload files, checked in order through one store (default: one payload on stdin)")
    List<Path> payloads = List.of();

    @Override
    public Integer call() {
        Instant receivedAt = VerifyTokenCommand.parseInstant(at);
        String secretKey = secret.read(environment);
        AtomicReference<WebhookEvent> seen = new AtomicReference<>();
        LiveChatWebhooks webhooks = LiveChatWebhooks.builder()
                .authenticator(WebhookAuthenticator.secretKey(secretKey))
                .identityKeys(CliInputs.loadKeys(keys))
                .audience(audience)
                .handlerForAll(seen::set)
                .build();
        if (payloads.isEmpty()) {
            return check(webhooks, seen, readStdin(webhooks.maxBodyBytes()), "payload on stdin", "", receivedAt);
        }
        List<byte[]> bodies = new ArrayList<>();
        for (Path file : payloads) {
            bodies.add(readFile(file, webhooks.maxBodyBytes()));
        }
        int exit = 0;
        for (int i = 0; i < bodies.size(); i++) {
            String name = payloads.get(i).toString();
            int code = check(webhooks, seen, bodies.get(i), "payload " + name, name + ": ", receivedAt);
            exit = code == NOT_AUTHENTIC || exit == NOT_AUTHENTIC ? NOT_AUTHENTIC : Math.max(exit, code);
        }
        return exit;
    }

    /** Checks one payload, prints its line; its exit code. */
    private int check(
            LiveChatWebhooks webhooks,
            AtomicReference<WebhookEvent> seen,
            byte[] body,
            String source,
            String errPrefix,
            Instant receivedAt) {
        seen.set(null);
        WebhookOutcome outcome = webhooks.process(body, WebhookHeaders.none(), receivedAt);
        switch (outcome.kind()) {
            case MALFORMED:
            case TOO_LARGE:
                throw new CliInputs.UsageException(source + ": " + outcome.reason());
            case NOT_AUTHENTIC:
                spec.commandLine().getOut().println(Json.compact(unauthentic(body)));
                spec.commandLine().getErr().println(errPrefix + "not authentic: secret_key does not match");
                return NOT_AUTHENTIC;
            case HANDLED:
            case DUPLICATE:
                break;
            default:
                throw new IllegalStateException("unexpected outcome " + outcome.kind());
        }
        if (outcome.kind() == WebhookOutcome.Kind.DUPLICATE) {
            Map<String, Object> duplicate = unauthentic(body);
            duplicate.put("authentic", true);
            spec.commandLine().getOut().println(Json.compact(duplicate));
            spec.commandLine().getErr().println(errPrefix + "duplicate delivery: already checked above");
            return 1;
        }
        WebhookEvent event = seen.get();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("authentic", true);
        json.put("action", event.action());
        json.put("chat_id", event.chatId().orElse(null));
        json.put("thread_id", event.threadId().orElse(null));
        VerifiedCustomer customer = event.customer().orElse(null);
        json.put("identity", customer == null ? null : identityJson(customer));
        spec.commandLine().getOut().println(Json.compact(json));
        if (customer == null) {
            spec.commandLine().getErr().println(errPrefix + "no customer identity in " + event.action());
            return 1;
        }
        if (!customer.isVerified()) {
            spec.commandLine().getErr().println(errPrefix + customer.status() + ": " + customer.reason());
            return 1;
        }
        return 0;
    }

    private static byte[] readFile(Path file, int limit) {
        try {
            if (Files.size(file) > limit) {
                throw new CliInputs.UsageException("payload " + file + " is larger than " + limit + " bytes");
            }
            byte[] body = Files.readAllBytes(file);
            if (body.length == 0) {
                throw new CliInputs.UsageException("payload " + file + " is empty");
            }
            return body;
        } catch (IOException e) {
            throw new CliInputs.UsageException(
                    "cannot read payload " + file + ": " + e.getClass().getSimpleName());
        }
    }

    private static Map<String, Object> identityJson(VerifiedCustomer customer) {
        CustomerIdentity identity = customer.identity().orElse(null);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", customer.status().name());
        json.put("sub", identity == null ? null : identity.subject());
        json.put("name", identity == null ? null : identity.name().orElse(null));
        json.put("email", identity == null ? null : identity.email().orElse(null));
        json.put("vars", identity == null ? null : identity.sessionVariables());
        Map<String, String> fields = new LinkedHashMap<>();
        customer.fields().forEach((k, v) -> fields.put(k, v.name()));
        json.put("fields", fields);
        json.put("unsigned", List.copyOf(customer.unsignedVariables().keySet()));
        return json;
    }

    /** What can be said of a payload that is not authentic: only its claimed action. */
    private static Map<String, Object> unauthentic(byte[] body) {
        String action = null;
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            JsonNode a = root == null ? null : root.get("action");
            action = a != null && a.isString() ? a.stringValue() : null;
        } catch (JacksonException e) {
            // already parsed once by the verifier; leave the action unknown
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("authentic", false);
        json.put("action", action);
        json.put("chat_id", null);
        json.put("thread_id", null);
        json.put("identity", null);
        return json;
    }

    private static byte[] readStdin(int limit) {
        try {
            InputStream in = System.in;
            byte[] body = in.readNBytes(limit + 1);
            if (body.length == 0) {
                throw new CliInputs.UsageException("no payload on stdin");
            }
            if (body.length > limit) {
                throw new CliInputs.UsageException("payload on stdin is larger than " + limit + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new CliInputs.UsageException(
                    "cannot read stdin: " + e.getClass().getSimpleName());
        }
    }
}
