package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.sensitive.ViewColumnSource;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.port.ViewLineage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postgresql.PGResultSetMetaData;

/**
 * Reads where every view column gets its values, from the database itself rather than by name: each view's definition
 * ({@code pg_get_viewdef}) is described, never run, and PostgreSQL reports for each output column the table column it
 * copies, if any; {@code pg_depend} lists every column the view's rewrite rule reads, which is what a computed column
 * may be made of; a relation the view reads without naming a column of it ({@code count(*) FROM t}) is listed as read
 * in column {@code *}. A definition that cannot be described counts as computed throughout.
 *
 * <p>Like the schema read, it waits at most {@link PostgresCatalogReader#LOCK_WAIT} for a table another session holds
 * locked, and a call that is cancelled cancels the read.
 */
final class PostgresViewLineage implements ViewLineage {

    private static final String VIEWS = """
            SELECT c.oid, n.nspname, c.relname, pg_catalog.pg_get_viewdef(c.oid),
                   array_agg(a.attname::text ORDER BY a.attnum)
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE c.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
            GROUP BY c.oid, n.nspname, c.relname
            ORDER BY n.nspname, c.relname
            """;

    private static final String READS = """
            SELECT DISTINCT r.ev_class, rn.nspname, rc.relname, coalesce(ra.attname::text, '*')
            FROM pg_catalog.pg_rewrite r
            JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = r.oid
                 AND d.refclassid = 'pg_catalog.pg_class'::regclass AND d.refobjsubid >= 0 AND d.refobjid <> r.ev_class
            JOIN pg_catalog.pg_class rc ON rc.oid = d.refobjid
            JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
            LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid AND d.refobjsubid > 0
            JOIN pg_catalog.pg_class v ON v.oid = r.ev_class AND v.relkind IN ('v', 'm')
            ORDER BY 1, 2, 3, 4
            """;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DatabaseConnections connections;

    public PostgresViewLineage(DatabaseConnections connections) {
        this.connections = connections;
    }

    @Override
    public Result<List<ViewColumnSource>> read(DatabaseName database) {
        return connections.with(database, connection -> {
            // pg_get_viewdef locks every table a view reads: behind a migration's lock it fails as the schema read does
            try (var transaction = ReadOnlyTransaction.begin(connection, TIMEOUT, PostgresCatalogReader.LOCK_WAIT, "REPEATABLE READ");
                    Cancellation.Registration cancel = RepeatedCancel.whileRunning(connection)) {
                Map<Long, List<ColumnRef>> reads = reads(connection);
                List<ViewColumnSource> sources = new ArrayList<>();
                for (View view : views(connection)) {
                    List<Optional<ColumnRef>> copied = copiedColumns(connection, view);
                    List<ColumnRef> viewReads = reads.getOrDefault(view.oid(), List.of());
                    for (int i = 0; i < view.columns().size(); i++) {
                        sources.add(new ViewColumnSource(new ColumnRef(view.name(), view.columns().get(i)),
                                i < copied.size() ? copied.get(i) : Optional.empty(), viewReads));
                    }
                }
                return Result.ok(sources);
            } catch (SQLException e) {
                return Result.err(SqlFailures.ofSchemaRead(database, e, TIMEOUT, PostgresCatalogReader.LOCK_WAIT)
                        .orElseGet(() -> SqlFailures.of(database, e, TIMEOUT, connection, VIEWS, SensitiveData.NONE)));
            }
        });
    }

    private record View(long oid, QualifiedName name, String definition, List<String> columns) {}

    private static List<View> views(Connection connection) throws SQLException {
        List<View> views = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(VIEWS)) {
            while (rows.next()) {
                views.add(new View(rows.getLong(1), QualifiedName.of(rows.getString(2), rows.getString(3)), rows.getString(4),
                        Arrays.asList((String[]) rows.getArray(5).getArray())));
            }
        }
        return views;
    }

    private static Map<Long, List<ColumnRef>> reads(Connection connection) throws SQLException {
        Map<Long, List<ColumnRef>> reads = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(READS)) {
            while (rows.next()) {
                reads.computeIfAbsent(rows.getLong(1), oid -> new ArrayList<>())
                        .add(new ColumnRef(QualifiedName.of(rows.getString(2), rows.getString(3)), rows.getString(4)));
            }
        }
        return reads;
    }

    /**
     * The table column each output column of the view's definition copies, by describing the definition (Parse and
     * Describe, nothing executed); empty for a computed column, and for all of them when the definition cannot be
     * described (a savepoint keeps that failure from ending the transaction). A cancelled or timed-out describe ends the
     * read instead: the definition is not at fault, and a lineage cut short would stand until the schema changes.
     */
    private static List<Optional<ColumnRef>> copiedColumns(Connection connection, View view) throws SQLException {
        String definition = view.definition().strip();
        if (definition.endsWith(";")) {
            definition = definition.substring(0, definition.length() - 1);
        }
        var savepoint = connection.setSavepoint();
        try (PreparedStatement statement = connection.prepareStatement(definition)) {
            ResultSetMetaData columns = statement.getMetaData();
            PGResultSetMetaData meta = columns.unwrap(PGResultSetMetaData.class);
            List<Optional<ColumnRef>> copied = new ArrayList<>();
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                String table = meta.getBaseTableName(i);
                copied.add(table.isEmpty() ? Optional.empty()
                        : Optional.of(new ColumnRef(QualifiedName.of(meta.getBaseSchemaName(i), table), meta.getBaseColumnName(i))));
            }
            connection.releaseSavepoint(savepoint);
            return copied;
        } catch (SQLException e) {
            if (SqlFailures.QUERY_CANCELED.equals(e.getSQLState())) {
                throw e;
            }
            connection.rollback(savepoint);
            return List.of();
        }
    }
}
