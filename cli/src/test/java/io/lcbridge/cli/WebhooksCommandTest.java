package io.lcbridge.cli;

import io.lcbridge.testsupport.livechat.FakeLiveChat;
import io.lcbridge.testsupport.livechat.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code webhooks register|list|unregister} against a local fake LiveChat. */
final class WebhooksCommandTest {

    private static final String ACCOUNT = "d24fa41e-bc16-41b8-a15b-9ca45ff7e0cf";
    private static final String PAT = "fra:cli-test-pat-0123456789";
    private static final String SECRET = "webhook-secret-abcdef";
    private static final String OWNER = "asXdesldiAJSq9padj";
    private static final String URL = "https://app.example.com/livechat/webhooks";

    private FakeLiveChat fake;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        fake = FakeLiveChat.start().requirePersonalAccessToken(ACCOUNT, PAT);
        env = new HashMap<>(
                Map.of("LIVECHAT_ACCOUNT_ID", ACCOUNT, "LIVECHAT_PAT", PAT, "LIVECHAT_WEBHOOK_SECRET", SECRET));
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private CliRun cli(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--api-url";
        all[args.length + 1] = fake.apiUrl().toString();
        return CliRun.withEnv(env, all);
    }

    private CliRun register(String... extra) {
        String[] base = {
            "webhooks",
            "register",
            "--url",
            URL,
            "--actions",
            "incoming_chat,chat_deactivated",
            "--owner-client-id",
            OWNER
        };
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return cli(all);
    }

    @Test
    void registerCreatesOneWebhookPerActionWithTheSecretFromTheEnvironment() {
        CliRun run = register();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("incoming_chat").contains("registered").contains(URL);
        assertThat(run.out().lines().findFirst())
                .hasValueSatisfying(h -> assertThat(h).startsWith("ACTION"));
        assertThat(fake.calls("register_webhook")).hasSize(2);
        assertThat(fake.webhooks()).allSatisfy(w -> {
            assertThat(w.get("secret_key").asString()).isEqualTo(SECRET);
            assertThat(w.get("type").asString()).isEqualTo("license");
            assertThat(w.get("owner_client_id").asString()).isEqualTo(OWNER);
        });
        assertThat(fake.calls().get(0).path()).isEqualTo("/v3.6/configuration/action/list_webhooks");
        assertThat(run.out() + run.err()).doesNotContain(SECRET).doesNotContain(PAT);
    }

    @Test
    void registerIsIdempotent() {
        assertThat(register().exitCode()).isZero();

        CliRun again = register("--json");

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(fake.calls("register_webhook")).hasSize(2);
        JsonNode doc = Json.MAPPER.readTree(again.out());
        assertThat(doc.get("dry_run").asBoolean()).isFalse();
        assertThat(doc.get("webhooks"))
                .hasSize(2)
                .allSatisfy(w -> assertThat(w.get("status").asString()).isEqualTo("unchanged"));
    }

    @Test
    void registerOnlyAddsTheMissingAction() {
        fake.addWebhook("incoming_chat", URL, SECRET, OWNER, "license");

        CliRun run = register("--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(fake.calls("register_webhook"))
                .singleElement()
                .satisfies(c -> assertThat(c.body().get("action").asString()).isEqualTo("chat_deactivated"));
    }

    @Test
    void dryRunPrintsThePlanAndRegistersNothing() {
        env.remove("LIVECHAT_WEBHOOK_SECRET");

        CliRun run = register("--dry-run");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("to_register").contains("dry run: nothing was registered");
        assertThat(fake.calls("register_webhook")).isEmpty();
        assertThat(fake.calls("list_webhooks")).hasSize(1);
    }

    @Test
    void aRateLimitIsWaitedOutAndRetried() {
        fake.failNext("register_webhook", Fault.tooManyRequests(1));

        long start = System.nanoTime();
        CliRun run = register();

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(fake.calls("register_webhook")).hasSize(3);
        assertThat(fake.webhooks()).hasSize(2);
    }

    @Test
    void anApiErrorExitsOneNamingMethodAndType() {
        fake.failNext("list_webhooks", Fault.forbidden());

        CliRun run = register();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains("configuration/list_webhooks")
                .contains("authorization")
                .doesNotContain(PAT);
    }

    @Test
    void aWrongTokenExitsOneWithAuthentication() {
        env.put("LIVECHAT_PAT", "fra:not-the-right-one");

        CliRun run = cli("webhooks", "list", "--owner-client-id", OWNER);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("authentication").doesNotContain("not-the-right-one");
    }

    @Test
    void missingCredentialsAreAUsageError() {
        env.remove("LIVECHAT_PAT");

        CliRun run = register();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("LIVECHAT_PAT");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void registerWithoutTheSecretIsAUsageError() {
        env.remove("LIVECHAT_WEBHOOK_SECRET");

        CliRun run = register();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("LIVECHAT_WEBHOOK_SECRET");
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void badOptionsAreUsageErrors() {
        assertThat(cli(
                                "webhooks",
                                "register",
                                "--url",
                                "not a url",
                                "--actions",
                                "incoming_chat",
                                "--owner-client-id",
                                OWNER)
                        .exitCode())
                .isEqualTo(2);
        assertThat(cli("webhooks", "register", "--url", URL, "--actions", "Incoming Chat", "--owner-client-id", OWNER)
                        .exitCode())
                .isEqualTo(2);
        assertThat(cli("webhooks", "register", "--url", URL, "--actions", "incoming_chat")
                        .exitCode())
                .isEqualTo(2);
        assertThat(cli(
                                "webhooks",
                                "register",
                                "--url",
                                URL,
                                "--actions",
                                "incoming_chat",
                                "--owner-client-id",
                                OWNER,
                                "--type",
                                "global")
                        .exitCode())
                .isEqualTo(2);
        assertThat(cli("webhooks", "list").exitCode()).isEqualTo(2);
        assertThat(CliRun.withEnv(
                                env, "webhooks", "list", "--owner-client-id", OWNER, "--api-url", "http://example.com")
                        .exitCode())
                .isEqualTo(2);
        assertThat(fake.calls()).isEmpty();
    }

    @Test
    void listPrintsATableOrJson() {
        String id = fake.addWebhook("incoming_chat", URL, SECRET, OWNER, "license");

        CliRun table = cli("webhooks", "list", "--owner-client-id", OWNER);
        CliRun json = cli("webhooks", "list", "--owner-client-id", OWNER, "--json");

        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out())
                .contains("ID")
                .contains(id)
                .contains("incoming_chat")
                .contains(URL);
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode doc = Json.MAPPER.readTree(json.out());
        assertThat(doc.get("webhooks").get(0).get("id").asString()).isEqualTo(id);
        assertThat(json.out()).doesNotContain(SECRET);
    }

    @Test
    void listTakesTheOwnerFromTheEnvironment() {
        env.put("LIVECHAT_CLIENT_ID", OWNER);

        CliRun run = cli("webhooks", "list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(fake.calls("list_webhooks")
                        .get(0)
                        .body()
                        .get("owner_client_id")
                        .asString())
                .isEqualTo(OWNER);
    }

    @Test
    void unregisterRemovesOneWebhook() {
        String id = fake.addWebhook("incoming_chat", URL, SECRET, OWNER, "license");

        CliRun run = cli("webhooks", "unregister", "--id", id, "--owner-client-id", OWNER);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("unregistered " + id);
        assertThat(fake.webhooks()).isEmpty();
        assertThat(cli("webhooks", "unregister", "--id", id, "--owner-client-id", OWNER)
                        .err())
                .contains("not_found");
    }
}
