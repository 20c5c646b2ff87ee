package io.lcbridge.cli;

import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

final class SnippetCommandTest {

    private static final Pattern TOKEN = Pattern.compile("\"lc_identity\":\"([A-Za-z0-9_.-]+)\"");

    @TempDir
    Path dir;

    private Path keys(String alg) throws Exception {
        CliRun run = CliRun.of("keys", "generate", "--alg", alg);
        assertThat(run.exitCode()).as(run.err()).isZero();
        Path file = dir.resolve(alg + ".json");
        Files.writeString(file, run.out());
        return file;
    }

    private static String token(String html) {
        Matcher m = TOKEN.matcher(html);
        assertThat(m.find()).as("token in %s", html).isTrue();
        return m.group(1);
    }

    @Test
    void printsTheAnonymousLoaderForALicense() {
        CliRun run = CliRun.of("snippet", "--license", "12345678", "--group", "2");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .startsWith("<!-- Start of LiveChat (www.livechat.com) code -->")
                .contains("window.__lc.license = 12345678;")
                .contains("window.__lc.group = 2;")
                .contains("<noscript>")
                .doesNotContain("LiveChatWidget.call");
    }

    @Test
    void signsTheIdentityForTheLicenseAsAudience() throws Exception {
        Path keyFile = keys("ES256");
        CliRun run = CliRun.of(
                "snippet",
                "--license",
                "12345678",
                "--keys",
                keyFile.toString(),
                "--sub",
                "user-7",
                "--name",
                "Zo\u00eb </script>",
                "--email",
                "zoe@example.com",
                "--var",
                "plan=pro",
                "--var",
                "expr=a=b",
                "--ttl",
                "2h",
                "--nonce",
                "abc123==",
                "--no-noscript",
                "--script-url",
                "http://localhost:9999/tracking.js");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("<script nonce=\"abc123==\">")
                .contains("LiveChatWidget.call(\"set_customer_name\", \"Zo\\u00EB \\u003C\\u002Fscript\\u003E\");")
                .contains("LiveChatWidget.call(\"set_customer_email\", \"zoe@example.com\");")
                .contains("{\"plan\":\"pro\",\"expr\":\"a=b\",\"lc_identity\":")
                .contains("localhost:9999")
                .doesNotContain("<noscript>");
        assertThat(run.out().chars()).allMatch(c -> c < 0x7f);

        IdentityKeySet keySet = IdentityKeySet.fromJwkSet(Files.readString(keyFile));
        TokenVerification verification =
                IdentityTokenVerifier.create(keySet).verify(token(run.out()), "12345678", Instant.now());
        assertThat(verification.isVerified()).isTrue();
        assertThat(verification.identity())
                .contains(CustomerIdentity.builder("user-7")
                        .name("Zo\u00eb </script>")
                        .email("zoe@example.com")
                        .variable("plan", "pro")
                        .variable("expr", "a=b")
                        .build());
        assertThat(Duration.between(
                        verification.issuedAt().orElseThrow(),
                        verification.expiresAt().orElseThrow()))
                .isEqualTo(Duration.ofHours(2));
    }

    @Test
    void anOrganizationIdIsTheTokensAudience() throws Exception {
        Path keyFile = keys("HS256");
        CliRun run =
                CliRun.of("snippet", "--organization-id", "7a8b9c0d-1111", "--keys", keyFile.toString(), "--sub", "u1");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .contains("window.__lc.organizationId = \"7a8b9c0d-1111\";")
                .contains("product_name");
        IdentityKeySet keySet = IdentityKeySet.fromJwkSet(Files.readString(keyFile));
        assertThat(IdentityTokenVerifier.create(keySet)
                        .verify(token(run.out()), "7a8b9c0d-1111", Instant.now())
                        .isVerified())
                .isTrue();
    }

    @Test
    void needsExactlyOneAccount() {
        for (String[] args : new String[][] {{"snippet"}, {"snippet", "--license", "1", "--organization-id", "x"}}) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).isEqualTo("error: give exactly one of --license N or --organization-id ID\n");
        }
    }

    @Test
    void identityOptionsWithoutKeysAreAUsageError() {
        CliRun run = CliRun.of("snippet", "--license", "1", "--name", "Alice");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--keys").contains("--sub").doesNotContain("Alice");
    }

    @Test
    void refusesABadNonceWithoutPrintingASnippet() {
        CliRun run = CliRun.of("snippet", "--license", "1", "--nonce", "\"><script>");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .startsWith("error: snippet not rendered as asked: INVALID_NONCE")
                .doesNotContain("<script>");
    }

    @Test
    void anIdentityOverTheTokenBudgetIsAUsageError() throws Exception {
        CliRun run = CliRun.of(
                "snippet",
                "--license",
                "1",
                "--keys",
                keys("HS256").toString(),
                "--sub",
                "u1",
                "--var",
                "notes=" + "x".repeat(3000));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .contains("TOKEN_TOO_LARGE")
                .contains("budget of 2000")
                .doesNotContain("xxx");
    }

    @Test
    void badSettingsAreNamedOnOneLine() {
        for (String[] args : new String[][] {
            {"snippet", "--license", "abc"},
            {"snippet", "--license", "1", "--script-url", "javascript:alert(1)"},
            {"snippet", "--license", "1", "--group", "-3"},
            {"snippet", "--license", "1", "--keys", "/nonexistent/keys.json", "--sub", "u"}
        }) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err().lines().count()).isEqualTo(1);
        }
    }
}
