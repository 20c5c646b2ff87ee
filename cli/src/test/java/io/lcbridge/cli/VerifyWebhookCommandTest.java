package io.lcbridge.cli;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

final class VerifyWebhookCommandTest {

    private static final String SECRET = "laudla991lamda0pnoaa0";
    private static final String AT = "2026-11-20T11:43:47Z";
    private static final Instant THREAD_START = Instant.parse("2026-11-20T11:42:47.383Z");

    @TempDir
    Path dir;

    private Path keys;
    private IdentityKeySet keySet;
    private final InputStream originalIn = System.in;

    @BeforeEach
    void generateKeys() throws Exception {
        CliRun run = CliRun.of("keys", "generate", "--alg", "HS256");
        keys = dir.resolve("keys.json");
        Files.writeString(keys, run.out());
        keySet = IdentityKeySet.fromJwkSet(run.out());
    }

    @AfterEach
    void restoreStdin() {
        System.setIn(originalIn);
    }

    private String token(CustomerIdentity identity, String audience) {
        return IdentitySigner.builder(keySet, audience)
                .clock(Clock.fixed(THREAD_START.minusSeconds(60), ZoneOffset.UTC))
                .build()
                .sign(identity)
                .token();
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = VerifyWebhookCommandTest.class.getResourceAsStream("/livechat/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private CliRun verify(String payload, String... extra) {
        System.setIn(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)));
        String[] base = {"verify-webhook", "--keys", keys.toString(), "--audience", "12345678", "--at", AT};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.withEnvironment(Map.of("LIVECHAT_WEBHOOK_SECRET", SECRET), args);
    }

    @Test
    void authenticChatWithVerifiedIdentityPrintsTheSignedIdentityAndExits0() throws Exception {
        CustomerIdentity identity = CustomerIdentity.builder("user-42")
                .name("Neo")
                .email("t.anderson@example.com")
                .variable("plan", "enterprise")
                .variable("tier", "gold")
                .build();
        CliRun run = verify(fixture("incoming_chat.v3.6.json").replace("{{TOKEN}}", token(identity, "12345678")));

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.propertyNames()).containsExactly("authentic", "action", "chat_id", "thread_id", "identity");
        assertThat(json.get("authentic").asBoolean()).isTrue();
        assertThat(json.get("action").asString()).isEqualTo("incoming_chat");
        assertThat(json.get("chat_id").asString()).isEqualTo("PJ0MRSHTDG");
        assertThat(json.get("thread_id").asString()).isEqualTo("K600PKZON8");
        JsonNode id = json.get("identity");
        assertThat(id.propertyNames()).containsExactly("status", "sub", "name", "email", "vars", "fields", "unsigned");
        assertThat(id.get("status").asString()).isEqualTo("VERIFIED");
        assertThat(id.get("sub").asString()).isEqualTo("user-42");
        assertThat(id.get("name").asString()).isEqualTo("Neo");
        assertThat(id.get("fields").get("name").asString()).isEqualTo("CHANGED");
        assertThat(id.get("fields").get("email").asString()).isEqualTo("MATCH");
        assertThat(id.get("fields").get("vars.plan").asString()).isEqualTo("MATCH");
        assertThat(id.get("fields").get("vars.tier").asString()).isEqualTo("MISSING");
        assertThat(id.get("unsigned")).extracting(JsonNode::asString).containsExactly("account_id", "region");
    }

    @Test
    void tokenForAnotherLicenseExits1WithTheStatus() throws Exception {
        CliRun run = verify(fixture("incoming_chat.v3.6.json")
                .replace("{{TOKEN}}", token(CustomerIdentity.builder("u").build(), "99999999")));

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode id = Json.MAPPER.readTree(run.out()).get("identity");
        assertThat(id.get("status").asString()).isEqualTo("WRONG_AUDIENCE");
        assertThat(id.get("sub").isNull()).isTrue();
        assertThat(run.err()).contains("WRONG_AUDIENCE");
    }

    @Test
    void actionWithoutCustomerPrintsNullIdentityAndExits1() throws Exception {
        CliRun run = verify(fixture("chat_deactivated.v3.6.json"));

        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("authentic").asBoolean()).isTrue();
        assertThat(json.get("chat_id").asString()).isEqualTo("PJ0MRSHTDG");
        assertThat(json.get("identity").isNull()).isTrue();
    }

    @Test
    void wrongSecretExits3AndSaysNotAuthentic() throws Exception {
        CliRun run = verify(fixture("chat_deactivated.v3.6.json").replace(SECRET, "another-secret"));

        assertThat(run.exitCode()).isEqualTo(3);
        JsonNode json = Json.MAPPER.readTree(run.out());
        assertThat(json.get("authentic").asBoolean()).isFalse();
        assertThat(json.get("action").asString()).isEqualTo("chat_deactivated");
        assertThat(run.err()).doesNotContain(SECRET).doesNotContain("another-secret");
    }

    @Test
    void unparsablePayloadExits2WithOneLine() {
        CliRun run = verify("{not json");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("error: payload on stdin: body is not valid JSON within limits");
    }

    @Test
    void badAtInstantIsAUsageError() throws Exception {
        System.setIn(
                new ByteArrayInputStream(fixture("chat_deactivated.v3.6.json").getBytes(StandardCharsets.UTF_8)));
        CliRun run = CliRun.withEnvironment(
                Map.of("LIVECHAT_WEBHOOK_SECRET", SECRET),
                "verify-webhook",
                "--keys",
                keys.toString(),
                "--audience",
                "12345678",
                "--at",
                "yesterday");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("error: --at: 'yesterday' is not an ISO-8601 instant (e.g. 2026-11-20T11:42:47Z)");
    }

    @Test
    void secretOnTheCommandLineIsRefusedSayingWhyAndWhatToUseInstead() throws Exception {
        CliRun run = verify(fixture("chat_deactivated.v3.6.json"), "--secret-key", SECRET);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains("(ps, /proc)")
                .contains("--secret-key-file PATH")
                .contains("--secret-key-env NAME")
                .contains("LIVECHAT_WEBHOOK_SECRET")
                .doesNotContain(SECRET);
    }

    @Test
    void secretIsReadFromAFileIgnoringItsTrailingNewline() throws Exception {
        Path secretFile = dir.resolve("webhook-secret");
        Files.writeString(secretFile, SECRET + "\n");
        System.setIn(
                new ByteArrayInputStream(fixture("chat_deactivated.v3.6.json").getBytes(StandardCharsets.UTF_8)));

        CliRun run = CliRun.of(
                "verify-webhook",
                "--keys",
                keys.toString(),
                "--secret-key-file",
                secretFile.toString(),
                "--audience",
                "12345678",
                "--at",
                AT);

        assertThat(run.out()).startsWith("{\"authentic\":true");
        assertThat(run.exitCode()).isEqualTo(1); // authentic; chat_deactivated carries no customer
    }

    @Test
    void secretIsReadFromTheNamedEnvironmentVariable() throws Exception {
        System.setIn(
                new ByteArrayInputStream(fixture("chat_deactivated.v3.6.json").getBytes(StandardCharsets.UTF_8)));

        CliRun run = CliRun.withEnvironment(
                Map.of("SHOP_LC_SECRET", SECRET, "LIVECHAT_WEBHOOK_SECRET", "another-secret"),
                "verify-webhook",
                "--keys",
                keys.toString(),
                "--secret-key-env",
                "SHOP_LC_SECRET",
                "--audience",
                "12345678",
                "--at",
                AT);

        assertThat(run.out()).startsWith("{\"authentic\":true");
    }

    @Test
    void noSecretAnywhereIsAUsageErrorNamingEveryWayToGiveOne() throws Exception {
        System.setIn(
                new ByteArrayInputStream(fixture("chat_deactivated.v3.6.json").getBytes(StandardCharsets.UTF_8)));

        CliRun run = CliRun.of("verify-webhook", "--keys", keys.toString(), "--audience", "12345678", "--at", AT);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("error: no webhook secret: set LIVECHAT_WEBHOOK_SECRET, or use --secret-key-file PATH or"
                        + " --secret-key-env NAME");
    }

    @Test
    void missingOrEmptySecretFileIsAUsageError() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, "\n");

        CliRun missing = verify("{}", "--secret-key-file", dir.resolve("absent").toString());
        CliRun blank = verify("{}", "--secret-key-file", empty.toString());

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file");
        assertThat(blank.exitCode()).isEqualTo(2);
        assertThat(blank.err()).contains("is empty");
    }

    @Test
    void helpListsTheSecretSourcesButNotTheRefusedOption() {
        CliRun run = CliRun.of("verify-webhook", "--help");

        assertThat(run.out())
                .contains("--secret-key-file=PATH")
                .contains("--secret-key-env=NAME")
                .doesNotContain("--secret-key=");
    }

    @Test
    void payloadFilesShareOneStoreSoAReplayedTokenFromAnotherCustomerIsForeign() throws Exception {
        String token = token(CustomerIdentity.builder("alice").build(), "12345678");
        String aliceChat = fixture("incoming_chat.v3.6.json").replace("{{TOKEN}}", token);
        Path first = dir.resolve("alice.json");
        Path second = dir.resolve("replay.json");
        Files.writeString(first, aliceChat);
        Files.writeString(
                second,
                aliceChat
                        .replace("PJ0MRSHTDG", "REPLAY0001")
                        .replace("b7eff798-f8df-4364-8059-649c35c9ed0c", "0a5b3c1d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"));

        CliRun run = CliRun.withEnvironment(
                Map.of("LIVECHAT_WEBHOOK_SECRET", SECRET),
                "verify-webhook",
                "--keys",
                keys.toString(),
                "--audience",
                "12345678",
                "--at",
                AT,
                first.toString(),
                second.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        String[] lines = run.out().strip().split("\\R");
        assertThat(lines).hasSize(2);
        assertThat(Json.MAPPER.readTree(lines[0]).get("identity").get("status").asString())
                .isEqualTo("VERIFIED");
        JsonNode replay = Json.MAPPER.readTree(lines[1]);
        assertThat(replay.get("chat_id").asString()).isEqualTo("REPLAY0001");
        assertThat(replay.get("identity").get("status").asString()).isEqualTo("FOREIGN_CUSTOMER");
        assertThat(replay.get("identity").get("sub").isNull()).isTrue();
        assertThat(run.err()).contains("replay.json: FOREIGN_CUSTOMER: ").doesNotContain(token);
    }

    @Test
    void aSinglePayloadIsAlwaysTheFirstPresentationOfItsToken() throws Exception {
        Path file = dir.resolve("one.json");
        Files.writeString(
                file,
                fixture("incoming_chat.v3.6.json")
                        .replace(
                                "{{TOKEN}}",
                                token(CustomerIdentity.builder("alice").build(), "12345678")));

        CliRun run = CliRun.withEnvironment(
                Map.of("LIVECHAT_WEBHOOK_SECRET", SECRET),
                "verify-webhook",
                "--keys",
                keys.toString(),
                "--audience",
                "12345678",
                "--at",
                AT,
                file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Json.MAPPER.readTree(run.out()).get("identity").get("status").asString())
                .isEqualTo("VERIFIED");
    }
}
