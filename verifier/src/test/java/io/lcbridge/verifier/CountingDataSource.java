package io.lcbridge.verifier;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link DataSource} that counts what reaches the database: connections taken, statements executed (a batch
 * counts once: it is one round trip) and transactions committed (each statement in auto-commit is one). The first
 * connection can be held back until {@link #releaseFirstConnection()}, and the connections the group commit's
 * background writer takes until {@link #releaseBackgroundWriter()}.
 */
final class CountingDataSource {

    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeBatch");

    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger statements = new AtomicInteger();
    final AtomicInteger commits = new AtomicInteger();
    /** The first words of each statement executed, in order. */
    final List<String> executed = new CopyOnWriteArrayList<>();

    private final DataSource target;
    private final CountDownLatch firstConnection;
    private volatile CountDownLatch backgroundWriter = new CountDownLatch(0);

    CountingDataSource(DataSource target, boolean holdFirstConnection) {
        this.target = target;
        this.firstConnection = new CountDownLatch(holdFirstConnection ? 1 : 0);
    }

    void releaseFirstConnection() {
        firstConnection.countDown();
    }

    /** From now on, connections taken by the group commit's background writer wait until released. */
    void holdBackgroundWriter() {
        backgroundWriter = new CountDownLatch(1);
    }

    void releaseBackgroundWriter() {
        backgroundWriter.countDown();
    }

    void reset() {
        connections.set(0);
        statements.set(0);
        commits.set(0);
        executed.clear();
    }

    DataSource dataSource() {
        return proxy(DataSource.class, (p, m, args) -> {
            if (m.getName().equals("getConnection")) {
                if (connections.getAndIncrement() == 0) {
                    firstConnection.await();
                }
                if (Thread.currentThread().getName().equals("lcbridge-jdbc-store-group-commit")) {
                    backgroundWriter.await();
                }
                return connection((Connection) invoke(target, m, args)); // taken once released
            }
            return invoke(target, m, args);
        });
    }

    private Connection connection(Connection c) {
        return proxy(Connection.class, (p, m, args) -> {
            Object result = invoke(c, m, args);
            if (m.getName().equals("commit")) {
                commits.incrementAndGet();
            }
            if (result instanceof PreparedStatement ps) {
                String sql = String.valueOf(args[0]);
                return statement(PreparedStatement.class, ps, c, sql.substring(0, Math.min(40, sql.length())));
            }
            if (result instanceof Statement s) {
                return statement(Statement.class, s, c, "statement");
            }
            return result;
        });
    }

    private <T extends Statement> T statement(Class<T> type, T s, Connection c, String sql) {
        return proxy(type, (p, m, args) -> {
            Object result = invoke(s, m, args);
            if (EXECUTES.contains(m.getName())) {
                statements.incrementAndGet();
                executed.add(sql);
                if (c.getAutoCommit()) {
                    commits.incrementAndGet();
                }
            }
            return result;
        });
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return type.cast(
                Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
