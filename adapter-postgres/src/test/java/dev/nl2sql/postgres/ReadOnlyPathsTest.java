package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.PublicDataset;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A write is impossible on every way a statement runs: on nl2sql's own pools, where the session's startup options
 * already hold the limits, either on its own (its own transaction, read-only by the session's default) or in a
 * transaction that opens with the statement; and on a connection that promises nothing (a host application's), where
 * the transaction sets every limit itself. Every entry of the reject corpus goes straight to the runner on each path,
 * past the validator that would normally stop it; on the first, every entry that starts as a query runs on its own even
 * where it names a way to change a setting, past the check that would keep it in a transaction.
 */
class ReadOnlyPathsTest {

    @RegisterExtension
    static final TestDatabase chinook = new TestDatabase();

    private static final DatabaseName CHINOOK = DatabaseName.of("chinook");
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final Limits LIMITS = Limits.DEFAULT.withStatementTimeout(TIMEOUT);
    private static final PostgresStatementRunner RUNNER = new PostgresStatementRunner();

    private static DatabasePools pools;
    private static Connection observer;
    private static String contentsQuery;

    enum Path {
        OWN_POOL_ALONE, OWN_POOL, HOST_CONNECTION
    }

    @BeforeAll
    static void load() throws SQLException {
        try (Connection c = chinook.connect()) {
            new FixtureLoader().load(PublicDataset.CHINOOK.fixture(), c, Progress.none());
        }
        chinook.execute("CREATE SEQUENCE tick");
        observer = chinook.connect();
        observer.setAutoCommit(true);
        contentsQuery = contentsQuery();
        DatabaseSettings base = QueryStack.settings(CHINOOK, chinook);
        pools = new DatabasePools(List.of(new DatabaseSettings(base.identity(), base.password(), 2, base.connectTimeout(), TIMEOUT,
                Optional.empty(), base.breakerOpenFor(), base.schemas(), base.costGate())));
    }

    @AfterAll
    static void close() throws SQLException {
        pools.close();
        observer.close();
    }

    static Stream<Arguments> rejectedOnEachPath() throws IOException {
        return CorpusExecutionTest.rejected().filter(entry -> entry.db().equals("chinook"))
                .flatMap(entry -> Stream.of(Path.values()).map(path -> Arguments.of(path, entry)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("rejectedOnEachPath")
    void rejectedEntryChangesNothingWhenItReachesTheDatabase(Path path, CorpusExecutionTest.Entry entry) throws SQLException {
        String before = contents();

        run(path, entry.sql());

        assertThat(contents()).as(entry.sql()).isEqualTo(before);
    }

    /** Entries whose answer changes from one run to the next (the time, random order) cannot be compared. */
    private static final List<String> VOLATILE = List.of("now()", "current_", "localtime", "random()", "clock_timestamp", "timeofday");

    static Stream<CorpusExecutionTest.Entry> acceptedOnChinook() throws IOException {
        return CorpusExecutionTest.accepted().filter(entry -> entry.db().equals("chinook"))
                .filter(entry -> VOLATILE.stream().noneMatch(entry.sql().toLowerCase(Locale.ROOT)::contains));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedOnChinook")
    void aQueryOnItsOwnAnswersExactlyWhatItAnswersInATransaction(CorpusExecutionTest.Entry entry) throws SQLException {
        QueryOutcome inTransaction = run(Path.OWN_POOL, entry.sql());
        QueryOutcome alone = run(Path.OWN_POOL_ALONE, entry.sql());

        assertThat(answer(alone)).as(entry.sql()).isEqualTo(answer(inTransaction));
        assertThat(inTransaction).as("the corpus entry runs").isInstanceOf(QueryOutcome.Succeeded.class);
    }

    /** What a caller sees of an outcome: its columns, rows and truncation, or its failure; not how long it took. */
    private static List<Object> answer(QueryOutcome outcome) {
        return switch (outcome) {
            case QueryOutcome.Succeeded ok -> List.of(ok.sql(), ok.result().columns(), ok.result().rows(), ok.result().truncated());
            case QueryOutcome.Failed failed -> List.of(failed.failure());
        };
    }

    @Test
    void ownPoolSessionsStartWithTheLimitsTheShortPathRelievesOn() throws SQLException {
        assertThat(pools.sessionDefaults(CHINOOK).cover(TIMEOUT, "READ COMMITTED")).isTrue();
        try (Connection connection = pools.connection(CHINOOK)) {
            assertThat(settings(connection)).containsExactly("on", "read committed", "1s", "950ms", "1s", "iso_8601");
        }
    }

    @Test
    void aHostConnectionPromisesNothingSoEveryLimitIsSet() {
        assertThat(SessionDefaults.UNKNOWN.cover(TIMEOUT, "READ COMMITTED")).isFalse();
        assertThat(pools.sessionDefaults(CHINOOK).cover(TIMEOUT.plusSeconds(1), "READ COMMITTED")).as("another timeout").isFalse();
        assertThat(pools.sessionDefaults(CHINOOK).cover(TIMEOUT, "REPEATABLE READ")).as("another isolation").isFalse();
    }

    @ParameterizedTest
    @MethodSource("writes")
    void aWriteFailsAsReadOnlyOnEachPath(Path path, String write) throws SQLException {
        String before = contents();

        QueryOutcome outcome = run(path, write);

        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class, failed -> assertThat(failed.failure())
                .isInstanceOfSatisfying(Failure.DatabaseError.class, error -> assertThat(error.sqlState()).isEqualTo("25006")));
        assertThat(contents()).isEqualTo(before);
    }

    static Stream<Arguments> writes() {
        List<Arguments> cases = new ArrayList<>();
        for (Path path : Path.values()) {
            for (String write : List.of("DELETE FROM invoice_line", "INSERT INTO genre VALUES (999, 'x')", "CREATE TABLE t (a int)",
                    "UPDATE artist SET name = 'x' RETURNING artist_id", "SELECT nextval('tick')")) {
                cases.add(Arguments.of(path, write));
            }
        }
        return cases.stream();
    }

    @Test
    void aSettingChangedByOneCallIsGoneForTheNextOnTheSameSession() throws SQLException {
        // one connection in the pool at a time: the next call gets the same session back
        try (Connection connection = pools.connection(CHINOOK)) {
            RUNNER.run(connection, CHINOOK, "SELECT set_config('default_transaction_read_only', 'off', false),"
                    + " set_config('statement_timeout', '0', false)", List.of(), LIMITS, SensitiveData.NONE, pools.sessionDefaults(CHINOOK));
            assertThat(settings(connection)).as("rolled back with the call's transaction")
                    .containsExactly("on", "read committed", "1s", "950ms", "1s", "iso_8601");
            QueryOutcome write = RUNNER.run(connection, CHINOOK, "DELETE FROM genre", List.of(), LIMITS, SensitiveData.NONE,
                    pools.sessionDefaults(CHINOOK));
            assertThat(write).isInstanceOf(QueryOutcome.Failed.class);
        }
    }

    @ParameterizedTest
    @MethodSource("settingChanges")
    void aSessionWhoseSettingAStatementOnItsOwnChangedIsDiscarded(String change) throws SQLException {
        String before = contents();
        int pid;
        try (Connection connection = pools.connection(CHINOOK)) {
            pid = backend(connection);
            RUNNER.runAlone(connection, CHINOOK, change, List.of(), LIMITS, SensitiveData.NONE, pools.sessionDefaults(CHINOOK));
        }

        try (Connection next = pools.connection(CHINOOK)) {
            assertThat(backend(next)).as("another session").isNotEqualTo(pid);
            assertThat(settings(next)).containsExactly("on", "read committed", "1s", "950ms", "1s", "iso_8601");
            QueryOutcome write = RUNNER.runAlone(next, CHINOOK, "DELETE FROM genre", List.of(), LIMITS, SensitiveData.NONE,
                    pools.sessionDefaults(CHINOOK)).orElseThrow();
            assertThat(write).isInstanceOf(QueryOutcome.Failed.class);
        }
        assertThat(contents()).isEqualTo(before);
    }

    static Stream<String> settingChanges() {
        return Stream.of("SELECT set_config('default_transaction_read_only', 'off', false), set_config('statement_timeout', '0', false)",
                "SET default_transaction_read_only = off", "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
                "SELECT set_config('IntervalStyle', 'postgres', false)");
    }

    @Test
    void aSessionThatKeptItsSettingsIsKept() throws SQLException {
        int pid;
        try (Connection connection = pools.connection(CHINOOK)) {
            pid = backend(connection);
            RUNNER.runAlone(connection, CHINOOK, "SELECT 1", List.of(), LIMITS, SensitiveData.NONE, pools.sessionDefaults(CHINOOK));
        }

        try (Connection next = pools.connection(CHINOOK); Connection other = pools.connection(CHINOOK)) {
            assertThat(List.of(backend(next), backend(other))).contains(pid);
        }
    }

    @ParameterizedTest
    @MethodSource("notAlone")
    void onlyPlainQueriesThatNameNoSettingRunOnTheirOwn(String sql) throws SQLException {
        try (Connection connection = pools.connection(CHINOOK)) {
            assertThat(RUNNER.canRunAlone(connection, sql, LIMITS, pools.sessionDefaults(CHINOOK))).isFalse();
        }
    }

    static Stream<String> notAlone() {
        return Stream.of("SELECT set_config('statement_timeout', '0', false)", "SELECT \"SET_CONFIG\"('a.b', 'c', false)",
                "SELECT U&\"\\0073et_config\"('a.b', 'c', false)", "EXPLAIN SELECT 1", "VALUES (1)", "TABLE genre",
                "SET statement_timeout = 0", "SELECT 1; SELECT 2", "DELETE FROM genre", "VACUUM FULL genre", "COPY (SELECT 1) TO STDOUT",
                "PREPARE p AS SELECT 1", "DECLARE c CURSOR WITH HOLD FOR SELECT 1", "selected", "SELECT_1", "/* SELECT */ VALUES (1)");
    }

    @Test
    void plainQueriesRunOnTheirOwnOnlyOnOwnSessionsWithTheirLimits() throws SQLException {
        try (Connection own = pools.connection(CHINOOK); Connection host = chinook.connect()) {
            SessionDefaults session = pools.sessionDefaults(CHINOOK);
            assertThat(RUNNER.canRunAlone(own, "SELECT name FROM genre", LIMITS, session)).isTrue();
            assertThat(RUNNER.canRunAlone(own, "-- recent\nWITH g AS (SELECT 1) SELECT * FROM g", LIMITS, session)).isTrue();
            assertThat(RUNNER.canRunAlone(own, "/* a /* nested */ comment */ ((SELECT 1) UNION (SELECT 2))", LIMITS, session)).isTrue();
            assertThat(RUNNER.canRunAlone(own, "SELECT 1", LIMITS.withStatementTimeout(TIMEOUT.plusSeconds(1)), session))
                    .as("another timeout").isFalse();
            assertThat(RUNNER.canRunAlone(host, "SELECT 1", LIMITS, SessionDefaults.UNKNOWN)).as("a host's connection").isFalse();
            assertThat(RUNNER.canRunAlone(own, "SELECT 1", LIMITS.withMaxRows(PostgresStatementRunner.ONE_FETCH_ROWS), session)).isTrue();
            assertThat(RUNNER.canRunAlone(own, "SELECT 1", LIMITS.withMaxRows(PostgresStatementRunner.ONE_FETCH_ROWS + 1), session))
                    .as("more rows than two of the cursor's fetches").isFalse();
        }
    }

    private static int backend(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
            rows.next();
            int pid = rows.getInt(1);
            connection.rollback();
            return pid;
        }
    }

    private static QueryOutcome run(Path path, String sql) throws SQLException {
        return switch (path) {
            case OWN_POOL_ALONE -> {
                try (Connection connection = pools.connection(CHINOOK)) {
                    yield PlainQuery.startsAs(sql)
                            ? RUNNER.runAlone(connection, CHINOOK, sql, List.of(), LIMITS, SensitiveData.NONE, pools.sessionDefaults(CHINOOK))
                                    .orElseThrow()
                            : RUNNER.run(connection, CHINOOK, sql, List.of(), LIMITS, SensitiveData.NONE, pools.sessionDefaults(CHINOOK));
                }
            }
            case OWN_POOL -> {
                try (Connection connection = pools.connection(CHINOOK)) {
                    yield RUNNER.run(connection, CHINOOK, sql, List.of(), LIMITS, SensitiveData.NONE, pools.sessionDefaults(CHINOOK));
                }
            }
            case HOST_CONNECTION -> {
                try (Connection connection = chinook.connect()) {
                    yield RUNNER.run(connection, CHINOOK, sql, List.of(), LIMITS, SensitiveData.NONE, SessionDefaults.UNKNOWN);
                }
            }
        };
    }

    private static List<String> settings(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery("""
                SELECT current_setting('default_transaction_read_only'), current_setting('default_transaction_isolation'),
                       current_setting('statement_timeout'), current_setting('lock_timeout'),
                       current_setting('idle_in_transaction_session_timeout'), current_setting('IntervalStyle')""")) {
            rows.next();
            List<String> values = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                values.add(rows.getString(i));
            }
            connection.rollback();
            return values;
        }
    }

    /**
     * Every relation of the database with its row count and newest row version: any insert, update, delete, truncate or
     * DDL that got through changes it (the statistics views lag, so they are not asked). One query, built once.
     */
    private static String contents() throws SQLException {
        try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(contentsQuery)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String contentsQuery() throws SQLException {
        List<String> parts = new ArrayList<>();
        parts.add("SELECT string_agg(c.oid::regclass::text || '/' || c.relkind::text, ';' ORDER BY 1) FROM pg_class c"
                + " WHERE c.relnamespace = 'public'::regnamespace");
        try (Statement s = observer.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' ORDER BY 1")) {
            while (rs.next()) {
                parts.add("SELECT count(*) || '@' || coalesce(max(xmin::text::bigint), 0) FROM " + rs.getString(1));
            }
        }
        return "SELECT concat_ws('|', " + String.join(", ", parts.stream().map(p -> "(" + p + ")").toList()) + ")";
    }
}
