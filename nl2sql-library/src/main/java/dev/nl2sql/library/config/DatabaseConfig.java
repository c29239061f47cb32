package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.database.TlsSettings;
import dev.nl2sql.domain.sensitive.SensitiveData;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One configured database.
 *
 * @param passwordEnv the environment variable that holds the password; the password itself is never in the file
 * @param password the password read from that variable at load time
 * @param readOnlyRole a role to {@code SET ROLE} to on every connection, for least privilege
 * @param includeSchemas the schemas nl2sql may see; empty means every user schema
 * @param excludeSchemas schemas nl2sql never sees, even if included
 * @param maxCost the planner cost above which a statement is refused before it runs; empty means no cost gate
 * @param sensitive hidden tables and columns, and masked columns ({@code sensitive:} in the file)
 * @param tls {@code sslmode}, {@code sslrootcert}, {@code sslcert} and {@code sslkey}
 * @param poolWait how long a call waits for a connection while all are taken before it is answered {@code BUSY}
 */
public record DatabaseConfig(
        DatabaseName name,
        String host,
        int port,
        String database,
        String user,
        Optional<String> passwordEnv,
        Optional<Secret> password,
        int poolSize,
        Duration connectTimeout,
        Duration statementTimeout,
        int maxRows,
        long maxBytes,
        Optional<String> readOnlyRole,
        List<String> includeSchemas,
        List<String> excludeSchemas,
        Optional<Double> maxCost,
        SensitiveData sensitive,
        TlsSettings tls,
        Duration poolWait) {

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 5432;
    static final String DEFAULT_USER = "postgres";
    static final int DEFAULT_POOL_SIZE = 4;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_MAX_ROWS = 1_000;
    static final long DEFAULT_MAX_BYTES = 4L * 1024 * 1024;
    /** Long enough for a short statement to free a connection, short enough for a client to retry well within its own timeout. */
    static final Duration DEFAULT_POOL_WAIT = Duration.ofSeconds(3);

    /**
     * {@return a database at {@code host:port/database} as {@code user}, everything else at its default} For code that
     * builds its configuration; add a password with {@link #withPassword}.
     */
    public static DatabaseConfig of(String name, String host, int port, String database, String user) {
        return new DatabaseConfig(DatabaseName.of(name), host, port, database, user, Optional.empty(), Optional.empty(), DEFAULT_POOL_SIZE,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES, Optional.empty(), List.of(),
                List.of(), Optional.empty(), SensitiveData.NONE, TlsSettings.DEFAULT, DEFAULT_POOL_WAIT);
    }

    /** A database with libpq's default TLS ({@code sslmode=prefer}). */
    public DatabaseConfig(DatabaseName name, String host, int port, String database, String user, Optional<String> passwordEnv,
            Optional<Secret> password, int poolSize, Duration connectTimeout, Duration statementTimeout, int maxRows, long maxBytes,
            Optional<String> readOnlyRole, List<String> includeSchemas, List<String> excludeSchemas, Optional<Double> maxCost,
            SensitiveData sensitive) {
        this(name, host, port, database, user, passwordEnv, password, poolSize, connectTimeout, statementTimeout, maxRows, maxBytes,
                readOnlyRole, includeSchemas, excludeSchemas, maxCost, sensitive, TlsSettings.DEFAULT, DEFAULT_POOL_WAIT);
    }

    /** {@return this database with {@code password}, e.g. from the host's secret store (never from a file of ours)} */
    public DatabaseConfig withPassword(String password) {
        return new DatabaseConfig(name, host, port, database, user, passwordEnv, Optional.of(new Secret(password)), poolSize, connectTimeout, statementTimeout, maxRows,
                maxBytes, readOnlyRole, includeSchemas, excludeSchemas, maxCost, sensitive, tls, poolWait);
    }

    /** {@return this database with {@code tls} for its connections} */
    public DatabaseConfig withTls(TlsSettings tls) {
        return new DatabaseConfig(name, host, port, database, user, passwordEnv, password, poolSize, connectTimeout, statementTimeout, maxRows,
                maxBytes, readOnlyRole, includeSchemas, excludeSchemas, maxCost, sensitive, tls, poolWait);
    }

    public DatabaseConfig {
        requireNonNull(name, "name");
        requireNonNull(host, "host");
        requireNonNull(database, "database");
        requireNonNull(user, "user");
        requireNonNull(passwordEnv, "passwordEnv");
        requireNonNull(password, "password");
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(statementTimeout, "statementTimeout");
        requireNonNull(readOnlyRole, "readOnlyRole");
        includeSchemas = List.copyOf(includeSchemas);
        excludeSchemas = List.copyOf(excludeSchemas);
        requireNonNull(maxCost, "maxCost");
        requireNonNull(sensitive, "sensitive");
        requireNonNull(tls, "tls");
        requireNonNull(poolWait, "poolWait");
        if (poolWait.isNegative()) {
            throw new IllegalArgumentException("poolWait must not be negative, was " + poolWait);
        }
    }

    /** {@return this database with {@code sensitive} as its sensitive data policy} */
    public DatabaseConfig withSensitive(SensitiveData sensitive) {
        return new DatabaseConfig(name, host, port, database, user, passwordEnv, password, poolSize, connectTimeout, statementTimeout, maxRows,
                maxBytes, readOnlyRole, includeSchemas, excludeSchemas, maxCost, sensitive, tls, poolWait);
    }

    /** {@return where the database lives, without credentials} */
    public DatabaseIdentity identity() {
        return new DatabaseIdentity(name, host, port, database, user);
    }
}
