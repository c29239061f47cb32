package dev.nl2sql.domain.database;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.error.Failure;
import java.util.List;
import java.util.Optional;

/**
 * What a health check found out about one configured database.
 *
 * @param serverVersion the server's version string, when it answered
 * @param role the role nl2sql's sessions run as, when it answered
 * @param writeRisks each way that role could change data or reach the server's files; empty is what we want
 * @param breaker the circuit breaker's state: {@code closed}, {@code open} or {@code half_open}
 * @param pool the connection pool's usage in words, when the pool exists
 * @param failure why the database could not be checked, if it could not
 */
public record DatabaseHealth(
        DatabaseIdentity identity,
        Optional<String> serverVersion,
        Optional<String> role,
        List<String> writeRisks,
        String breaker,
        Optional<String> pool,
        Optional<Failure> failure) {

    public DatabaseHealth {
        requireNonNull(identity, "identity");
        requireNonNull(serverVersion, "serverVersion");
        requireNonNull(role, "role");
        writeRisks = List.copyOf(writeRisks);
        requireNonNull(breaker, "breaker");
        requireNonNull(pool, "pool");
        requireNonNull(failure, "failure");
    }

    /** {@return whether the database answered and its role cannot write} */
    public boolean isHealthy() {
        return failure.isEmpty() && writeRisks.isEmpty();
    }
}
