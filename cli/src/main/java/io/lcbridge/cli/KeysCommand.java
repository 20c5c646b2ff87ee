package io.lcbridge.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.JWKGenerator;
import com.nimbusds.jose.jwk.gen.OctetKeyPairGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import io.lcbridge.core.IdentityKeySet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code keys generate} and {@code keys public}. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Generate signing keys or print the public part of a key set.",
        subcommands = {KeysCommand.Generate.class, KeysCommand.Public.class})
final class KeysCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "a subcommand is required: generate or public");
    }

    /** Algorithms a key can be generated for. */
    enum Alg {
        HS256,
        ES256,
        EdDSA,
        RS256
    }

    @Command(
            name = "generate",
            mixinStandardHelpOptions = true,
            description = "Print a new private JWK set (JSON) with one signing key. Keep it secret.")
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--alg", required = true, description = "HS256, ES256, EdDSA or RS256")
        Alg alg;

        @Option(names = "--kid", description = "key id (default: derived from the key's thumbprint)")
        String kid;

        @Override
        public Integer call() throws JOSEException, java.text.ParseException {
            JWKGenerator<? extends JWK> generator;
            switch (alg) {
                case HS256:
                    generator = new OctetSequenceKeyGenerator(256).algorithm(JWSAlgorithm.HS256);
                    break;
                case ES256:
                    generator = new ECKeyGenerator(Curve.P_256).algorithm(JWSAlgorithm.ES256);
                    break;
                case EdDSA:
                    generator = new OctetKeyPairGenerator(Curve.Ed25519).algorithm(JWSAlgorithm.EdDSA);
                    break;
                default:
                    generator = new RSAKeyGenerator(2048).algorithm(JWSAlgorithm.RS256);
                    break;
            }
            generator.keyUse(KeyUse.SIGNATURE);
            JWK key = generator.generate();
            String id = kid != null
                    ? kid
                    : alg.name().toLowerCase(java.util.Locale.ROOT) + "-"
                            + key.computeThumbprint().toString().substring(0, 10);
            JWK withKid = JWK.parse(withKeyId(key.toJSONObject(), id));
            String json = new JWKSet(withKid).toString(false);
            IdentityKeySet.fromJwkSet(json); // the set we print must load, or we fail here with the reason
            spec.commandLine().getOut().println(Json.pretty(json));
            return 0;
        }

        private static java.util.Map<String, Object> withKeyId(java.util.Map<String, Object> jwk, String id) {
            jwk.put("kid", id);
            return jwk;
        }
    }

    @Command(
            name = "public",
            mixinStandardHelpOptions = true,
            description = "Print the public JWK set of a key set, for verifiers elsewhere.")
    static final class Public implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--keys", required = true, paramLabel = "FILE", description = "JWK set file")
        Path keys;

        @Override
        public Integer call() {
            IdentityKeySet set = CliInputs.loadKeys(keys);
            String json;
            try {
                json = set.publicJwkSetJson();
            } catch (IllegalStateException e) {
                throw new CliInputs.UsageException(e.getMessage());
            }
            spec.commandLine().getOut().println(Json.pretty(json));
            return 0;
        }
    }
}
