package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A PostgreSQL table that receives every audit entry as well as the local file, e.g. one table shared by several
 * instances.
 *
 * @param passwordEnv the environment variable that holds the password
 * @param table the table, optionally schema-qualified; created if absent
 */
public record AuditPostgresConfig(String host, int port, String database, String user, Optional<String> passwordEnv,
        Optional<Secret> password, String table) {

    static final String DEFAULT_TABLE = "nl2sql_audit";

    public AuditPostgresConfig {
        requireNonNull(host, "host");
        requireNonNull(database, "database");
        requireNonNull(user, "user");
        requireNonNull(passwordEnv, "passwordEnv");
        requireNonNull(password, "password");
        requireNonNull(table, "table");
    }
}
