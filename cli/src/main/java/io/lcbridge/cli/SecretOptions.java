package io.lcbridge.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Where {@code verify-webhook} reads the webhook's {@code secret_key} from: a file ({@code --secret-key-file}), an
 * environment variable ({@code --secret-key-env}), by default {@value #DEFAULT_ENV}. Never from the command line
 * itself: every user of the machine can read a process's arguments ({@code ps}, {@code /proc/PID/cmdline}) and shells
 * keep them in their history, so {@code --secret-key VALUE} is refused with a message saying what to use instead.
 * Standard input is not offered either: it carries the payload. {@code --secret-key-file <(command)} keeps a secret
 * from a password manager off the command line too.
 */
final class SecretOptions {

    /** Environment variable read when neither option is given. */
    static final String DEFAULT_ENV = "LIVECHAT_WEBHOOK_SECRET";

    private static final int MAX_SECRET_FILE_BYTES = 64 * 1024;

    @Option(
            names = "--secret-key-file",
            paramLabel = "PATH",
            description = "file holding the webhook's secret_key (one trailing newline is ignored)")
    Path file;

    @Option(
            names = "--secret-key-env",
            paramLabel = "NAME",
            description = "environment variable holding the webhook's secret_key (default " + DEFAULT_ENV + ")")
    String env;

    @Option(
            names = "--secret-key",
            paramLabel = "SECRET",
            hidden = true,
            description = "refused: a secret on the command line is visible to other users")
    String literal;

    /** The secret, from the one source given. */
    String read(Function<String, String> environment) {
        if (literal != null) {
            throw new CliInputs.UsageException("--secret-key no longer takes the secret on the command line: other"
                    + " users of this machine can read a command's arguments (ps, /proc) and shells keep them in"
                    + " history. Use --secret-key-file PATH, --secret-key-env NAME, or set " + DEFAULT_ENV);
        }
        if (file != null && env != null) {
            throw new CliInputs.UsageException("give either --secret-key-file or --secret-key-env, not both");
        }
        if (file != null) {
            return fromFile(file);
        }
        String name = env != null ? env : DEFAULT_ENV;
        String value = environment.apply(name);
        if (value == null || value.isBlank()) {
            throw new CliInputs.UsageException(
                    env != null
                            ? "environment variable " + name + " is not set or blank"
                            : "no webhook secret: set " + DEFAULT_ENV
                                    + ", or use --secret-key-file PATH or --secret-key-env NAME");
        }
        return value;
    }

    /** Environment variables of this process, for {@link #read(Function)}. */
    static Function<String, String> processEnvironment() {
        Map<String, String> env = System.getenv();
        return env::get;
    }

    private static String fromFile(Path path) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(MAX_SECRET_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new CliInputs.UsageException("cannot read secret key file " + path + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new CliInputs.UsageException(
                    "cannot read secret key file " + path + ": " + e.getClass().getSimpleName());
        }
        if (bytes.length > MAX_SECRET_FILE_BYTES) {
            throw new CliInputs.UsageException(
                    "secret key file " + path + " is larger than " + MAX_SECRET_FILE_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CliInputs.UsageException("secret key file " + path + " is not UTF-8 text");
        }
        if (text.endsWith("\r\n")) {
            text = text.substring(0, text.length() - 2);
        } else if (text.endsWith("\n")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isBlank()) {
            throw new CliInputs.UsageException("secret key file " + path + " is empty");
        }
        return text;
    }
}
