package io.lcbridge.cli;

import io.lcbridge.livechat.api.LiveChatApiClient;
import io.lcbridge.livechat.api.RetryPolicy;
import io.lcbridge.livechat.api.Webhook;
import io.lcbridge.livechat.api.WebhookRegistration;
import io.lcbridge.livechat.api.WebhookRegistration.Desired;
import io.lcbridge.livechat.api.WebhookRegistration.Entry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/**
 * {@code webhooks register|list|unregister}: LiveChat's Configuration API from a shell.
 *
 * <p>Credentials come from the environment only, never from flags (which {@code ps} shows):
 * {@value #ACCOUNT_ID_ENV} and {@value #PAT_ENV} (HTTP Basic), the webhook secret from
 * {@value #SECRET_ENV}.
 */
@Command(
        name = "webhooks",
        mixinStandardHelpOptions = true,
        description = {
            "Register, list and unregister LiveChat webhooks (Configuration API v3.6).",
            "Credentials from the environment: LIVECHAT_ACCOUNT_ID and LIVECHAT_PAT (a Personal Access Token",
            "with webhooks.configuration:rw); register also needs LIVECHAT_WEBHOOK_SECRET.",
            "Exit 0 on success, 1 on a LiveChat API error, 2 on usage errors."
        },
        subcommands = {
            WebhooksCommand.Register.class,
            WebhooksCommand.ListWebhooks.class,
            WebhooksCommand.Unregister.class
        })
final class WebhooksCommand implements Runnable {

    static final String ACCOUNT_ID_ENV = "LIVECHAT_ACCOUNT_ID";
    static final String PAT_ENV = "LIVECHAT_PAT";
    static final String SECRET_ENV = "LIVECHAT_WEBHOOK_SECRET";
    static final String CLIENT_ID_ENV = "LIVECHAT_CLIENT_ID";

    private static final Pattern ACTION = Pattern.compile("[a-z][a-z_]{0,63}");

    @Spec
    CommandSpec spec;

    @ParentCommand
    LcBridgeCli root;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: register, list or unregister");
    }

    LiveChatApiClient client(String apiUrl) {
        String account = required(ACCOUNT_ID_ENV);
        String pat = required(PAT_ENV);
        LiveChatApiClient.Builder builder = LiveChatApiClient.builder();
        if (apiUrl != null) {
            builder.apiUrl(apiUrl);
        }
        // a script would rather wait out a long Retry-After than fail: up to 2 minutes per wait
        return builder.personalAccessToken(account, pat)
                .retryPolicy(new RetryPolicy(5, Duration.ofSeconds(1), Duration.ofMinutes(2)))
                .build();
    }

    String required(String name) {
        String value = root.env(name);
        if (value == null || value.isBlank()) {
            throw new CliInputs.UsageException("environment variable " + name + " is not set");
        }
        return value;
    }

    String owner(String option) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String fromEnv = root.env(CLIENT_ID_ENV);
        if (fromEnv == null || fromEnv.isBlank()) {
            throw new CliInputs.UsageException("--owner-client-id is required (or set " + CLIENT_ID_ENV + ")");
        }
        return fromEnv;
    }

    @Command(
            name = "register",
            mixinStandardHelpOptions = true,
            description = {
                "Register the webhooks that are missing: compares with list_webhooks (action, URL, type) and",
                "calls register_webhook once per missing action. LiveChat does not return secrets, so to",
                "change the secret of an existing webhook unregister it first."
            })
    static final class Register implements Callable<Integer> {
        @ParentCommand
        WebhooksCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--url", required = true, paramLabel = "URL", description = "where LiveChat posts (https)")
        String url;

        @Option(
                names = "--actions",
                required = true,
                split = ",",
                paramLabel = "ACTION",
                description = "comma-separated actions, e.g. incoming_chat,chat_deactivated")
        List<String> actions;

        @Option(
                names = "--owner-client-id",
                required = true,
                paramLabel = "ID",
                description = "the Client ID that owns the webhooks")
        String ownerClientId;

        @Option(names = "--type", defaultValue = "license", description = "license (default) or bot")
        String type;

        @Option(names = "--dry-run", description = "print the plan, register nothing")
        boolean dryRun;

        @picocli.CommandLine.Mixin
        CommonMixin common;

        @Override
        public Integer call() {
            String checkedUrl = checkUrl(url);
            if (!type.equals("license") && !type.equals("bot")) {
                throw new CliInputs.UsageException("--type must be license or bot");
            }
            List<String> checked = new ArrayList<>();
            for (String action : actions) {
                String a = action.strip();
                if (!ACTION.matcher(a).matches()) {
                    throw new CliInputs.UsageException("--actions: '" + action + "' is not a webhook action");
                }
                checked.add(a);
            }
            String secret = dryRun ? null : parent.required(SECRET_ENV);
            Desired desired = new Desired(checkedUrl, checked, type, ownerClientId);
            WebhookRegistration registration = WebhookRegistration.with(parent.client(common.apiUrl));
            List<Entry> entries = dryRun ? registration.plan(desired) : registration.apply(desired, secret);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("dry_run", dryRun);
                List<Map<String, Object>> list = new ArrayList<>();
                for (Entry e : entries) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("action", e.action());
                    m.put("status", e.status().name().toLowerCase(Locale.ROOT));
                    m.put("id", e.webhookId());
                    m.put("url", e.url());
                    m.put("type", e.type());
                    list.add(m);
                }
                doc.put("webhooks", list);
                out.println(Json.compact(doc));
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ACTION", "STATUS", "ID", "TYPE", "URL"});
                for (Entry e : entries) {
                    rows.add(new String[] {
                        e.action(),
                        e.status().name().toLowerCase(Locale.ROOT),
                        e.webhookId() == null ? "-" : e.webhookId(),
                        e.type(),
                        e.url()
                    });
                }
                printTable(out, rows);
                if (dryRun) {
                    out.println("dry run: nothing was registered");
                }
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the webhooks a Client ID owns.")
    static final class ListWebhooks implements Callable<Integer> {
        @ParentCommand
        WebhooksCommand parent;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--owner-client-id",
                paramLabel = "ID",
                description = "the Client ID that owns the webhooks (default: $LIVECHAT_CLIENT_ID)")
        String ownerClientId;

        @picocli.CommandLine.Mixin
        CommonMixin common;

        @Override
        public Integer call() {
            String owner = parent.owner(ownerClientId);
            List<Webhook> webhooks = parent.client(common.apiUrl).listWebhooks(owner);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                List<Map<String, Object>> list = new ArrayList<>();
                for (Webhook w : webhooks) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", w.id());
                    m.put("action", w.action());
                    m.put("type", w.type());
                    m.put("url", w.url());
                    m.put("description", w.description());
                    list.add(m);
                }
                out.println(Json.compact(Map.of("webhooks", list)));
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ID", "ACTION", "TYPE", "URL"});
                for (Webhook w : webhooks) {
                    rows.add(new String[] {w.id(), w.action(), w.type(), w.url()});
                }
                printTable(out, rows);
            }
            return 0;
        }
    }

    @Command(name = "unregister", mixinStandardHelpOptions = true, description = "Unregister one webhook by its ID.")
    static final class Unregister implements Callable<Integer> {
        @ParentCommand
        WebhooksCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--id", required = true, paramLabel = "ID", description = "the webhook ID (see webhooks list)")
        String id;

        @Option(
                names = "--owner-client-id",
                paramLabel = "ID",
                description = "the Client ID that owns the webhook (default: $LIVECHAT_CLIENT_ID)")
        String ownerClientId;

        @picocli.CommandLine.Mixin
        CommonMixin common;

        @Override
        public Integer call() {
            String owner = parent.owner(ownerClientId);
            parent.client(common.apiUrl).unregisterWebhook(id, owner);
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                out.println(Json.compact(Map.of("unregistered", id)));
            } else {
                out.println("unregistered " + printable(id));
            }
            return 0;
        }
    }

    /** {@code --api-url} and {@code --json}. */
    static final class CommonMixin {
        @Option(
                names = "--api-url",
                paramLabel = "BASE",
                description = "LiveChat's API base URL (default https://api.livechatinc.com)")
        String apiUrl;

        @Option(names = "--json", description = "print JSON instead of a table")
        boolean json;
    }

    static String checkUrl(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new CliInputs.UsageException("--url is not a URL: " + printable(url));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new CliInputs.UsageException("--url must be an absolute http(s) URL: " + printable(url));
        }
        if (url.length() > 500) {
            throw new CliInputs.UsageException("--url is longer than LiveChat's 500 characters");
        }
        return url;
    }

    static void printTable(PrintWriter out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                row[i] = printable(row[i]);
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - row[i].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /** Text from LiveChat shown on a terminal: control characters replaced. */
    static String printable(String s) {
        if (s == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return b.toString();
    }
}
