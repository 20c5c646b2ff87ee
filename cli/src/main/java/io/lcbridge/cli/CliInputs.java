package io.lcbridge.cli;

import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.InvalidIdentityException;
import io.lcbridge.core.InvalidKeyConfigurationException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Shared input handling of the CLI commands: key files, durations, one-line error messages. */
final class CliInputs {

    private CliInputs() {}

    /** An input problem: reported as one line on stderr with exit code 2. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** A negative verdict carrying its own exit code. */
    static final class VerdictException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        VerdictException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /** One line naming the problem, never a stack trace. */
    static String describe(Throwable ex) {
        if (ex instanceof UsageException
                || ex instanceof VerdictException
                || ex instanceof InvalidKeyConfigurationException
                || ex instanceof InvalidIdentityException
                || ex instanceof IllegalArgumentException
                || ex instanceof IllegalStateException
                || ex instanceof io.lcbridge.livechat.api.LiveChatApiException) {
            return ex.getMessage();
        }
        return ex.getClass().getSimpleName() + (ex.getMessage() != null ? ": " + ex.getMessage() : "");
    }

    /** Reads a UTF-8 text file, naming it in the error when it cannot be read. */
    static String readFile(Path file, String what) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UsageException("cannot read " + what + " " + file + ": no such file");
        } catch (IOException | RuntimeException e) {
            throw new UsageException(
                    "cannot read " + what + " " + file + ": " + e.getClass().getSimpleName());
        }
    }

    /** Loads a JWK set file (as written by {@code keys generate}). */
    static IdentityKeySet loadKeys(Path file) {
        String json = readFile(file, "key file");
        try {
            return IdentityKeySet.fromJwkSet(json);
        } catch (InvalidKeyConfigurationException e) {
            throw new UsageException("key file " + file + ": " + e.getMessage());
        }
    }

    /** Parses {@code 90s}, {@code 15m}, {@code 12h}, {@code 7d} or ISO-8601 ({@code PT12H}). */
    static Duration parseDuration(String text, String option) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (t.startsWith("p") || t.startsWith("-p")) {
                return Duration.parse(text.strip());
            }
            if (t.length() >= 2) {
                long n = Long.parseLong(t.substring(0, t.length() - 1));
                switch (t.charAt(t.length() - 1)) {
                    case 's':
                        return Duration.ofSeconds(n);
                    case 'm':
                        return Duration.ofMinutes(n);
                    case 'h':
                        return Duration.ofHours(n);
                    case 'd':
                        return Duration.ofDays(n);
                    default:
                        break;
                }
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // fall through to the usage error
        }
        throw new UsageException(option + ": '" + text + "' is not a duration (e.g. 90s, 15m, 12h, 7d or PT12H)");
    }
}
