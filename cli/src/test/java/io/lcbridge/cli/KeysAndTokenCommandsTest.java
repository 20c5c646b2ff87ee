package io.lcbridge.cli;

import com.nimbusds.jose.jwk.JWKSet;
import io.lcbridge.core.IdentityKeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

final class KeysAndTokenCommandsTest {

    @TempDir
    Path dir;

    private Path generate(String alg) throws Exception {
        CliRun run = CliRun.of("keys", "generate", "--alg", alg);
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path file = dir.resolve(alg + ".json");
        Files.writeString(file, run.out());
        return file;
    }

    @ParameterizedTest
    @ValueSource(strings = {"HS256", "ES256", "EdDSA", "RS256"})
    void generatedKeySetMintsTokensThatVerify(String alg) throws Exception {
        Path keys = generate(alg);
        IdentityKeySet set = IdentityKeySet.fromJwkSet(Files.readString(keys));
        assertThat(set.activeKeyId()).isPresent();
        assertThat(set.algorithm(set.activeKeyId().get()).get().joseName()).isEqualTo(alg);

        CliRun token = CliRun.of(
                "token",
                "--keys",
                keys.toString(),
                "--audience",
                "12345",
                "--sub",
                "user-7",
                "--name",
                "Zoë \"Z\" O'Hara",
                "--email",
                "zoe@example.com",
                "--var",
                "plan=pro",
                "--var",
                "expr=a=b");
        assertThat(token.exitCode()).as(token.err()).isZero();

        CliRun verify = CliRun.of(
                "verify-token",
                "--keys",
                keys.toString(),
                "--audience",
                "12345",
                token.out().strip());
        assertThat(verify.exitCode()).isZero();
        JsonNode json = Json.MAPPER.readTree(verify.out());
        assertThat(json.get("status").asString()).isEqualTo("VERIFIED");
        assertThat(json.get("sub").asString()).isEqualTo("user-7");
        assertThat(json.get("name").asString()).isEqualTo("Zoë \"Z\" O'Hara");
        assertThat(json.get("email").asString()).isEqualTo("zoe@example.com");
        assertThat(json.get("vars").get("plan").asString()).isEqualTo("pro");
        assertThat(json.get("vars").get("expr").asString()).isEqualTo("a=b");
        assertThat(json.get("kid").asString()).isEqualTo(set.activeKeyId().get());
        assertThat(json.propertyNames()).containsExactly("status", "sub", "name", "email", "vars", "kid", "iat", "exp");
    }

    @Test
    void generateUsesTheGivenKid() throws Exception {
        CliRun run = CliRun.of("keys", "generate", "--alg", "ES256", "--kid", "2026-11-a");
        assertThat(run.exitCode()).isZero();
        assertThat(JWKSet.parse(run.out()).getKeyByKeyId("2026-11-a")).isNotNull();
    }

    @Test
    void publicKeySetHoldsNoPrivatePart() throws Exception {
        Path keys = generate("ES256");
        CliRun run = CliRun.of("keys", "public", "--keys", keys.toString());
        assertThat(run.exitCode()).isZero();
        JWKSet pub = JWKSet.parse(run.out());
        assertThat(pub.getKeys()).hasSize(1);
        assertThat(pub.getKeys().get(0).isPrivate()).isFalse();
        assertThat(run.out()).doesNotContain("\"d\"");
    }

    @Test
    void publicKeySetOfSymmetricKeysFailsClearly() throws Exception {
        Path keys = generate("HS256");
        CliRun run = CliRun.of("keys", "public", "--keys", keys.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("only symmetric (oct) keys").doesNotContain("\tat ");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void verifyReportsWrongAudienceWithExitOne() throws Exception {
        Path keys = generate("HS256");
        String token = CliRun.of("token", "--keys", keys.toString(), "--audience", "1", "--sub", "a")
                .out()
                .strip();
        CliRun verify = CliRun.of("verify-token", "--keys", keys.toString(), "--audience", "2", token);
        assertThat(verify.exitCode()).isEqualTo(1);
        JsonNode json = Json.MAPPER.readTree(verify.out());
        assertThat(json.get("status").asString()).isEqualTo("WRONG_AUDIENCE");
        assertThat(json.get("sub").isNull()).isTrue();
        assertThat(json.get("vars").isNull()).isTrue();
    }

    @Test
    void verifyJudgesAtTheGivenInstantWithSkew() throws Exception {
        Path keys = generate("HS256");
        String token = CliRun.of("token", "--keys", keys.toString(), "--audience", "1", "--sub", "a", "--ttl", "1h")
                .out()
                .strip();
        String later = Instant.now().plusSeconds(3600 + 300).toString();
        CliRun expired = CliRun.of("verify-token", "--keys", keys.toString(), "--audience", "1", "--at", later, token);
        assertThat(expired.exitCode()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(expired.out()).get("status").asString()).isEqualTo("EXPIRED");
        CliRun tolerated = CliRun.of(
                "verify-token", "--keys", keys.toString(), "--audience", "1", "--at", later, "--skew", "10m", token);
        assertThat(tolerated.exitCode()).isZero();
        String before = Instant.now().minusSeconds(600).toString();
        CliRun future = CliRun.of("verify-token", "--keys", keys.toString(), "--audience", "1", "--at", before, token);
        assertThat(Json.MAPPER.readTree(future.out()).get("status").asString()).isEqualTo("NOT_YET_VALID");
    }

    @Test
    void verifyOfGarbageIsMalformedNotAnError() throws Exception {
        Path keys = generate("HS256");
        CliRun verify = CliRun.of("verify-token", "--keys", keys.toString(), "--audience", "1", "not.a.token!");
        assertThat(verify.exitCode()).isEqualTo(1);
        assertThat(Json.MAPPER.readTree(verify.out()).get("status").asString()).isEqualTo("MALFORMED");
    }

    @Test
    void unreadableKeyFileIsAUsageErrorOnOneLine() {
        CliRun run =
                CliRun.of("token", "--keys", dir.resolve("missing.json").toString(), "--audience", "1", "--sub", "a");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("missing.json").contains("no such file");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void invalidKeyFileNamesTheProblem() throws Exception {
        Path file = dir.resolve("weak.json");
        Files.writeString(file, "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"c2hvcnQ\"}]}");
        CliRun run = CliRun.of("token", "--keys", file.toString(), "--audience", "1", "--sub", "a");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("k1").contains("at least 32").doesNotContain("c2hvcnQ");
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path keys = generate("HS256");
        assertThat(CliRun.of().exitCode()).isEqualTo(2);
        assertThat(CliRun.of("token", "--audience", "1").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("keys", "generate", "--alg", "none").exitCode()).isEqualTo(2);
        assertThat(CliRun.of("token", "--keys", keys.toString(), "--audience", "1", "--sub", "a", "--var", "novalue")
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("token", "--keys", keys.toString(), "--audience", "1", "--sub", "a", "--ttl", "soon")
                        .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("verify-token", "--keys", keys.toString(), "--audience", "1", "--at", "yesterday", "x.y.z")
                        .exitCode())
                .isEqualTo(2);
        CliRun invalidIdentity = CliRun.of(
                "token", "--keys", keys.toString(), "--audience", "1", "--sub", "a", "--var", "lc_identity=x");
        assertThat(invalidIdentity.exitCode()).isEqualTo(2);
        assertThat(invalidIdentity.err()).contains("reserved");
    }
}
