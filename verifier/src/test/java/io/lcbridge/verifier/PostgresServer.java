package io.lcbridge.verifier;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: {@code initdb} into a temporary directory, started with
 * {@code pg_ctl} on a free loopback port, stopped (and its directory deleted) when the test run ends.
 * PostgreSQL refuses to run as root, so under root it runs as the {@code postgres} system user the
 * Debian package creates ({@code runuser -u postgres}). Without the server binaries the tests are
 * skipped with a reason, unless {@code CI=true}, where that is a failure.
 *
 * <p>Use as {@code @ExtendWith(PostgresServer.class)} and read {@link #dataSource()}. Public so that other modules'
 * JDBC tests (through this module's test-jar) start the same server.
 */
public final class PostgresServer implements BeforeAllCallback, AutoCloseable {

    private static PostgresServer running;

    private final Path dir;
    private final Path bin;
    private final int port;
    private final boolean root;

    private PostgresServer(Path bin, Path dir, int port, boolean root) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.root = root;
    }

    /** For JUnit's {@code @ExtendWith}. */
    public PostgresServer() {
        this(null, null, 0, false);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        PostgresServer server = start();
        // closed by JUnit when the whole run ends (AutoCloseable values of the root store)
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(PostgresServer.class, k -> server);
    }

    /** The running server's data source (user {@code postgres}, database {@code postgres}). */
    public static DataSource dataSource() {
        if (running == null) {
            throw new IllegalStateException("PostgreSQL is not started; use @ExtendWith(PostgresServer.class)");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {running.port});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        return ds;
    }

    static synchronized PostgresServer start() throws Exception {
        if (running != null) {
            return running;
        }
        Path bin = findBinaries();
        if (bin == null) {
            String reason =
                    "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(reason + "; CI=true requires them");
            }
            System.err.println("SKIPPED PostgreSQL tests: " + reason);
            Assumptions.assumeTrue(false, reason);
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("lcbridge-pg-");
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()), false, bin);
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, dir, port, root);
        server.pg(List.of(
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--no-instructions"));
        server.pg(List.of(
                bin.resolve("pg_ctl").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-l",
                dir.resolve("log").toString(),
                "-w",
                "-t",
                "60",
                "-o",
                "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -F -c full_page_writes=off",
                "start"));
        running = server;
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "lcbridge-pg-stop"));
        return server;
    }

    @Override
    public synchronized void close() {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try {
            pg(List.of(
                    bin.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-m",
                    "immediate",
                    "-w",
                    "stop"));
        } catch (Exception e) {
            System.err.println("could not stop the test PostgreSQL server: " + e.getMessage());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
        running = null;
    }

    private void pg(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full, true, bin);
    }

    private static void run(List<String> command, boolean check, Path bin) throws IOException, InterruptedException {
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

    private static Path findBinaries() throws IOException {
        Path base = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(base)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(base)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("pg_ctl")) && Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(
                            b -> versionOf(b.getParent().getFileName().toString())))
                    .orElse(null);
        }
    }

    private static Integer versionOf(String name) {
        try {
            return Integer.parseInt(name);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
