package dev.nl2sql.postgres;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.TlsSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * What the PostgreSQL adapter needs to know about one database; app-bootstrap builds it from the configuration.
 *
 * @param password empty for trust authentication, or for pgjdbc to look in {@code ~/.pgpass} ({@code PGPASSFILE})
 * @param readOnlyRole a role every connection switches to with {@code SET ROLE}, for least privilege
 * @param breakerOpenFor how long a tripped circuit breaker fails calls fast before it tries the database again
 * @param schemas which schemas the catalog shows
 * @param costGate the highest planner cost a statement may have to run
 * @param tls how connections are encrypted and the server checked
 * @param poolWait how long a call waits for a connection while every one is taken before it is answered BUSY
 * @param maxResultBytes the database's byte cap on a result: no single fetch of its connections may bring in more than a
 *     few times this, so no one value makes the process allocate without bound
 */
public record DatabaseSettings(
        DatabaseIdentity identity,
        Optional<String> password,
        int poolSize,
        Duration connectTimeout,
        Duration statementTimeout,
        Optional<String> readOnlyRole,
        Duration breakerOpenFor,
        SchemaFilter schemas,
        CostGate costGate,
        TlsSettings tls,
        Duration poolWait,
        long maxResultBytes) {

    /** The breaker's wait before it lets a trial call through. */
    public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(5);
    public static final Duration DEFAULT_POOL_WAIT = Duration.ofSeconds(3);
    public static final long DEFAULT_MAX_RESULT_BYTES = 4L * 1024 * 1024;

    public DatabaseSettings {
        requireNonNull(identity, "identity");
        requireNonNull(password, "password");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1, was " + poolSize);
        }
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(statementTimeout, "statementTimeout");
        requireNonNull(readOnlyRole, "readOnlyRole");
        requireNonNull(breakerOpenFor, "breakerOpenFor");
        requireNonNull(schemas, "schemas");
        requireNonNull(costGate, "costGate");
        requireNonNull(tls, "tls");
        requireNonNull(poolWait, "poolWait");
        if (maxResultBytes < 1) {
            throw new IllegalArgumentException("maxResultBytes must be positive, was " + maxResultBytes);
        }
        readOnlyRole.ifPresent(role -> {
            if (!role.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
                throw new IllegalArgumentException("readOnlyRole must be a plain identifier, was '" + role + "'");
            }
        });
    }

    /** Settings with libpq's default TLS ({@code sslmode=prefer}). */
    public DatabaseSettings(DatabaseIdentity identity, Optional<String> password, int poolSize, Duration connectTimeout,
            Duration statementTimeout, Optional<String> readOnlyRole, Duration breakerOpenFor, SchemaFilter schemas, CostGate costGate) {
        this(identity, password, poolSize, connectTimeout, statementTimeout, readOnlyRole, breakerOpenFor, schemas, costGate,
                TlsSettings.DEFAULT, DEFAULT_POOL_WAIT, DEFAULT_MAX_RESULT_BYTES);
    }

    /** {@return settings with the defaults for everything but where the database is and how big its pool is} */
    public static DatabaseSettings of(DatabaseIdentity identity, Optional<String> password, int poolSize) {
        return new DatabaseSettings(identity, password, poolSize, Duration.ofSeconds(5), Duration.ofSeconds(30), Optional.empty(),
                DEFAULT_BREAKER_OPEN_FOR, SchemaFilter.all(), CostGate.disabled());
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + identity + ", password=" + (password.isPresent() ? "****" : "(none)") + ", poolSize=" + poolSize
                + ", connectTimeout=" + connectTimeout + ", statementTimeout=" + statementTimeout + ", readOnlyRole=" + readOnlyRole
                + ", breakerOpenFor=" + breakerOpenFor + ", schemas=" + schemas + ", costGate=" + costGate + ", tls=" + tls
                + ", poolWait=" + poolWait + ", maxResultBytes=" + maxResultBytes + "]";
    }
}
