package io.lcbridge.demo;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's main command, second half: {@code java -jar examples/spring-boot-demo/target/lcbridge-demo.jar},
 * run as a separate process after the jar is built, on a free port.
 */
class DemoJarIT {

    private static final Path JAR = Path.of("target", "lcbridge-demo.jar");
    private static final String README_COMMAND = "mvn -B -q -pl examples/spring-boot-demo -am package -DskipTests "
            + "&& java -jar examples/spring-boot-demo/target/lcbridge-demo.jar";

    @Test
    void readmeCommandStartsTheDemoWithItsBannerAndTheWidget() throws Exception {
        assertThat(Files.readString(Path.of("..", "..", "README.md"))).contains(README_COMMAND);
        assertThat(JAR).isRegularFile();
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process demo = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "--server.port=" + port)
                .redirectErrorStream(true)
                .start();
        try {
            StringBuilder log = new StringBuilder();
            CompletableFuture<Boolean> ready = CompletableFuture.supplyAsync(() -> waitForBanner(demo, log));
            assertThat(ready.get(120, TimeUnit.SECONDS))
                    .as("demo started; log:%n%s", log)
                    .isTrue();
            assertThat(log)
                    .contains("http://localhost:" + port + "/")
                    .contains("alice / alice   (plan enterprise)")
                    .contains("bob / bob       (plan free)")
                    .contains("DEMO ONLY")
                    .contains("LiveChat:   a local fake at http://127.0.0.1:"); // test-support runs from the jar

            HttpResponse<String> home = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(home.statusCode()).isEqualTo(200);
            assertThat(home.body())
                    .contains("<!-- Start of LiveChat (www.livechat.com) code -->")
                    .contains("\\u002Fdemo\\u002Ftracking.js");
        } finally {
            demo.destroy();
            if (!demo.waitFor(20, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
    }

    /** Reads the demo's output until the start-up banner's last line; false if the process ends first. */
    private static boolean waitForBanner(Process demo, StringBuilder log) {
        BufferedReader out = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8));
        try {
            String line;
            boolean inBanner = false;
            while ((line = out.readLine()) != null) {
                synchronized (log) {
                    log.append(line).append('\n');
                }
                if (line.contains("LiveChat Identity Bridge demo:")) {
                    inBanner = true;
                } else if (inBanner && line.startsWith("=====")) {
                    // keep draining in the background so the process never blocks on a full pipe
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
