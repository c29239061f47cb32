package dev.nl2sql.postgres;

import static dev.nl2sql.postgres.RunnerCalls.DB;
import static dev.nl2sql.postgres.RunnerCalls.failure;
import static dev.nl2sql.postgres.RunnerCalls.rows;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.domain.result.ResultColumn;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class PostgresStatementRunnerTest {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresStatementRunnerTest.class);

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private final PostgresStatementRunner runner = new PostgresStatementRunner();
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        connection = db.connect();
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    private static Limits rowCap(int rows) {
        return Limits.DEFAULT.withMaxRows(rows);
    }

    @Test
    void returnsExactlyMaxRowsUntruncated() {
        QueryResult result = rows(connection, "SELECT g FROM generate_series(1, 5) g", rowCap(5));

        assertThat(result.rows()).containsExactly(List.of(1L), List.of(2L), List.of(3L), List.of(4L), List.of(5L));
        assertThat(result.truncated()).isFalse();
        assertThat(result.columns()).containsExactly(new ResultColumn("g", "int4"));
    }

    @Test
    void marksTruncatedWhenOneMoreRowExists() {
        QueryResult result = rows(connection, "SELECT g FROM generate_series(1, 6) g", rowCap(5));

        assertThat(result.rowCount()).isEqualTo(5);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void stopsAtTheByteCap() {
        // Each row is about 106 bytes as JSON: ["xxx...x"], plus a comma.
        QueryResult result = rows(connection, "SELECT repeat('x', 100) AS x FROM generate_series(1, 1000)",
                Limits.DEFAULT.withMaxBytes(1_000));

        assertThat(result.rowCount()).isBetween(8, 9);
        assertThat(result.truncated()).isTrue();
        assertThat(JsonSize.of(result.rows())).isLessThanOrEqualTo(1_000);
    }

    @Test
    void computesNoRowPastTheCap() {
        // Row 2,000 divides by zero: reaching it would fail the statement.
        QueryResult result = rows(connection, "SELECT g, 1 / (2000 - g) AS boom FROM generate_series(1, 5000) g", rowCap(10));

        assertThat(result.rowCount()).isEqualTo(10);
        assertThat(result.truncated()).isTrue();
    }

    @Test
    void capsTenMillionRowsQuickly() {
        long started = System.nanoTime();
        QueryResult result = rows(connection, "SELECT g FROM generate_series(1, 10000000) g", Limits.DEFAULT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        LOG.info("10M-row query capped at {} rows in {} ms", result.rowCount(), took.toMillis());

        assertThat(result.rowCount()).isEqualTo(Limits.DEFAULT_MAX_ROWS);
        assertThat(result.truncated()).isTrue();
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void streamsThroughACursorSoTheHeapStaysBounded() {
        // No row cap to stop the server early: only the cursor keeps pgjdbc from buffering all 10M rows (~1 GB).
        Limits byteCapOnly = new Limits(Integer.MAX_VALUE, 2L * 1024 * 1024, Duration.ofSeconds(30));
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.gc();
        long before = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        QueryResult result = rows(connection, "SELECT g FROM generate_series(1, 10000000) g", byteCapOnly);

        long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        long growthMiB = (peak - before) / (1024 * 1024);
        LOG.info("10M rows under a 2 MiB byte cap: {} rows kept; heap {} MiB before, peak growth {} MiB",
                result.rowCount(), before / (1024 * 1024), growthMiB);
        assertThat(result.truncated()).isTrue();
        assertThat(result.rowCount()).isBetween(200_000, 300_000);
        assertThat(growthMiB).isLessThan(256);
    }

    @Test
    void timesOutAsAFailureAndTheConnectionStaysUsable() throws SQLException {
        Limits fast = Limits.DEFAULT.withStatementTimeout(Duration.ofMillis(200));

        long started = System.nanoTime();
        Failure failure = failure(connection, "SELECT pg_sleep(5)", fast);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(failure).isEqualTo(new Failure.Timeout(DB, Duration.ofMillis(200)));
        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(connection.isValid(1)).isTrue();
        assertThat(rows(connection, "SELECT 1 AS one", fast).rows()).containsExactly(List.of(1L));
        assertThat(Sessions.show(connection, "statement_timeout")).isEqualTo("0");
    }

    @Test
    void leavesTheConnectionClean() throws SQLException {
        rows(connection, "SELECT now()", Limits.DEFAULT.withStatementTimeout(Duration.ofSeconds(7)));

        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(connection.isReadOnly()).isFalse();
        assertThat(connection.unwrap(BaseConnection.class).getTransactionState()).isEqualTo(TransactionState.IDLE);
        assertThat(Sessions.show(connection, "statement_timeout")).isEqualTo("0");
        assertThat(Sessions.show(connection, "lock_timeout")).isEqualTo("0");
        assertThat(Sessions.show(connection, "idle_in_transaction_session_timeout")).isEqualTo("0");
        assertThat(Sessions.show(connection, "transaction_read_only")).isEqualTo("off");
        assertThat(Sessions.show(connection, "IntervalStyle")).isEqualTo("postgres");
    }

    @Test
    void runsReadOnlyWithTheLimitsSetLocally() {
        Limits limits = Limits.DEFAULT.withStatementTimeout(Duration.ofSeconds(7));

        QueryResult result = rows(connection, "SELECT current_setting('transaction_read_only') AS ro, "
                + "current_setting('statement_timeout') AS st, current_setting('lock_timeout') AS lt", limits);

        assertThat(result.rows()).containsExactly(List.of("on", "7s", "6650ms")); // a lock wait ends first, as a lock timeout
    }

    @Test
    void restoresAConnectionThatWasNotInAutocommit() throws SQLException {
        connection.setAutoCommit(false);

        rows(connection, "SELECT 1", Limits.DEFAULT);

        assertThat(connection.getAutoCommit()).isFalse();
        assertThat(connection.isReadOnly()).isFalse();
        assertThat(Sessions.show(connection, "transaction_read_only")).isEqualTo("off");
    }

    @Test
    void reportsADatabaseErrorWithItsStateAndFirstLine() {
        Failure failure = failure(connection, "SELECT * FROM missing_table", Limits.DEFAULT);

        assertThat(failure).isEqualTo(new Failure.DatabaseError(DB, "42P01", "relation \"missing_table\" does not exist"));
    }

    @Test
    void reportsAClosedConnectionAsUnavailable() throws SQLException {
        connection.close();

        assertThat(failure(connection, "SELECT 1", Limits.DEFAULT)).isInstanceOf(Failure.DatabaseUnavailable.class);
    }

    @Test
    void reportsABackendKilledMidStatementAsUnavailable() {
        Failure failure = failure(connection, "SELECT pg_terminate_backend(pg_backend_pid())", Limits.DEFAULT);

        assertThat(failure).isInstanceOfSatisfying(Failure.DatabaseUnavailable.class,
                unavailable -> assertThat(unavailable.breakerOpen()).isFalse());
    }

    @Test
    void returnsNoRowsForAStatementWithoutAResultSet() {
        QueryResult result = rows(connection, "SET LOCAL work_mem = '8MB'", Limits.DEFAULT);

        assertThat(result.columns()).isEmpty();
        assertThat(result.truncated()).isFalse();
    }

    @Test
    void estimatesTheTopPlanNodesTotalCost() {
        Result<Double> cost = runner.estimateCost(connection, DB,
                "SELECT a.g FROM generate_series(1, 1000) a(g) JOIN generate_series(1, 1000) b(g) USING (g)", Limits.DEFAULT);

        assertThat(cost.orElseThrow()).isGreaterThan(10.0);
    }

    @Test
    void estimatingACostRunsNothing() {
        long started = System.nanoTime();
        Result<Double> cost = runner.estimateCost(connection, DB, "SELECT pg_sleep(5)", Limits.DEFAULT);

        assertThat(cost.orElseThrow()).isGreaterThanOrEqualTo(0.0);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void reportsAnEstimateFailureAsAValue() {
        Result<Double> cost = runner.estimateCost(connection, DB, "SELECT * FROM missing_table", Limits.DEFAULT);

        assertThat(cost).isInstanceOfSatisfying(Result.Err.class,
                err -> assertThat(err.failure()).isInstanceOf(Failure.DatabaseError.class));
    }

    @Test
    void refusesToEstimateSeveralStatements() {
        Result<Double> cost = runner.estimateCost(connection, DB, "SELECT 1; SELECT 2", Limits.DEFAULT);

        assertThat(cost).isInstanceOfSatisfying(Result.Err.class,
                err -> assertThat(err.failure()).isInstanceOf(Failure.SqlRejected.class));
    }
}
