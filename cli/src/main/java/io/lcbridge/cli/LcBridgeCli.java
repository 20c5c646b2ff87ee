package io.lcbridge.cli;

import io.lcbridge.livechat.api.LiveChatApiException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code java -jar lcbridge-cli.jar}: keys, tokens, snippets and webhook checks from a shell.
 *
 * <p>Exit codes shared by every command: 0 success, 1 a negative verdict (e.g. a token that does
 * not verify) or a LiveChat API error, 2 usage errors and unreadable input (one line on stderr, no
 * stack trace).
 */
@Command(
        name = "lcbridge",
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersion.class,
        description = "LiveChat Identity Bridge: keys, identity tokens, snippets and webhook checks.",
        subcommands = {
            KeysCommand.class,
            TokenCommand.class,
            VerifyTokenCommand.class,
            VerifyWebhookCommand.class,
            SnippetCommand.class,
            WebhooksCommand.class,
        })
public final class LcBridgeCli implements Runnable {

    /** Exit code for usage errors and unreadable input. */
    static final int USAGE = 2;

    /** Exit code of a LiveChat API error. */
    static final int API_ERROR = 1;

    /** The environment the commands read credentials from (the process's, or a test's). */
    private Map<String, String> env = Map.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI with explicit streams; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, System.getenv());
    }

    /** Runs the CLI with explicit streams and environment; returns the exit code (used by tests). */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        LcBridgeCli root = new LcBridgeCli();
        root.env = Map.copyOf(env);
        Function<String, String> environment = root.env::get;
        CommandLine.IFactory defaults = CommandLine.defaultFactory();
        CommandLine cli = new CommandLine(root, new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                K made = defaults.create(type);
                if (made instanceof VerifyWebhookCommand command) {
                    command.environment = environment;
                }
                return made;
            }
        });
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + CliInputs.describe(ex));
            if (ex instanceof LiveChatApiException) {
                return API_ERROR;
            }
            return ex instanceof CliInputs.VerdictException ? ((CliInputs.VerdictException) ex).exitCode() : USAGE;
        });
        cli.setParameterExceptionHandler((ex, args1) -> {
            ex.getCommandLine().getErr().println("error: " + ex.getMessage());
            return USAGE;
        });
        return cli.execute(args);
    }

    /** One variable of the environment, or null. */
    String env(String name) {
        return env.get(name);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }
}
