package io.lcbridge.cli;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code token}: mints an identity token with the key set's active key. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Mint an identity token and print it.")
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, paramLabel = "FILE", description = "JWK set file with an active signing key")
    Path keys;

    @Option(names = "--audience", required = true, paramLabel = "LICENSE_OR_ORG_ID",
            description = "LiveChat license number or organization id the token is for")
    String audience;

    @Option(names = "--sub", required = true, paramLabel = "ID", description = "the app's stable user id")
    String sub;

    @Option(names = "--name", paramLabel = "N", description = "customer name")
    String name;

    @Option(names = "--email", paramLabel = "E", description = "customer email")
    String email;

    @Option(names = "--var", paramLabel = "KEY=VALUE", description = "session variable (repeatable, order kept)")
    List<String> vars = List.of();

    @Option(names = "--ttl", paramLabel = "DURATION", description = "lifetime, e.g. 12h, 30m, PT1H (default 12h)")
    String ttl;

    @Option(names = "--issuer", paramLabel = "ISS", description = "iss claim (default lcbridge)")
    String issuer;

    @Override
    public Integer call() {
        IdentityKeySet keySet = CliErrors.loadKeys(keys);
        CustomerIdentity identity = buildIdentity(sub, name, email, vars);
        IdentitySigner.Builder builder = IdentitySigner.builder(keySet, audience);
        if (ttl != null) {
            Duration lifetime = CliErrors.parseDuration(ttl, "--ttl");
            builder.lifetime(lifetime);
        }
        if (issuer != null) {
            builder.issuer(issuer);
        }
        spec.commandLine().getOut().println(builder.build().sign(identity).token());
        return 0;
    }

    /** Builds an identity from CLI options; {@code KEY=VALUE} splits at the first '='. */
    static CustomerIdentity buildIdentity(String sub, String name, String email, List<String> vars) {
        CustomerIdentity.Builder builder = CustomerIdentity.builder(sub).name(name).email(email);
        builder.variables(parseVars(vars));
        return builder.build();
    }

    static Map<String, String> parseVars(List<String> vars) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String v : vars) {
            int eq = v.indexOf('=');
            if (eq <= 0) {
                throw new CliErrors.UsageException("--var: '" + v + "' is not KEY=VALUE");
            }
            map.put(v.substring(0, eq), v.substring(eq + 1));
        }
        return map;
    }
}
