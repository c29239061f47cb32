package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.sensitive.SensitiveData;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SensitivePolicies;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs validated statements on pooled connections, behind each database's breaker and cost gate, read-only and
 * within limits ({@link PostgresStatementRunner} does the running).
 */
final class PostgresQueryExecutor implements QueryExecutor {

    private final DatabaseConnections connections;
    private final PostgresStatementRunner runner = new PostgresStatementRunner();
    private final SensitivePolicies sensitive;

    public PostgresQueryExecutor(DatabaseConnections connections) {
        this(connections, SensitivePolicies.NONE);
    }

    /** @param sensitive each database's sensitive data policy; a database without one hides and masks nothing */
    public PostgresQueryExecutor(DatabaseConnections connections, SensitivePolicies sensitive) {
        this.connections = connections;
        this.sensitive = sensitive;
    }

    @Override
    public QueryOutcome execute(DatabaseName database, Verdict.Accepted statement, List<Object> parameters, Limits limits) {
        SessionDefaults session = connections.pools().sessionDefaults(database);
        long deadline = System.nanoTime() + limits.statementTimeout().plus(PostgresConnector.SOCKET_MARGIN).toNanos();
        Result<Attempt> ran = connections.with(database, connection -> attempt(connection, database, statement, parameters, limits, session,
                deadline));
        if (ran instanceof Result.Ok<Attempt> ok && ok.value() instanceof Attempt.DidNotFitOneFetch) {
            // the rows of a statement run on its own came at once and were too many bytes: again, through a cursor,
            // on another connection (pgjdbc dropped that one), with every limit set by the transaction itself
            ran = connections.with(database, connection -> attempt(connection, database, statement, parameters, limits,
                    SessionDefaults.UNKNOWN, deadline));
        }
        return switch (ran) {
            case Result.Ok<Attempt> ok -> switch (ok.value()) {
                case Attempt.Answered answered -> answered.outcome();
                case Attempt.DidNotFitOneFetch ignored -> throw new IllegalStateException("a transaction's cursor reads in bounded fetches");
            };
            case Result.Err<Attempt> err -> QueryOutcome.failed(err.failure());
        };
    }

    /** What one attempt on one connection came to. */
    private sealed interface Attempt {

        record Answered(QueryOutcome outcome) implements Attempt {}

        /** The statement ran on its own and its rows did not fit in the one fetch that brings them: the connection is gone. */
        record DidNotFitOneFetch() implements Attempt {}
    }

    private Result<Attempt> attempt(Connection connection, DatabaseName database, Verdict.Accepted statement, List<Object> parameters,
            Limits limits, SessionDefaults session, long deadline) throws SQLException {
        // One deadline for the whole call, the wait for a connection included: what is left of it bounds every read
        // from the network, so a stalled path fails the call in time (the pool restores the timeout afterwards).
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
            return answered(QueryOutcome.failed(new Failure.Timeout(database, limits.statementTimeout())));
        }
        connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, left));
        SensitiveData policy = sensitive.of(database);
        CostGate gate = connections.pools().settings(database).map(DatabaseSettings::costGate).orElse(CostGate.disabled());
        if (gate.isEnabled()) {
            Result<Double> cost = parameters.isEmpty()
                    ? runner.estimateCost(connection, database, statement.sql(), limits, policy)
                    : Result.ok(0.0); // templates are written by operators and run with bound values: no estimate

            Optional<Failure> refused = switch (cost) {
                case Result.Ok<Double> ok -> gate.check(ok.value());
                case Result.Err<Double> err -> Optional.of(err.failure());
            };
            if (refused.isPresent()) {
                return answered(QueryOutcome.failed(refused.get()));
            }
        }
        if (runner.canRunAlone(connection, statement.sql(), limits, session)) {
            Optional<QueryOutcome> alone = runner.runAlone(connection, database, statement.sql(), parameters, limits, policy, session);
            return alone.isPresent() ? answered(alone.get()) : Result.ok(new Attempt.DidNotFitOneFetch());
        }
        return answered(runner.run(connection, database, statement.sql(), parameters, limits, policy, session));
    }

    // The breaker counts failures it sees as Err values; a lost connection mid-statement must count too.
    private static Result<Attempt> answered(QueryOutcome outcome) {
        if (outcome instanceof QueryOutcome.Failed failed && failed.failure() instanceof Failure.DatabaseUnavailable) {
            return Result.err(failed.failure());
        }
        return Result.ok(new Attempt.Answered(outcome));
    }

    @Override
    public Result<Double> estimateCost(DatabaseName database, Verdict.Accepted statement, Limits limits) {
        return connections.with(database, connection -> runner.estimateCost(connection, database, statement.sql(), limits,
                sensitive.of(database)));
    }
}
