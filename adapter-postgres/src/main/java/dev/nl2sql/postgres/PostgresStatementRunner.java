package dev.nl2sql.postgres;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.validation.RejectionCode;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.Cancellation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGResultSetMetaData;

/**
 * Runs one statement on a connection the caller owns, inside a read-only transaction that is always rolled back,
 * bounded by the server's statement timeout and by the row and byte caps of its {@link Limits}. Rows are streamed
 * through a cursor, so a huge result costs no more heap than the caps allow. The connection comes back with no open
 * transaction, no leftover setting, and its autocommit and read-only flags as they were.
 *
 * <p>On one of nl2sql's own sessions, which are read-only by default, a plain query can instead {@link #runAlone run on
 * its own}: its own transaction, one round trip instead of two (or four, for a thousand rows through the cursor).
 *
 * <p>The statement should have passed validation; as defence in depth, a string pgjdbc would split into several
 * statements is refused here, and a write fails with SQLSTATE 25006 inside the read-only transaction.
 */
final class PostgresStatementRunner {

    /** Rows per cursor round trip: large enough to amortise the trip, small enough to bound the heap. */
    static final int FETCH_SIZE = 500;

    /**
     * The most rows a statement run on its own may be asked for: its rows come in one fetch, which should bring no more
     * than two of the cursor's, so that a wide result cut at the byte cap is not read far past it.
     */
    static final int ONE_FETCH_ROWS = 2 * FETCH_SIZE;

    /**
     * Text that keeps a statement inside a rolled-back transaction: the one function that changes a setting (which the
     * validator refuses anyway), and Unicode-escaped identifiers, which could spell it unseen.
     */
    private static final List<String> SETTING_WORDS = List.of("set_config", "u&");

    /** The top plan node's total cost: it is the first one in EXPLAIN's JSON, before any child plan. */
    private static final Pattern TOTAL_COST = Pattern.compile("\"Total Cost\":\\s*([0-9.eE+-]+)");

    /** {@return the rows of {@code sql} on {@code connection}, capped by {@code limits}, or why it failed} */
    QueryOutcome run(Connection connection, DatabaseName database, String sql, Limits limits) {
        return run(connection, database, sql, List.of(), limits);
    }

    /**
     * {@return the rows of {@code sql} with its {@code ?} placeholders bound to {@code parameters}} With no parameters
     * the text runs as a plain statement, so that a {@code ?} operator in it stays an operator.
     */
    QueryOutcome run(Connection connection, DatabaseName database, String sql, List<Object> parameters, Limits limits) {
        return run(connection, database, sql, parameters, limits, SensitiveData.NONE);
    }

    /**
     * {@return the rows of {@code sql}, with the result columns that come from a hidden column dropped and those that
     * come from a masked column masked, before any value leaves this method} Where a column comes from is what
     * PostgreSQL reports for it (through subqueries and CTEs); expressions have no origin, which is why the validator
     * lets a masked column reach the select list only bare.
     */
    QueryOutcome run(Connection connection, DatabaseName database, String sql, List<Object> parameters, Limits limits,
            SensitiveData sensitive) {
        return run(connection, database, sql, parameters, limits, sensitive, SessionDefaults.UNKNOWN);
    }

    /** {@return the rows of {@code sql}, as above, on a connection whose session already holds {@code session}} */
    QueryOutcome run(Connection connection, DatabaseName database, String sql, List<Object> parameters, Limits limits,
            SensitiveData sensitive, SessionDefaults session) {
        requireNonNull(session, "session");
        return checked(connection, database, sql, parameters, limits, sensitive, started -> {
            try (var transaction = ReadOnlyTransaction.begin(connection, limits.statementTimeout(), SessionDefaults.ISOLATION, session)) {
                return executeAndCollect(connection, sql, parameters, limits, sensitive, started);
            }
        });
    }

    /**
     * {@return whether {@code sql} may run {@link #runAlone on its own} on {@code connection}} Only one plain query
     * ({@link PlainQuery}) that names no way to change a setting and wants at most {@link #ONE_FETCH_ROWS} rows, on a
     * session that reports it holds {@code session}'s defaults: anything else (a {@code VACUUM}, say, which a read-only
     * session allows outside a transaction block) is left to the rolled-back transaction of {@link #run}.
     */
    boolean canRunAlone(Connection connection, String sql, Limits limits, SessionDefaults session) throws SQLException {
        if (limits.maxRows() > ONE_FETCH_ROWS || !session.holdFor(connection, limits.statementTimeout())) {
            return false;
        }
        if (!PlainQuery.startsAs(sql) || StatementCount.of(connection, sql) != 1) {
            return false;
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        return SETTING_WORDS.stream().noneMatch(lower::contains);
    }

    /**
     * {@return the rows of {@code sql} run as its own transaction, read-only by the session's default: one round trip
     * for the statement and all its rows, with no {@code BEGIN} and no {@code ROLLBACK}; or empty when the rows did not
     * fit in that one fetch} Outside a transaction there is no cursor, so the rows come at once, bounded by the row cap
     * (the server stops there) and by the connection's maxResultBuffer; past that pgjdbc drops the connection, and the
     * caller runs the statement again with {@link #run}, on another. Afterwards a session that no longer reports its
     * defaults is discarded: a setting changed by the statement would outlive it here.
     */
    Optional<QueryOutcome> runAlone(Connection connection, DatabaseName database, String sql, List<Object> parameters, Limits limits,
            SensitiveData sensitive, SessionDefaults session) {
        requireNonNull(session, "session");
        boolean[] didNotFit = {false};
        QueryOutcome outcome = checked(connection, database, sql, parameters, limits, sensitive, started -> {
            boolean autoCommit = connection.getAutoCommit();
            if (!autoCommit) {
                connection.rollback(); // no round trip unless a previous user left a transaction open, which must end here
                connection.setAutoCommit(true);
            }
            try {
                return executeAndCollect(connection, sql, parameters, limits, sensitive, started);
            } catch (SQLException e) {
                if (!SqlFailures.isOversizedFetch(e)) {
                    throw e;
                }
                didNotFit[0] = true;
                return QueryOutcome.failed(SqlFailures.of(database, e, limits.statementTimeout(), connection, sql, sensitive));
            } finally {
                if (SessionDefaults.keepOrDiscard(connection)) {
                    connection.setAutoCommit(autoCommit);
                }
            }
        });
        return didNotFit[0] ? Optional.empty() : Optional.of(outcome);
    }

    /** A statement's run once it is known to be one statement, not cancelled yet; {@code started} is when the call began. */
    @FunctionalInterface
    private interface Execution {
        QueryOutcome run(long started) throws SQLException;
    }

    private static QueryOutcome checked(Connection connection, DatabaseName database, String sql, List<Object> parameters, Limits limits,
            SensitiveData sensitive, Execution execution) {
        requireNonNull(connection, "connection");
        requireNonNull(sensitive, "sensitive");
        requireNonNull(database, "database");
        requireNonNull(sql, "sql");
        requireNonNull(limits, "limits");
        requireNonNull(parameters, "parameters");
        long started = System.nanoTime();
        try {
            Optional<Failure> refused = refuseUnlessOneStatement(connection, sql);
            if (refused.isPresent()) {
                return QueryOutcome.failed(refused.get());
            }
            if (Cancellation.currentIsCancelled()) {
                // cancelled while the SQL was being written: the server would only be asked to cancel a statement not yet sent
                return QueryOutcome.failed(new Failure.DatabaseError(database, SqlFailures.QUERY_CANCELED, "the statement was cancelled before it started"));
            }
            return execution.run(started);
        } catch (SQLException e) {
            return QueryOutcome.failed(SqlFailures.of(database, e, limits.statementTimeout(), connection, sql, sensitive));
        }
    }

    private static QueryOutcome executeAndCollect(Connection connection, String sql, List<Object> parameters, Limits limits,
            SensitiveData sensitive, long started) throws SQLException {
        try (Statement statement = parameters.isEmpty() ? statement(connection) : prepared(connection, sql, parameters);
                Cancellation.Registration cancel = RepeatedCancel.whileRunning(connection)) {
            // Fetch one row past the cap: if it arrives, the result is truncated, without a COUNT(*) round trip.
            long wanted = limits.maxRows() + 1L;
            statement.setFetchSize((int) Math.min(wanted, FETCH_SIZE)); // a cursor only inside a transaction
            statement.setMaxRows(wanted > Integer.MAX_VALUE ? 0 : (int) wanted);
            boolean hasRows = statement instanceof PreparedStatement prepared ? prepared.execute() : statement.execute(sql);
            if (!hasRows) {
                return QueryOutcome.succeeded(sql, new QueryResult(List.of(), List.of(), false, since(started)));
            }
            try (ResultSet rows = statement.getResultSet()) {
                return QueryOutcome.succeeded(sql, collect(rows, limits, started, sensitive));
            }
        }
    }

    /**
     * {@return the planner's total cost for {@code sql} ({@code EXPLAIN (FORMAT JSON)}, never ANALYZE, so nothing
     * runs), under the same read-only transaction and timeout as {@link #run}}
     */
    Result<Double> estimateCost(Connection connection, DatabaseName database, String sql, Limits limits) {
        return estimateCost(connection, database, sql, limits, SensitiveData.NONE);
    }

    /** {@return the planner's total cost for {@code sql}, its failure's message withholding values under {@code sensitive}} */
    Result<Double> estimateCost(Connection connection, DatabaseName database, String sql, Limits limits, SensitiveData sensitive) {
        requireNonNull(connection, "connection");
        requireNonNull(database, "database");
        requireNonNull(sql, "sql");
        requireNonNull(limits, "limits");
        try {
            Optional<Failure> refused = refuseUnlessOneStatement(connection, sql);
            if (refused.isPresent()) {
                return Result.err(refused.get());
            }
            try (var transaction = ReadOnlyTransaction.begin(connection, limits.statementTimeout(), "READ COMMITTED");
                    Statement statement = statement(connection);
                    ResultSet plan = statement.executeQuery("EXPLAIN (FORMAT JSON) " + sql)) {
                StringBuilder json = new StringBuilder();
                while (plan.next()) {
                    json.append(plan.getString(1));
                }
                Matcher cost = TOTAL_COST.matcher(json);
                if (!cost.find()) {
                    return Result.err(new Failure.DatabaseError(database, "XX000", "EXPLAIN returned no total cost"));
                }
                return Result.ok(Double.parseDouble(cost.group(1)));
            }
        } catch (SQLException e) {
            return Result.err(SqlFailures.of(database, e, limits.statementTimeout(), connection, sql, sensitive));
        }
    }

    private static Optional<Failure> refuseUnlessOneStatement(Connection connection, String sql) throws SQLException {
        int count = StatementCount.of(connection, sql);
        if (count == 1) {
            return Optional.empty();
        }
        RejectionCode code = count == 0 ? RejectionCode.PARSE_ERROR : RejectionCode.MULTIPLE_STATEMENTS;
        String reason = count == 0 ? "the text holds no statement" : "the executor runs exactly one statement, got " + count;
        return Optional.of(new Verdict.Rejected(code, reason, List.of()).toFailure());
    }

    private static Statement statement(Connection connection) throws SQLException {
        Statement statement = connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        // The text runs exactly as validated: no rewriting of JDBC {fn ...} escapes.
        statement.setEscapeProcessing(false);
        return statement;
    }

    private static PreparedStatement prepared(Connection connection, String sql, List<Object> parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setEscapeProcessing(false);
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    private static QueryResult collect(ResultSet rows, Limits limits, long started, SensitiveData sensitive) throws SQLException {
        ResultSetMetaData meta = rows.getMetaData();
        int width = meta.getColumnCount();
        List<ResultColumn> columns = new ArrayList<>(width);
        String[] types = new String[width];
        Origins origins = sensitive.isActive() ? Origins.of(meta, sensitive) : Origins.NONE;
        for (int i = 1; i <= width; i++) {
            types[i - 1] = meta.getColumnTypeName(i);
            if (!origins.hidden(i)) {
                columns.add(new ResultColumn(meta.getColumnLabel(i), types[i - 1]));
            }
        }
        List<List<Object>> kept = new ArrayList<>();
        long bytes = 2; // the enclosing [ ]
        boolean truncated = false;
        while (true) {
            try {
                if (!rows.next()) {
                    break;
                }
            } catch (SQLException e) {
                if (!SqlFailures.isOversizedFetch(e)) {
                    throw e;
                }
                // a fetch bigger than the connection's maxResultBuffer: pgjdbc dropped the connection (the pool replaces
                // it), and the result is what was read before it
                truncated = true;
                break;
            }
            if (kept.size() == limits.maxRows()) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(width);
            long rowBytes = 3; // [ ] and the separating comma
            for (int i = 1; i <= width; i++) {
                if (origins.hidden(i)) {
                    continue;
                }
                if (types[i - 1].startsWith("_") && textLength(rows, i) > limits.maxBytes() - bytes - rowBytes) {
                    rowBytes = limits.maxBytes(); // an array too big to convert: the cut falls before it, as it would after
                    break;
                }
                Object cell = origins.mask(i, CellReader.read(rows, i, types[i - 1]));
                row.add(cell);
                rowBytes += JsonSize.of(cell) + 1;
                if (bytes + rowBytes > limits.maxBytes()) {
                    break;
                }
            }
            bytes += rowBytes;
            if (bytes > limits.maxBytes()) {
                truncated = true;
                break;
            }
            kept.add(row);
        }
        return new QueryResult(columns, kept, truncated, since(started));
    }

    /** The length of a value's text, read before converting it: converting a ten-million-element array takes seconds. */
    private static long textLength(ResultSet rows, int column) throws SQLException {
        String text = rows.getString(column);
        return text == null ? 0 : text.length();
    }

    /**
     * What the policy does to each result column, by the column it comes from: dropped when hidden, masked when masked.
     * pgjdbc reads the origins with one catalog query per new table and caches them on the connection.
     */
    private record Origins(boolean[] hidden, SensitiveData.Mode[] modes, SensitiveData.Masker masker) {
        static final Origins NONE = new Origins(new boolean[0], new SensitiveData.Mode[0], SensitiveData.NONE.masker());

        static Origins of(ResultSetMetaData meta, SensitiveData sensitive) throws SQLException {
            PGResultSetMetaData origin = meta.unwrap(PGResultSetMetaData.class);
            int width = meta.getColumnCount();
            boolean[] hidden = new boolean[width];
            SensitiveData.Mode[] modes = new SensitiveData.Mode[width];
            for (int i = 1; i <= width; i++) {
                String table = origin.getBaseTableName(i);
                if (table.isEmpty()) {
                    continue; // an expression or a constant: the validator let no masked column into one
                }
                String schema = origin.getBaseSchemaName(i);
                String column = origin.getBaseColumnName(i);
                hidden[i - 1] = sensitive.hidesColumn(schema, table, column);
                modes[i - 1] = sensitive.masking(schema, table, column).orElse(null);
            }
            return new Origins(hidden, modes, sensitive.masker());
        }

        boolean hidden(int column) {
            return column <= hidden.length && hidden[column - 1];
        }

        Object mask(int column, Object value) {
            SensitiveData.Mode mode = column <= modes.length ? modes[column - 1] : null;
            return mode == null ? value : masker.mask(value, mode);
        }
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }
}
