package io.lcbridge.cli;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentitySigner;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The identity options {@code token} and {@code snippet} share: {@code --name}, {@code --email}, {@code --var}, {@code --ttl}. */
final class IdentityOptions {

    @Option(names = "--name", paramLabel = "N", description = "customer name")
    String name;

    @Option(names = "--email", paramLabel = "E", description = "customer email")
    String email;

    @Option(names = "--var", paramLabel = "KEY=VALUE", description = "session variable (repeatable, order kept)")
    List<String> vars = List.of();

    @Option(names = "--ttl", paramLabel = "DURATION", description = "token lifetime, e.g. 12h, 30m, PT1H (default 2h)")
    String ttl;

    /** Whether any of these options was given. */
    boolean anyGiven() {
        return name != null || email != null || !vars.isEmpty() || ttl != null;
    }

    /** The identity of {@code sub} with these options; {@code KEY=VALUE} splits at the first '='. */
    CustomerIdentity identity(String sub) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String v : vars) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new CliInputs.UsageException("--var: '" + v + "' is not KEY=VALUE");
            }
            map.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return CustomerIdentity.builder(sub)
                .name(name)
                .email(email)
                .variables(map)
                .build();
    }

    /** Applies {@code --ttl}, when given, to {@code signer}. */
    IdentitySigner.Builder lifetime(IdentitySigner.Builder signer) {
        if (ttl != null) {
            signer.lifetime(CliInputs.parseDuration(ttl, "--ttl"));
        }
        return signer;
    }
}
