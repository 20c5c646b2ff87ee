package io.lcbridge.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the CLI in-process and captures its exit code and streams. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        return withEnvironment(Map.of(), args);
    }

    /** Runs with {@code environment} as the only environment variables the CLI sees. */
    static CliRun withEnvironment(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = LcBridgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), environment);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs with {@code env} as the whole environment. */
    static CliRun withEnv(Map<String, String> env, String... args) {
        return withEnvironment(env, args);
    }
}
