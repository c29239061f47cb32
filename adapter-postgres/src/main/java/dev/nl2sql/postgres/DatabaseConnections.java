package dev.nl2sql.postgres;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/**
 * Lends a pooled connection for one piece of work, behind the database's circuit breaker: unknown databases,
 * unreachable ones and open breakers become failure values, and the connection always goes back to the pool.
 */
final class DatabaseConnections {

    /** Work done with a borrowed connection. */
    @FunctionalInterface
    public interface Work<T> {
        Result<T> apply(Connection connection) throws SQLException;
    }

    private final DatabasePools pools;
    private final DatabaseBreakers breakers;

    public DatabaseConnections(DatabasePools pools, DatabaseBreakers breakers) {
        this.pools = pools;
        this.breakers = breakers;
    }

    public DatabasePools pools() {
        return pools;
    }

    public DatabaseBreakers breakers() {
        return breakers;
    }

    /** {@return what {@code work} produced with a connection to {@code database}, or why it could not run} */
    public <T> Result<T> with(DatabaseName database, Work<T> work) {
        DatabaseSettings settings = pools.settings(database).orElse(null);
        if (settings == null) {
            return Result.err(new Failure.UnknownDatabase(database.value(), pools.names()));
        }
        CircuitBreaker breaker = breakers.breaker(database, settings.breakerOpenFor());
        if (!breaker.tryAcquirePermission()) {
            return Result.err(new Failure.DatabaseUnavailable(database, pools.lastFailure(database)
                    .map(e -> "recent connection attempts failed: " + ConnectionFailures.describe(e, settings))
                    .orElse("recent connection attempts failed"), true));
        }
        long start = System.nanoTime();
        try (Connection connection = pools.connection(database)) {
            Result<T> result;
            try {
                result = work.apply(connection);
            } finally {
                if (!connection.isClosed() && !connection.getAutoCommit()) {
                    connection.rollback(); // nothing nl2sql runs is ever committed
                }
            }
            if (Thread.currentThread().isInterrupted()) {
                breaker.releasePermission(); // a call its application stopped says nothing about the database's health
            } else if (result instanceof Result.Err<T> err && err.failure() instanceof Failure.DatabaseUnavailable) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, new SQLException(err.failure().message()));
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            return result;
        } catch (PoolExhausted busy) {
            breaker.releasePermission(); // a busy pool says nothing about the database's health
            return Result.err(new Failure.Busy(database, busy.connections(), busy.waited()));
        } catch (SQLException e) {
            if (SqlFailures.interrupted(e)) {
                breaker.releasePermission();
                return Result.err(SqlFailures.interrupted(database));
            }
            if (DatabaseBreakers.meansUnavailable(e.getSQLState())) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                return Result.err(new Failure.DatabaseUnavailable(database, ConnectionFailures.describe(e, settings), false));
            }
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return Result.err(new Failure.DatabaseError(database, e.getSQLState(), firstLine(e)));
        }
    }

    static String firstLine(SQLException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
