package io.lcbridge.examples.jetty;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented command: {@code java -jar examples/servlet-jetty/target/lcbridge-servlet-jetty.jar}, as a process. */
class JettyJarIT {

    @Test
    void shadedJarStartsAndServesThePageWithTheWidget() throws Exception {
        Path jar = Path.of("target", "lcbridge-servlet-jetty.jar");
        assertThat(jar).isRegularFile();
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ProcessBuilder builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString())
                .redirectErrorStream(true);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("LIVECHAT_LICENSE", "12345678");
        Process app = builder.start();
        try {
            StringBuilder log = new StringBuilder();
            CompletableFuture<Boolean> started =
                    CompletableFuture.supplyAsync(() -> waitFor(app, "on plain Jetty", log));
            assertThat(started.get(60, TimeUnit.SECONDS))
                    .as("started; log:%n%s", log)
                    .isTrue();
            assertThat(log).contains("DEMO ONLY").contains("http://localhost:" + port + "/");

            String page = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(page).contains("window.__lc.license = 12345678;").contains("Not signed in");
        } finally {
            app.destroy();
            if (!app.waitFor(20, TimeUnit.SECONDS)) {
                app.destroyForcibly();
            }
        }
    }

    @Test
    void shadedJarRoutesTheLibrarysSystemLoggerToSlf4j() throws IOException {
        try (JarFile jar =
                new JarFile(Path.of("target", "lcbridge-servlet-jetty.jar").toFile())) {
            var finder = jar.getJarEntry("META-INF/services/java.lang.System$LoggerFinder");
            assertThat(finder)
                    .as("System.LoggerFinder service in the shaded jar")
                    .isNotNull();
            try (var in = jar.getInputStream(finder)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .contains("org.slf4j.jdk.platform.logging.SLF4JSystemLoggerFinder");
            }
        }
    }

    private static boolean waitFor(Process app, String marker, StringBuilder log) {
        BufferedReader out = new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = out.readLine()) != null) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                if (line.contains(marker)) {
                    Thread drain = new Thread(() -> {
                        try {
                            while (out.readLine() != null) {
                                // discard
                            }
                        } catch (IOException ended) {
                            // the process was stopped
                        }
                    });
                    drain.setDaemon(true);
                    drain.start();
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
