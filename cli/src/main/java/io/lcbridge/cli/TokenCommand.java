package io.lcbridge.cli;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code token}: mints an identity token with the key set's active key. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Mint an identity token and print it.")
final class TokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--keys",
            required = true,
            paramLabel = "FILE",
            description = "JWK set file with an active signing key")
    Path keys;

    @Option(
            names = "--audience",
            required = true,
            paramLabel = "LICENSE_OR_ORG_ID",
            description = "LiveChat license number or organization id the token is for")
    String audience;

    @Option(names = "--sub", required = true, paramLabel = "ID", description = "the app's stable user id")
    String sub;

    @Mixin
    IdentityOptions identity = new IdentityOptions();

    @Option(names = "--issuer", paramLabel = "ISS", description = "iss claim (default lcbridge)")
    String issuer;

    @Override
    public Integer call() {
        IdentityKeySet keySet = CliInputs.loadKeys(keys);
        CustomerIdentity customer = identity.identity(sub);
        IdentitySigner.Builder builder = identity.lifetime(IdentitySigner.builder(keySet, audience));
        if (issuer != null) {
            builder.issuer(issuer);
        }
        spec.commandLine().getOut().println(builder.build().sign(customer).token());
        return 0;
    }
}
