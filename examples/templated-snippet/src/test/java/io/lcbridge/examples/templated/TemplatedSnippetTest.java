package io.lcbridge.examples.templated;

import io.lcbridge.cli.LcBridgeCli;
import io.lcbridge.core.CustomerIdentity;
import io.lcbridge.core.IdentityKeySet;
import io.lcbridge.core.IdentitySigner;
import io.lcbridge.core.IdentityTokenVerifier;
import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;
import io.lcbridge.testsupport.fixtures.TestKeys;
import io.lcbridge.widget.WidgetOptions;
import io.lcbridge.widget.WidgetSnippetRenderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class TemplatedSnippetTest {

    private static final String SECRET = TestKeys.HS256_SECRET;
    private static final Pattern TOKEN = Pattern.compile("\"lc_identity\":\"([A-Za-z0-9_.-]+)\"");
    private static final WidgetOptions OPTIONS = WidgetOptions.forLicense(12345678);

    private final IdentityKeySet keys = IdentityKeySet.fromHs256Secret(SECRET);
    private final TemplatedPages pages = new TemplatedPages(WidgetSnippetRenderer.builder(OPTIONS)
            .signer(IdentitySigner.builder(keys, OPTIONS.audience()).build())
            .build());

    @Test
    void templatePlacesTheSignedSnippetInTheHeadWithTheResponsesNonce() {
        CustomerIdentity alice = CustomerIdentity.builder("alice")
                .name("Alice Anderson")
                .email("alice@example.com")
                .variable("plan", "enterprise")
                .build();

        String html = pages.render(
                "account.mustache",
                Map.of(
                        "title",
                        "Account <b>",
                        "user",
                        Map.of("name", "Alice", "email", "alice@example.com", "plan", "enterprise")),
                Optional.of(alice),
                "bm9uY2UtMTIz");

        assertThat(html.indexOf("<!-- Start of LiveChat"))
                .isGreaterThan(html.indexOf("<head>"))
                .isLessThan(html.indexOf("</head>"));
        assertThat(html.split("Start of LiveChat", -1)).hasSize(2);
        assertThat(html)
                .contains("<script nonce=\"bm9uY2UtMTIz\">")
                .contains("LiveChatWidget.call(\"set_customer_name\", \"Alice Anderson\");")
                .contains("<title>Account &lt;b&gt;</title>"); // the rest of the page keeps Mustache's escaping
        TokenVerification token = IdentityTokenVerifier.create(keys).verify(token(html), "12345678", Instant.now());
        assertThat(token.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(token.identity().orElseThrow().sessionVariables()).containsEntry("plan", "enterprise");
    }

    @Test
    void anonymousVisitorGetsTheLoaderWithoutIdentity() {
        String html = pages.render("account.mustache", Map.of("title", "Welcome"), Optional.empty(), null);

        assertThat(html)
                .contains("window.__lc.license = 12345678;")
                .contains("Not signed in.")
                .doesNotContain("set_customer_name")
                .doesNotContain("lc_identity")
                .doesNotContain("nonce=");
    }

    @Test
    void cliSnippetIsTheSameMarkupTheJavaRendererProduces() {
        String cli = cli("snippet", "--license", "12345678");

        assertThat(cli.strip())
                .isEqualTo(WidgetSnippetRenderer.create(OPTIONS)
                        .renderAnonymous(null)
                        .html()
                        .strip());
    }

    @Test
    void cliSnippetWithKeysCarriesATokenThatVerifies(@TempDir Path dir) throws Exception {
        Path keyFile = dir.resolve("keys.json");
        Files.writeString(keyFile, cli("keys", "generate", "--alg", "ES256"));

        String snippet = cli(
                "snippet",
                "--license",
                "12345678",
                "--keys",
                keyFile.toString(),
                "--sub",
                "user-42",
                "--name",
                "Ada Lovelace",
                "--email",
                "ada@example.com",
                "--var",
                "plan=enterprise");

        TokenVerification token = IdentityTokenVerifier.create(IdentityKeySet.fromJwkSet(Files.readString(keyFile)))
                .verify(token(snippet), "12345678", Instant.now());
        assertThat(token.status()).isEqualTo(TokenStatus.VERIFIED);
        assertThat(token.identity().orElseThrow().email()).contains("ada@example.com");
    }

    @Test
    void staticSiteBuildScriptPutsTheCliSnippetInPlaceOfTheMarker(@TempDir Path dir) throws Exception {
        Path jar = cliLauncherJar(dir);

        ProcessBuilder withEnv =
                new ProcessBuilder("sh", "static-site/build.sh").redirectError(ProcessBuilder.Redirect.INHERIT);
        withEnv.environment().put("LIVECHAT_LICENSE", "12345678");
        withEnv.environment().put("LCBRIDGE_CLI", jar.toString());
        Process run = withEnv.start();
        String page = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(run.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue()).isZero();

        assertThat(page)
                .doesNotContain("<!-- LIVECHAT -->")
                .contains("window.__lc.license = 12345678;")
                .contains("<h1>A static page</h1>");
        assertThat(page.indexOf("End of LiveChat code")).isLessThan(page.indexOf("</body>"));
    }

    /**
     * A runnable stand-in for {@code cli/target/lcbridge-cli.jar}: a jar holding only a manifest whose {@code
     * Main-Class} is the CLI and whose {@code Class-Path} is this test's classpath (the CLI's current classes and
     * dependencies). So the script runs in every build, also one that never reached the CLI's package phase, and
     * never against a stale jar; the packaged jar itself is run by the CLI module's *IT tests.
     */
    private static Path cliLauncherJar(Path dir) throws IOException {
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                classPath.append(' ').append(Path.of(entry).toAbsolutePath().toUri()); // directories end in '/'
            }
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, LcBridgeCli.class.getName());
        main.put(Attributes.Name.CLASS_PATH, classPath.toString().strip());
        Path jar = dir.resolve("lcbridge-cli-launcher.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    private static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LcBridgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(exit).as("lcbridge-cli %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    private static String token(String html) {
        Matcher m = TOKEN.matcher(html);
        assertThat(m.find()).as("snippet carries an lc_identity token").isTrue();
        return m.group(1);
    }
}
