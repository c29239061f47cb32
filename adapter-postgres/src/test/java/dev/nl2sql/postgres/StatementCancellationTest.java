package dev.nl2sql.postgres;

import static dev.nl2sql.postgres.RunnerCalls.DB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.port.Cancellation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A statement run within a {@link Cancellation} stops on the server when the cancellation is triggered. */
class StatementCancellationTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    /**
     * 27 billion rows to count: far longer than the test waits, and nothing the validator would refuse. A table, not
     * generate_series, whose function scan first materialises its whole output without heeding a cancel.
     */
    private static final String LONG = "SELECT count(*) FROM numbers a CROSS JOIN numbers b CROSS JOIN numbers c";

    @BeforeAll
    static void createNumbers() throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE numbers AS SELECT g FROM generate_series(1, 3000) g");
        }
    }

    private static int running(Statement watcher) throws SQLException {
        try (ResultSet rows = watcher.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                + "AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%numbers a CROSS JOIN numbers b%'")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static void awaitRunning(Statement watcher, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (running(watcher) != count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(running(watcher)).as("copies of the statement running on the server").isEqualTo(count);
    }

    @Test
    void cancellingStopsTheRunningStatementOnTheServerAndLeavesTheConnectionUsable() throws Exception {
        PostgresStatementRunner runner = new PostgresStatementRunner();
        Cancellation cancellation = new Cancellation();
        try (Connection connection = db.connect(); Connection other = db.connect(); Statement watcher = other.createStatement()) {
            CompletableFuture<QueryOutcome> outcome = CompletableFuture.supplyAsync(
                    () -> cancellation.within(() -> runner.run(connection, DB, LONG, Limits.DEFAULT)));
            awaitRunning(watcher, 1);

            cancellation.cancel();

            assertThat(outcome.get(20, TimeUnit.SECONDS)).isInstanceOf(QueryOutcome.Failed.class);
            awaitRunning(watcher, 0);
            assertThat(runner.run(connection, DB, "SELECT 1 AS one", Limits.DEFAULT)).isInstanceOf(QueryOutcome.Succeeded.class);
        }
    }

    @Test
    void workCancelledBeforeItsStatementRunsNone() throws Exception {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();
        try (Connection connection = db.connect()) {
            QueryOutcome outcome = cancellation.within(() -> new PostgresStatementRunner().run(connection, DB, LONG, Limits.DEFAULT));

            assertThat(outcome).isInstanceOfSatisfying(QueryOutcome.Failed.class,
                    failed -> assertThat(failed.failure().message()).contains("cancelled before it started"));
        }
    }
}
