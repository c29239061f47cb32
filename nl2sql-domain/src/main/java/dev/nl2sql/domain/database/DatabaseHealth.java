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
 * @param transport how the checked connection travels, when the database answered
 */
public record DatabaseHealth(
        DatabaseIdentity identity,
        Optional<String> serverVersion,
        Optional<String> role,
        List<String> writeRisks,
        String breaker,
        Optional<String> pool,
        Optional<Failure> failure,
        Optional<Transport> transport) {

    /** A health report that says nothing about the transport. */
    public DatabaseHealth(DatabaseIdentity identity, Optional<String> serverVersion, Optional<String> role, List<String> writeRisks,
            String breaker, Optional<String> pool, Optional<Failure> failure) {
        this(identity, serverVersion, role, writeRisks, breaker, pool, failure, Optional.empty());
    }

    public DatabaseHealth {
        requireNonNull(identity, "identity");
        requireNonNull(serverVersion, "serverVersion");
        requireNonNull(role, "role");
        writeRisks = List.copyOf(writeRisks);
        requireNonNull(breaker, "breaker");
        requireNonNull(pool, "pool");
        requireNonNull(failure, "failure");
        requireNonNull(transport, "transport");
    }

    /** {@return whether the database answered, its role cannot write, and nobody can listen in} */
    public boolean isHealthy() {
        return failure.isEmpty() && writeRisks.isEmpty() && transportWarning().isEmpty();
    }

    /** {@return a warning when the connection to another machine is not encrypted or its server not verified} */
    public Optional<String> transportWarning() {
        return transport.flatMap(t -> t.warning(identity.host()));
    }
}
