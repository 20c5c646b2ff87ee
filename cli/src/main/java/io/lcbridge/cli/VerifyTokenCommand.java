package io.lcbridge.cli;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenVerification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code verify-token}: verifies one token and prints the verdict as one JSON object. */
@Command(
        name = "verify-token",
        mixinStandardHelpOptions = true,
        description = "Verify an identity token. Prints one JSON object; exit 0 when VERIFIED, 1 otherwise.")
final class VerifyTokenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--keys", required = true, paramLabel = "FILE", description = "JWK set file (private or public)")
    Path keys;

    @Option(names = "--audience", required = true, paramLabel = "LICENSE_OR_ORG_ID", description = "expected aud")
    String audience;

    @Option(
            names = "--at",
            paramLabel = "ISO-8601-INSTANT",
            description = "instant to judge the token at (default now)")
    String at;

    @Option(names = "--skew", paramLabel = "DURATION", description = "tolerated clock skew (default 60s)")
    String skew;

    @Parameters(index = "0", paramLabel = "TOKEN", description = "the compact JWS")
    String token;

    @Override
    public Integer call() {
        IdentityTokenVerifier.Builder builder = IdentityTokenVerifier.builder(CliInputs.loadKeys(keys));
        if (skew != null) {
            builder.clockSkew(CliInputs.parseDuration(skew, "--skew"));
        }
        Instant instant = parseInstant(at);
        TokenVerification result = builder.build().verify(token, audience, instant);
        spec.commandLine().getOut().println(Json.compact(toJson(result)));
        if (!result.isVerified()) {
            spec.commandLine().getErr().println(result.status() + ": " + result.reason());
        }
        return result.isVerified() ? 0 : 1;
    }

    static Instant parseInstant(String text) {
        if (text == null) {
            return Instant.now();
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CliInputs.UsageException(
                    "--at: '" + text + "' is not an ISO-8601 instant (e.g. 2026-11-20T11:42:47Z)");
        }
    }

    static Map<String, Object> toJson(TokenVerification result) {
        Map<String, Object> json = new LinkedHashMap<>();
        CustomerIdentity identity = result.identity().orElse(null);
        json.put("status", result.status().name());
        json.put("sub", identity == null ? null : identity.subject());
        json.put("name", identity == null ? null : identity.name().orElse(null));
        json.put("email", identity == null ? null : identity.email().orElse(null));
        json.put("vars", identity == null ? null : identity.sessionVariables());
        json.put("kid", result.keyId().orElse(null));
        json.put("iat", result.issuedAt().map(Instant::toString).orElse(null));
        json.put("exp", result.expiresAt().map(Instant::toString).orElse(null));
        return json;
    }
}
