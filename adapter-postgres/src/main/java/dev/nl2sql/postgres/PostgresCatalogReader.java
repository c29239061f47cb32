package dev.nl2sql.postgres;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.EnumType;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.Index;
import dev.nl2sql.domain.schema.QualifiedName;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.RelationKind;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.port.Cancellation;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;

/**
 * Reads a database's structure from pg_catalog into a {@link SchemaSnapshot}: five set-based queries in one
 * read-only, repeatable-read transaction, whatever the number of tables.
 *
 * <p>A table another session holds locked (a migration's {@code ALTER TABLE} in an open transaction) does not hold the
 * read up where the catalogs alone tell what it needs ({@link CatalogQueries}); where they do not, the read waits at
 * most {@link #LOCK_WAIT} for the lock, and a call that is cancelled cancels the read.
 *
 * <p>A column's {@code defaultExpression} is its default as {@code pg_get_expr} prints it; for an identity column it
 * is {@code GENERATED ALWAYS AS IDENTITY} (or {@code BY DEFAULT}), and for a stored generated column
 * {@code GENERATED ALWAYS AS (expr) STORED}, so that a reader knows the value is filled in by the database.
 */
final class PostgresCatalogReader {

    /** How long the catalog queries may run before the server cancels them. */
    static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);

    /**
     * How long the read waits for a lock another session holds on a table, before it gives up: long enough for a quick
     * {@code ALTER TABLE} to finish, short enough that a call behind a long migration fails in a few seconds (saying
     * why) instead of waiting nearly all of {@link #DEFAULT_STATEMENT_TIMEOUT} for the same failure.
     */
    static final Duration LOCK_WAIT = Duration.ofSeconds(2);

    private final Duration statementTimeout;
    private final Clock clock;

    /** A reader whose queries time out after {@link #DEFAULT_STATEMENT_TIMEOUT}. */
    PostgresCatalogReader() {
        this(DEFAULT_STATEMENT_TIMEOUT);
    }

    /** A reader whose queries time out after {@code statementTimeout}. */
    PostgresCatalogReader(Duration statementTimeout) {
        this(statementTimeout, Clock.systemUTC());
    }

    PostgresCatalogReader(Duration statementTimeout, Clock clock) {
        this.statementTimeout = requireNonNull(statementTimeout, "statementTimeout");
        this.clock = requireNonNull(clock, "clock");
        if (statementTimeout.isNegative() || statementTimeout.isZero()) {
            throw new IllegalArgumentException("statementTimeout must be positive, was " + statementTimeout);
        }
    }

    /**
     * {@return the structure of the schemas {@code filter} selects, on a connection borrowed from {@code dataSource}}
     *
     * @throws SQLException if the database cannot be reached or refuses the catalog queries
     */
    SchemaSnapshot read(DataSource dataSource, DatabaseName database, SchemaFilter filter) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, database, filter);
        }
    }

    /**
     * {@return the structure of the schemas {@code filter} selects, read on {@code connection}}; the caller keeps the
     * connection, which comes back with no open transaction (one left open is rolled back) and its flags unchanged
     *
     * @throws SQLException if the connection is unusable or the server refuses the catalog queries; {@link #failure}
     *     tells which of these the read itself caused
     */
    SchemaSnapshot read(Connection connection, DatabaseName database, SchemaFilter filter) throws SQLException {
        requireNonNull(database, "database");
        requireNonNull(filter, "filter");
        try (var transaction = ReadOnlyTransaction.begin(connection, statementTimeout, lockWait(), "REPEATABLE READ");
                Cancellation.Registration cancel = RepeatedCancel.whileRunning(connection)) {
            return read(new CatalogQueries(QuietJooq.using(connection), filter), database);
        } catch (DataAccessException e) {
            throw e.getCause() instanceof SQLException cause ? cause : new SQLException(e.getMessage(), e.sqlState(), e);
        }
    }

    /**
     * {@return the failure {@code e}, thrown by {@link #read}, stands for when the read itself ended it: a lock waited on,
     * its time limit, the call cancelled} Empty for anything else, a connection's failure say.
     */
    Optional<Failure> failure(DatabaseName database, SQLException e) {
        return SqlFailures.ofSchemaRead(database, e, statementTimeout, lockWait());
    }

    /** The lock wait, kept below the statement timeout so that a lock waited on ends as a lock timeout, which says so. */
    private Duration lockWait() {
        Duration belowTimeout = SessionDefaults.lockWait(statementTimeout);
        return LOCK_WAIT.compareTo(belowTimeout) < 0 ? LOCK_WAIT : belowTimeout;
    }

    private SchemaSnapshot read(CatalogQueries queries, DatabaseName database) {
        Map<Long, Parts> parts = new LinkedHashMap<>();
        for (Record row : queries.relations()) {
            parts.put(row.get("oid", Long.class), new Parts(row));
        }
        for (Record row : queries.columns()) {
            on(parts, row).columns.add(column(row));
        }
        addKeys(parts, queries);
        for (Record row : queries.indexes()) {
            on(parts, row).indexes.add(new Index(
                    row.get("name", String.class),
                    List.of(row.get("columns", String[].class)),
                    row.get("indisunique", Boolean.class),
                    row.get("indisprimary", Boolean.class),
                    row.get("definition", String.class)));
        }
        List<Relation> relations = parts.values().stream().map(Parts::relation).toList();
        return SchemaSnapshot.of(database, relations, enums(queries), clock.instant());
    }

    private static Parts on(Map<Long, Parts> parts, Record row) {
        // The queries run in one repeatable-read snapshot, so every row's relation was listed by the first query.
        return parts.get(row.get("oid", Long.class));
    }

    private static Column column(Record row) {
        String identity = row.get("identity", String.class);
        String generated = row.get("generated", String.class);
        Optional<String> expression = Optional.ofNullable(row.get("default_expression", String.class));
        Optional<String> defaultExpression = switch (identity == null ? "" : identity) {
            case "a" -> Optional.of("GENERATED ALWAYS AS IDENTITY");
            case "d" -> Optional.of("GENERATED BY DEFAULT AS IDENTITY");
            default -> "s".equals(generated) ? expression.map(e -> "GENERATED ALWAYS AS (" + e + ") STORED") : expression;
        };
        String enumSchema = row.get("enum_schema", String.class);
        return new Column(
                row.get("attname", String.class),
                row.get("type", String.class),
                !row.get("attnotnull", Boolean.class),
                defaultExpression,
                Optional.ofNullable(row.get("description", String.class)),
                enumSchema == null ? Optional.empty() : Optional.of(QualifiedName.of(enumSchema, row.get("enum_name", String.class))));
    }

    private static void addKeys(Map<Long, Parts> parts, CatalogQueries queries) {
        Map<String, List<Record>> byConstraint = new LinkedHashMap<>();
        for (Record row : queries.keys()) {
            String key = row.get("oid", Long.class) + "\u0000" + row.get("conname", String.class);
            byConstraint.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
        }
        for (List<Record> rows : byConstraint.values()) {
            Record first = rows.getFirst();
            Parts owner = on(parts, first);
            List<String> columns = rows.stream().map(r -> r.get("attname", String.class)).toList();
            if ("p".equals(first.get("contype", String.class))) {
                owner.primaryKey = columns;
            } else {
                owner.foreignKeys.add(new ForeignKey(
                        first.get("conname", String.class),
                        columns,
                        QualifiedName.of(first.get("referenced_schema", String.class), first.get("referenced_name", String.class)),
                        rows.stream().map(r -> r.get("referenced_attname", String.class)).toList()));
            }
        }
    }

    private static List<EnumType> enums(CatalogQueries queries) {
        Map<QualifiedName, List<String>> labels = new LinkedHashMap<>();
        for (Record row : queries.enums()) {
            labels.computeIfAbsent(QualifiedName.of(row.get("nspname", String.class), row.get("typname", String.class)),
                    k -> new ArrayList<>()).add(row.get("enumlabel", String.class));
        }
        return labels.entrySet().stream().map(e -> new EnumType(e.getKey(), e.getValue())).toList();
    }

    /** What the queries found about one relation, gathered before it becomes an immutable {@link Relation}. */
    private static final class Parts {

        private static final Map<String, RelationKind> KINDS = Map.of(
                "r", RelationKind.TABLE,
                "v", RelationKind.VIEW,
                "m", RelationKind.MATERIALIZED_VIEW,
                "f", RelationKind.FOREIGN_TABLE,
                "p", RelationKind.PARTITIONED_TABLE);

        private final QualifiedName name;
        private final RelationKind kind;
        private final Optional<String> comment;
        private final Optional<Long> rowEstimate;
        private final List<Column> columns = new ArrayList<>();
        private List<String> primaryKey = List.of();
        private final List<ForeignKey> foreignKeys = new ArrayList<>();
        private final List<Index> indexes = new ArrayList<>();

        Parts(Record row) {
            name = QualifiedName.of(row.get("nspname", String.class), row.get("relname", String.class));
            kind = KINDS.get(row.get("relkind", String.class));
            comment = Optional.ofNullable(row.get("description", String.class));
            double reltuples = row.get("reltuples", Double.class);
            // reltuples is -1 until the first VACUUM or ANALYZE (PostgreSQL 14+); views hold no rows of their own.
            rowEstimate = reltuples < 0 || kind == RelationKind.VIEW ? Optional.empty() : Optional.of(Math.round(reltuples));
        }

        Relation relation() {
            return new Relation(name, kind, columns, primaryKey, foreignKeys, indexes, comment, rowEstimate);
        }
    }
}
