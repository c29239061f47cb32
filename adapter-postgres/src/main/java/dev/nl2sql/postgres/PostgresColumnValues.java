package dev.nl2sql.postgres;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.linking.ColumnRef;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.port.Cancellation;
import dev.nl2sql.port.ColumnValueSource;
import dev.nl2sql.port.SensitivePolicies;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples low-cardinality text columns in one read-only transaction: candidates are text-like columns whose
 * statistics ({@code pg_stats.n_distinct}) promise at most {@link #MAX_VALUES} distinct values, or, for tables never
 * analysed, columns of small tables; each candidate is read with {@code SELECT DISTINCT ... LIMIT MAX_VALUES + 1} and
 * dropped if it has more. At most {@link #MAX_COLUMNS} columns are read, each statement is cancelled after the
 * statement timeout, and reading stops at the overall deadline with what it has. Columns whose comment marks them as
 * personal data are left out. A column whose read meets another session's lock (a migration's {@code ALTER TABLE}) or
 * its statement timeout is skipped, and so are the rest of a locked table's columns; the others are still read. A call
 * that is cancelled cancels the sample, which then fails as cancelled rather than skip the column it stopped.
 */
final class PostgresColumnValues implements ColumnValueSource {

    /** The most distinct values a column may have to be sampled. */
    public static final int MAX_VALUES = 1_000;
    /** The most columns sampled per database. */
    public static final int MAX_COLUMNS = 300;
    /** How many pages (8 kB each) an unanalysed table may have for its columns to be sampled blind. */
    static final int SMALL_TABLE_PAGES = 256;
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(PostgresColumnValues.class);

    private static final String CANDIDATES = """
            SELECT n.nspname, c.relname, a.attname
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            LEFT JOIN pg_catalog.pg_stats s ON s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname = a.attname
            WHERE c.relkind IN ('r', 'p', 'm') AND a.attnum > 0 AND NOT a.attisdropped
              AND t.typcategory = 'S'
              AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'
              AND (cardinality(?::text[]) = 0 OR n.nspname LIKE ANY (?::text[]))
              AND NOT (n.nspname LIKE ANY (?::text[]))
              AND has_column_privilege(c.oid, a.attnum, 'SELECT')
              AND coalesce(col_description(c.oid, a.attnum), '') NOT ILIKE 'personal data%'
              AND CASE
                    WHEN s.n_distinct IS NULL THEN c.relpages <= ?
                    WHEN s.n_distinct > 0 THEN s.n_distinct <= ?
                    ELSE -s.n_distinct * greatest(c.reltuples, 0) <= ?
                  END
            ORDER BY coalesce(s.n_distinct, 0) > 0 DESC, n.nspname, c.relname, a.attnum
            LIMIT ?
            """;

    private final DatabaseConnections connections;
    private final Duration statementTimeout;
    private final Duration deadline;
    private final SensitivePolicies sensitive;

    public PostgresColumnValues(DatabaseConnections connections) {
        this(connections, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_DEADLINE, SensitivePolicies.NONE);
    }

    /** @param sensitive each database's policy: hidden and masked columns are never sampled, so no value of theirs reaches a prompt */
    public PostgresColumnValues(DatabaseConnections connections, Duration statementTimeout, Duration deadline,
            SensitivePolicies sensitive) {
        this.connections = requireNonNull(connections, "connections");
        this.statementTimeout = requireNonNull(statementTimeout, "statementTimeout");
        this.deadline = requireNonNull(deadline, "deadline");
        this.sensitive = requireNonNull(sensitive, "sensitive");
    }

    @Override
    public Result<Map<ColumnRef, List<String>>> sampleValues(DatabaseName database) {
        SchemaFilter filter = connections.pools().settings(database).map(DatabaseSettings::schemas).orElse(SchemaFilter.all());
        SensitiveData policy = sensitive.of(database);
        return connections.with(database, connection -> {
            try {
                return Result.ok(sample(connection, filter, statementTimeout, deadline, policy));
            } catch (SQLException e) {
                if (SqlFailures.cancelsCall(e)) {
                    return Result.err(new Failure.DatabaseError(database, SqlFailures.QUERY_CANCELED, "sampling column values was cancelled"));
                }
                throw e;
            }
        });
    }

    /** {@return the sampled values, read on {@code connection} (which the caller keeps)} */
    static Map<ColumnRef, List<String>> sample(Connection connection, SchemaFilter filter, Duration statementTimeout, Duration deadline,
            SensitiveData sensitive) throws SQLException {
        long stopAt = System.nanoTime() + deadline.toNanos();
        Map<ColumnRef, List<String>> values = new LinkedHashMap<>();
        Set<QualifiedName> locked = new HashSet<>();
        try (ReadOnlyTransaction transaction = ReadOnlyTransaction.begin(connection, statementTimeout, "REPEATABLE READ");
                Cancellation.Registration cancel = RepeatedCancel.whileRunning(connection)) {
            for (ColumnRef column : candidates(connection, filter)) {
                if (System.nanoTime() > stopAt) {
                    break;
                }
                String schema = column.relation().schema();
                String table = column.relation().name();
                if (sensitive.hidesColumn(schema, table, column.column()) || sensitive.masking(schema, table, column.column()).isPresent()) {
                    continue;
                }
                if (locked.contains(column.relation())) {
                    continue; // held until its holder's transaction ends: each column would wait for it again
                }
                List<String> distinct;
                try {
                    distinct = distinctValues(connection, column);
                } catch (SQLException e) {
                    boolean lock = SqlFailures.LOCK_NOT_AVAILABLE.equals(e.getSQLState());
                    if (!lock && (!SqlFailures.QUERY_CANCELED.equals(e.getSQLState()) || SqlFailures.cancelsCall(e))) {
                        throw e; // the call was cancelled, not this column slow: the sample ends
                    }
                    if (lock) {
                        locked.add(column.relation());
                    }
                    LOG.info("value sampling skipped {}.{}.{}: {}", schema, table, column.column(), lock
                            ? "another session holds a lock on its table (its other columns are skipped too)" : "its read took too long");
                    // The error aborted the transaction. A new one costs a rollback and its settings, on this rare path
                    // only; a savepoint per column would cost a round trip or two on every column. The columns read
                    // after it see a newer snapshot, which is harmless: each column's values stand alone.
                    transaction.restart();
                    continue;
                }
                if (!distinct.isEmpty() && distinct.size() <= MAX_VALUES) {
                    values.put(column, List.copyOf(distinct));
                }
            }
        }
        return values;
    }

    private static List<ColumnRef> candidates(Connection connection, SchemaFilter filter) throws SQLException {
        List<ColumnRef> columns = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement(CANDIDATES)) {
            Array include = connection.createArrayOf("text", filter.includeLikePatterns().toArray());
            query.setArray(1, include);
            query.setArray(2, include);
            query.setArray(3, connection.createArrayOf("text", filter.excludeLikePatterns().toArray()));
            query.setInt(4, SMALL_TABLE_PAGES);
            query.setInt(5, MAX_VALUES);
            query.setInt(6, MAX_VALUES);
            query.setInt(7, MAX_COLUMNS);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    columns.add(new ColumnRef(QualifiedName.of(rows.getString(1), rows.getString(2)), rows.getString(3)));
                }
            }
        }
        return columns;
    }

    private static List<String> distinctValues(Connection connection, ColumnRef column) throws SQLException {
        String name = quote(column.column());
        String sql = "SELECT DISTINCT " + name + "::text FROM " + quote(column.relation().schema()) + "." + quote(column.relation().name())
                + " WHERE " + name + " IS NOT NULL AND length(" + name + "::text) <= 60 LIMIT " + (MAX_VALUES + 1);
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
