package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import java.sql.Connection;

/** Runs statements through the runner in tests and unwraps the outcome. */
final class RunnerCalls {

    static final DatabaseName DB = DatabaseName.of("shop");
    private static final PostgresStatementRunner RUNNER = new PostgresStatementRunner();

    private RunnerCalls() {}

    static QueryOutcome run(Connection connection, String sql, Limits limits) {
        return RUNNER.run(connection, DB, sql, limits);
    }

    static QueryResult rows(Connection connection, String sql, Limits limits) {
        QueryOutcome outcome = run(connection, sql, limits);
        assertThat(outcome).isInstanceOf(QueryOutcome.Succeeded.class);
        return ((QueryOutcome.Succeeded) outcome).result();
    }

    static Failure failure(Connection connection, String sql, Limits limits) {
        QueryOutcome outcome = run(connection, sql, limits);
        assertThat(outcome).isInstanceOf(QueryOutcome.Failed.class);
        return ((QueryOutcome.Failed) outcome).failure();
    }
}
