package io.lcbridge.verifier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.mariadb.jdbc.MariaDbDataSource;

import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real MariaDB server for the tests, like {@link io.lcbridge.testsupport.postgres.PostgresServer}: {@code mariadb-install-db} into a temporary
 * directory, {@code mariadbd} on a free loopback port (as the current user), stopped and deleted when the run ends.
 * Without the Debian {@code mariadb-server} package the tests are skipped with a reason, unless {@code CI=true}.
 *
 * <p>Use as {@code @ExtendWith(MariaDbServer.class)} and read {@link #dataSource()}.
 */
final class MariaDbServer implements BeforeAllCallback, AutoCloseable {

    private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
    private static final Path SERVER = Path.of("/usr/sbin/mariadbd");

    private static MariaDbServer running;

    private final Path dir;
    private final Process process;
    private final int port;

    private MariaDbServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** For JUnit's {@code @ExtendWith}. */
    MariaDbServer() {
        this(null, null, 0);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        MariaDbServer server = start();
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).computeIfAbsent(MariaDbServer.class, k -> server);
    }

    /** The running server's data source (user {@code root} over loopback, database {@code lcbridge}). */
    static DataSource dataSource() {
        if (running == null) {
            throw new IllegalStateException("MariaDB is not started; use @ExtendWith(MariaDbServer.class)");
        }
        return running.source("lcbridge");
    }

    private DataSource source(String database) {
        try {
            return new MariaDbDataSource("jdbc:mariadb://127.0.0.1:" + port + "/" + database + "?user=root");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static synchronized MariaDbServer start() throws Exception {
        if (running != null) {
            return running;
        }
        if (!Files.isExecutable(INSTALL_DB) || !Files.isExecutable(SERVER)) {
            String reason = "MariaDB server binaries not found (" + SERVER + "; apt-get install mariadb-server)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(reason + "; CI=true requires them");
            }
            System.err.println("SKIPPED MariaDB tests: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        String user = System.getProperty("user.name");
        Path dir = Files.createTempDirectory("lcbridge-mariadb-");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        run(List.of(
                INSTALL_DB.toString(),
                "--no-defaults",
                "--datadir=" + dir.resolve("data"),
                "--auth-root-authentication-method=normal",
                "--user=" + user,
                "--skip-test-db"));
        List<String> command = new ArrayList<>(List.of(
                SERVER.toString(),
                "--no-defaults",
                "--datadir=" + dir.resolve("data"),
                "--port=" + port,
                "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("sock"),
                "--user=" + user,
                "--skip-name-resolve",
                "--skip-log-bin",
                "--innodb-flush-log-at-trx-commit=2"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        MariaDbServer server = new MariaDbServer(dir, process, port);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "lcbridge-mariadb-stop"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Connection c = server.source("mysql").getConnection()) {
                c.createStatement().execute("CREATE DATABASE IF NOT EXISTS lcbridge");
                break;
            } catch (SQLException e) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException(
                            "mariadbd did not start: " + Files.readString(dir.resolve("log"), StandardCharsets.UTF_8),
                            e);
                }
                Thread.sleep(200);
            }
        }
        running = server;
        return server;
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null && Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                System.err.println("could not delete " + dir + ": " + e.getMessage());
            }
        }
        running = null;
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command.get(0) + " timed out");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (" + p.exitValue() + "): "
                    + new String(out, StandardCharsets.UTF_8));
        }
    }
}
