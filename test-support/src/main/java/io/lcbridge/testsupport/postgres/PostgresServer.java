package io.lcbridge.testsupport.postgres;

import io.lcbridge.testsupport.tools.MissingTool;
import io.lcbridge.testsupport.tools.ToolLocator;
import org.jspecify.annotations.Nullable;
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
 * A real PostgreSQL server for the tests: {@code initdb} into a temporary directory, started with {@code pg_ctl} on a
 * free loopback port, stopped (and its directory deleted) when the test run ends. One server per test JVM, shared by
 * every class that uses it. The binaries are found by {@link ToolLocator#postgresBin()} ({@code lcbridge.pg.bin} /
 * {@code PG_BIN}, {@code pg_config --bindir}, PATH, {@code /usr/lib/postgresql/*}{@code /bin}). PostgreSQL refuses to
 * run as root, so under root it runs as the {@code postgres} system user the distribution packages create ({@code
 * runuser -u postgres}). Without the binaries the tests are skipped with a reason, or fail under {@code CI=true}
 * ({@link MissingTool}).
 *
 * <p>Use as {@code @ExtendWith(PostgresServer.class)} and read {@link #dataSource()}. Public so that other modules'
 * JDBC tests (through this module's test-jar) start the same server.
 */
public final class PostgresServer implements BeforeAllCallback, AutoCloseable {

    private static @Nullable PostgresServer running;

    private final @Nullable Path dir;
    private final @Nullable Path bin;
    private final int port;
    private final boolean root;

    private PostgresServer(@Nullable Path bin, @Nullable Path dir, int port, boolean root) {
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
        PostgresServer server = running;
        if (server == null) {
            throw new IllegalStateException("PostgreSQL is not started; use @ExtendWith(PostgresServer.class)");
        }
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {server.port});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        return ds;
    }

    /**
     * Starts the server once per JVM (later calls return the running one), or skips the caller (fails it under {@code
     * CI=true}) when the binaries are not found.
     */
    public static synchronized PostgresServer start() throws IOException, InterruptedException {
        PostgresServer started = running;
        if (started != null) {
            return started;
        }
        ToolLocator.Lookup lookup = ToolLocator.system().postgresBin();
        if (lookup.path().isEmpty()) {
            throw MissingTool.skipOrFail("PostgreSQL server binaries (initdb, pg_ctl) not found in " + lookup.searched()
                    + ": install postgresql, or set lcbridge.pg.bin / PG_BIN (see CONTRIBUTING.md)");
        }
        Path bin = lookup.path().get();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("lcbridge-pg-");
        if (root) {
            run(List.of("chown", "postgres:postgres", dir.toString()));
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

    /** Stops the server ({@code pg_ctl stop -m immediate}) and deletes its directory. */
    @Override
    public void close() {
        synchronized (PostgresServer.class) {
            if (dir == null || bin == null || !Files.exists(dir)) {
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
            } catch (IOException e) {
                System.err.println("[lcbridge] could not stop the test PostgreSQL server: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException e) {
                System.err.println("[lcbridge] could not delete " + dir + ": " + e.getMessage());
            }
            if (running == this) {
                running = null;
            }
        }
    }

    private void pg(List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(Arrays.asList("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        run(full);
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
