package io.lcbridge.cli;

import io.lcbridge.core.TokenStatus;
import io.lcbridge.core.TokenVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's core Java snippet compiles and verifies; its Maven coordinates name real published artifacts. */
final class ReadmeSnippetsTest {

    @TempDir
    Path dir;

    @Test
    void identityTokenSnippetCompilesAndVerifiesItsOwnToken() throws Exception {
        String snippet = ReadmeBlocks.block("## The identity token", "java");
        String env = "System.getenv(\"LIVECHAT_SIGNING_SECRET\")";
        assertThat(snippet).contains(env).contains("TokenVerification result");
        String source = "package readme;\n"
                + "import io.lcbridge.core.*;\n"
                + "import java.time.Instant;\n"
                + "public final class IdentityTokenSnippet {\n"
                + "  public static TokenVerification run(String secret, Instant threadStartedAt, Instant receivedAt) {\n"
                + snippet.replace(env, "secret")
                + "    return result;\n  }\n}\n";
        Path file = dir.resolve("readme/IdentityTokenSnippet.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);

        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status =
                compiler.run(null, null, null, "-classpath", testClasspath(), "-d", dir.toString(), file.toString());
        assertThat(status).as("README snippet compiles").isZero();

        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method run = loader.loadClass("readme.IdentityTokenSnippet")
                    .getMethod("run", String.class, Instant.class, Instant.class);
            Instant now = Instant.now();
            TokenVerification result = (TokenVerification)
                    run.invoke(null, Base64.getEncoder().encodeToString(secret), now.minusSeconds(30), now);
            assertThat(result.status()).isEqualTo(TokenStatus.VERIFIED);
            assertThat(result.identity().orElseThrow().sessionVariables()).containsEntry("plan", "enterprise");
        }
    }

    @Test
    void mavenCoordinatesNameArtifactsOfTheBomAtTheProjectVersion() throws Exception {
        String xml = ReadmeBlocks.block("## Maven coordinates", "xml");
        String bom = Files.readString(ReadmeBlocks.root().resolve("bom/pom.xml"));
        String parent = Files.readString(ReadmeBlocks.root().resolve("pom.xml"));
        Matcher version = Pattern.compile("<artifactId>lcbridge-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(parent);
        assertThat(version.find()).isTrue();
        assertThat(xml).contains("<version>" + version.group(1) + "</version>");
        Matcher artifacts = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(xml);
        List<String> named = new ArrayList<>();
        while (artifacts.find()) {
            named.add(artifacts.group(1));
        }
        assertThat(named).contains("lcbridge-bom", "lcbridge-core");
        for (String artifact : named) {
            if (!artifact.equals("lcbridge-bom")) {
                assertThat(bom).as("bom lists " + artifact).contains("<artifactId>" + artifact + "</artifactId>");
            }
        }
    }

    private static String testClasspath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String cp = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return cp.replace(File.pathSeparatorChar == ':' ? ";" : ":", File.pathSeparator);
    }
}
