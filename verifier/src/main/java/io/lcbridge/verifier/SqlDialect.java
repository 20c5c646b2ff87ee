package io.lcbridge.verifier;

import org.jspecify.annotations.Nullable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SQL {@link JdbcChatContextStore} speaks to one database product: its schema script (the one shipped under
 * {@code META-INF/lcbridge/schema/<name>/}) and, where the product has them, statements that never fail on an
 * existing key ({@code INSERT … ON CONFLICT} on PostgreSQL, {@code INSERT IGNORE} / {@code ON DUPLICATE KEY UPDATE}
 * on MySQL and MariaDB, {@code MERGE … KEY} on H2). Where a statement is {@code null} the store uses the portable
 * form every SQL database accepts: a plain {@code INSERT}, a unique-key violation (SQLState class 23) caught, then
 * {@code SELECT}/{@code UPDATE}.
 */
enum SqlDialect {
    POSTGRESQL("postgresql", true) {
        @Override
        String claimIfFree(String t) {
            // one statement: insert, or take over a lapsed claim / an expired record; 0 rows = someone else holds it
            return "INSERT INTO " + t + " AS s (state_key, state, data, updated_at) VALUES (?, 'CLAIMED', NULL, ?)"
                    + " ON CONFLICT (state_key) DO UPDATE SET state = 'CLAIMED', data = NULL,"
                    + " updated_at = EXCLUDED.updated_at"
                    + " WHERE (s.state = 'CLAIMED' AND s.updated_at <= ?) OR (s.state = 'DONE' AND s.updated_at < ?)"
                    + " OR (s.state <> 'CLAIMED' AND s.state <> 'DONE')";
        }

        @Override
        @Nullable
        String claimSavingContext(String t) {
            // the context is written only from the claim's RETURNING row: both or neither, in one statement
            return "WITH claimed AS (" + claimIfFree(t) + " RETURNING 1)"
                    + " INSERT INTO " + t + " (state_key, state, data, updated_at) SELECT ?, 'CONTEXT', ?, ?"
                    + " FROM claimed"
                    + " ON CONFLICT (state_key) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at";
        }

        @Override
        String insertIfAbsent(String t) {
            return "INSERT INTO " + t + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)"
                    + " ON CONFLICT (state_key) DO NOTHING";
        }

        @Override
        String upsertContext(String t) {
            return "INSERT INTO " + t + " (state_key, state, data, updated_at) VALUES (?, 'CONTEXT', ?, ?)"
                    + " ON CONFLICT (state_key) DO UPDATE SET data = EXCLUDED.data, updated_at = EXCLUDED.updated_at";
        }
    },
    MYSQL("mysql", true) {
        @Override
        String insertIfAbsent(String t) {
            return "INSERT IGNORE INTO " + t + " (state_key, state, data, updated_at) VALUES (?, ?, ?, ?)";
        }

        @Override
        String upsertContext(String t) {
            return "INSERT INTO " + t + " (state_key, state, data, updated_at) VALUES (?, 'CONTEXT', ?, ?)"
                    + " ON DUPLICATE KEY UPDATE data = VALUES(data), updated_at = VALUES(updated_at)";
        }
    },
    MARIADB("mariadb", true) {
        @Override
        String insertIfAbsent(String t) {
            return MYSQL.insertIfAbsent(t);
        }

        @Override
        String upsertContext(String t) {
            return MYSQL.upsertContext(t);
        }
    },
    H2("h2", false) {
        @Override
        String upsertContext(String t) {
            return "MERGE INTO " + t
                    + " (state_key, state, data, updated_at) KEY (state_key) VALUES (?, 'CONTEXT', ?, ?)";
        }
    },
    SQLSERVER("sqlserver", false),
    ORACLE("oracle", false),
    /** Any other database: the portable statements only, and no schema script (create the table by hand). */
    GENERIC("", false);

    private static final String DEFAULT_TABLE = "lcbridge_webhook_state";

    private final String scriptFolder;
    private final boolean groupCommit;

    SqlDialect(String scriptFolder, boolean groupCommit) {
        this.scriptFolder = scriptFolder;
        this.groupCommit = groupCommit;
    }

    /** The dialect of the database {@code metaData} describes. */
    static SqlDialect of(DatabaseMetaData metaData) throws SQLException {
        String product = metaData.getDatabaseProductName();
        return of(product == null ? "" : product);
    }

    static SqlDialect of(String productName) {
        String p = productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return POSTGRESQL;
        }
        if (p.contains("mariadb")) {
            return MARIADB;
        }
        if (p.contains("mysql")) {
            return MYSQL;
        }
        if (p.equals("h2")) {
            return H2;
        }
        if (p.contains("sql server")) {
            return SQLSERVER;
        }
        if (p.contains("oracle")) {
            return ORACLE;
        }
        return GENERIC;
    }

    /**
     * Claim of a delivery that inserts it or takes over a lapsed claim or expired record, counting 1 row when the
     * claim is this caller's; parameters key, now, lease cut-off (inclusive), TTL cut-off. {@code null}: not
     * available in one statement.
     */
    @Nullable
    String claimIfFree(String table) {
        return null;
    }

    /**
     * {@link #claimIfFree} and, only when it claims, the {@link #upsertContext} of the delivery's chat context, in
     * one statement that counts 1 row when both were written and 0 when the claim is someone else's; parameters those
     * of the claim, then those of the context. {@code null}: not available in one statement.
     */
    @Nullable
    String claimSavingContext(String table) {
        return null;
    }

    /** Insert that counts 0 rows instead of failing on an existing key; parameters key, state, data, updated_at. */
    @Nullable
    String insertIfAbsent(String table) {
        return null;
    }

    /** Insert or replace of a chat context in one statement; parameters key, data, updated_at. */
    @Nullable
    String upsertContext(String table) {
        return null;
    }

    /**
     * Whether concurrent writes are worth committing together ({@link JdbcChatContextStore}'s group commit): true for
     * servers reached over a network, where each statement and each commit costs a round trip; false for H2, which
     * runs in the application's JVM.
     */
    boolean groupCommit() {
        return groupCommit;
    }

    /** Classpath resource of the schema script, or {@code null} for {@link #GENERIC}. */
    @Nullable
    String schemaResource() {
        return scriptFolder.isEmpty()
                ? null
                : "META-INF/lcbridge/schema/" + scriptFolder + "/" + DEFAULT_TABLE + ".sql";
    }

    /**
     * The statements of the schema script for {@code table} (the shipped script names the default table; a
     * schema-qualified name gets an index named {@code schema_table_updated}).
     */
    List<String> schemaStatements(String table) {
        String resource = schemaResource();
        if (resource == null) {
            throw new IllegalStateException("no schema script for this database; create the table by hand");
        }
        String script;
        try (InputStream in = SqlDialect.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        script = script.replace(DEFAULT_TABLE + "_updated", table.replace('.', '_') + "_updated")
                .replace(DEFAULT_TABLE + " ", table + " ")
                .replace(DEFAULT_TABLE + "'", table + "'");
        return split(script, this == ORACLE);
    }

    /**
     * Splits a script into statements: at a line holding only {@code /} (PL/SQL blocks, Oracle), else at a
     * {@code ;} ending a line. Lines starting with {@code --} are comments.
     */
    static List<String> split(String script, boolean slashLines) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            if (slashLines && trimmed.equals("/")) {
                add(statements, current);
                continue;
            }
            if (!slashLines && trimmed.endsWith(";")) {
                current.append(trimmed, 0, trimmed.length() - 1);
                add(statements, current);
                continue;
            }
            current.append(trimmed).append('\n');
        }
        add(statements, current);
        return statements;
    }

    private static void add(List<String> statements, StringBuilder current) {
        String s = current.toString().strip();
        if (!s.isEmpty()) {
            statements.add(s);
        }
        current.setLength(0);
    }
}
