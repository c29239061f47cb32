package dev.nl2sql.postgres;

import static dev.nl2sql.postgres.RunnerCalls.DB;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A value the server builds at any size (an array or a string whose size the validator cannot see) is cut at the byte
 * cap, in bounded memory and CPU, and leaves the pool usable: either pgjdbc refuses the fetch (maxResultBuffer) or the
 * executor measures the value's text before converting it.
 */
class ValueSizeTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /** The most one statement may allocate on the calling thread: one fetch at the default cap, and the conversions. */
    static final long MEMORY_BOUND = PostgresConnector.maxFetchBytes(Limits.DEFAULT.maxBytes()) * 3 + 16L * 1024 * 1024;

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static DatabasePools pools;

    @BeforeAll
    static void openPool() {
        pools = new DatabasePools(List.of(QueryStack.settings(DB, db)));
    }

    @AfterAll
    static void closePool() {
        pools.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "SELECT array_fill(0, ARRAY[(10000000 + 0)]) AS a",                              // 20 MB of array text
        "SELECT array_agg(g) AS a FROM generate_series(1, 3000000) g",                   // 24 MB of array text
        "SELECT string_agg(g::text, ',') AS s FROM generate_series(1, 3000000) g",        // 21 MB of text
        "SELECT string_agg(md5(g::text), '') AS s FROM generate_series(1, 2000000) g",    // 64 MB: over the fetch bound
        "SELECT g, repeat('x', 100000) AS r FROM generate_series(1, 1000) g"})            // 100 MB in 1,000 rows
    void aHugeValueIsCutAtTheByteCapInBoundedMemoryAndTime(String sql) throws Exception {
        DataSource pool = pools.pool(DB);
        long allocated;
        long cpu;
        QueryOutcome outcome;
        try (Connection connection = pool.getConnection()) {
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            long cpuBefore = THREADS.getCurrentThreadCpuTime();
            outcome = new PostgresStatementRunner().run(connection, DB, sql, Limits.DEFAULT.withMaxRows(1000));
            allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
            cpu = THREADS.getCurrentThreadCpuTime() - cpuBefore;
        }
        System.err.printf("value size: %s -> %s, %d MiB allocated, %d ms CPU%n", sql, describe(outcome), allocated >> 20, cpu / 1_000_000);

        switch (outcome) {
            case QueryOutcome.Succeeded ok -> {
                assertThat(ok.result().truncated()).isTrue();
                assertThat(ok.result().toString().length()).isLessThan((int) Limits.DEFAULT.maxBytes() * 2);
            }
            // the very first fetch over the bound: no row to show, and a failure that says why (not "unavailable")
            case QueryOutcome.Failed failed -> assertThat(failed.failure().message()).contains("first rows are larger", "SQLSTATE 54000");
        }
        assertThat(allocated).isLessThan(MEMORY_BOUND);
        assertThat(Duration.ofNanos(cpu)).isLessThan(Duration.ofSeconds(1));
        try (Connection again = pool.getConnection()) {
            assertThat(new PostgresStatementRunner().run(again, DB, "SELECT 1 AS one", Limits.DEFAULT)).isInstanceOf(QueryOutcome.Succeeded.class);
        }
    }

    @Test
    void rowsTooBigForTheOneFetchOfAStatementOnItsOwnAreReadAgainThroughTheCursor() throws Exception {
        // the first 500 rows are tiny, the next 500 are 50 MB: on its own the statement's one fetch is over the bound
        // (and pgjdbc drops that connection); through the cursor the first fetch fits and the result is cut at the cap
        String sql = "SELECT g, CASE WHEN g <= 500 THEN 'x' ELSE repeat('x', 100000) END AS r FROM generate_series(1, 1000) g";
        var executor = new PostgresQueryExecutor(new DatabaseConnections(pools, new DatabaseBreakers()));
        try (Connection connection = pools.pool(DB).getConnection()) {
            assertThat(new PostgresStatementRunner().canRunAlone(connection, sql, Limits.DEFAULT, pools.sessionDefaults(DB))).isTrue();
        }

        QueryOutcome outcome = executor.execute(DB, new Verdict.Accepted(sql, false, List.of()), List.of(), Limits.DEFAULT.withMaxRows(1000));

        assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Succeeded.class, ok -> {
            assertThat(ok.result().truncated()).isTrue();
            assertThat(ok.result().rowCount()).isEqualTo(500);
        });
        assertThat(executor.execute(DB, new Verdict.Accepted("SELECT 1 AS one", false, List.of()), List.of(), Limits.DEFAULT))
                .isInstanceOf(QueryOutcome.Succeeded.class);
    }

    private static String describe(QueryOutcome outcome) {
        return switch (outcome) {
            case QueryOutcome.Succeeded ok -> ok.result().rowCount() + " rows, truncated " + ok.result().truncated();
            case QueryOutcome.Failed failed -> failed.failure().code() + " " + failed.failure().message();
        };
    }
}
