package dev.nl2sql.library.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A PostgreSQL table nl2sql writes to, e.g. one shared by several instances: the copy of the audit trail
 * ({@code audit.postgres}), or the conversations ({@code conversations.postgres}). Not one of the queried databases:
 * nl2sql connects to it with a connection of its own, which writes.
 *
 * @param passwordEnv the environment variable that holds the password
 * @param table the table, optionally schema-qualified; created if absent
 */
public record PostgresTableConfig(String host, int port, String database, String user, Optional<String> passwordEnv,
        Optional<Secret> password, String table) {

    static final String AUDIT_TABLE = "nl2sql_audit";
    static final String CONVERSATIONS_TABLE = "nl2sql_conversation_turns";

    public PostgresTableConfig {
        requireNonNull(host, "host");
        requireNonNull(database, "database");
        requireNonNull(user, "user");
        requireNonNull(passwordEnv, "passwordEnv");
        requireNonNull(password, "password");
        requireNonNull(table, "table");
    }
}
