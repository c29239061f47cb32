package dev.nl2sql.postgres;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.port.AuditCopy;
import dev.nl2sql.port.AuditHistory;
import dev.nl2sql.port.ColumnValueSource;
import dev.nl2sql.port.ConversationStore;
import dev.nl2sql.port.DatabaseProbe;
import dev.nl2sql.port.QueryExecutor;
import dev.nl2sql.port.SchemaSource;
import dev.nl2sql.port.SensitivePolicies;
import dev.nl2sql.port.ViewLineage;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The PostgreSQL adapter as the composition root sees it: the databases' pools and circuit breakers, opened once, and
 * the ports that work over them; the shared audit and conversation tables; and, for the configuration, connection
 * parameters filled in libpq's way. Everything else in the adapter is its own business. Closing it closes the pools it opened and the conversation stores it handed out, never the host's data
 * sources.
 */
public final class PostgresAdapter implements AutoCloseable {

    /** The states a database's circuit breaker reports, in the user's words. */
    public enum BreakerState {
        /** Calls go through. */
        CLOSED,
        /** Calls fail fast; the database is considered down. */
        OPEN,
        /** A trial call is allowed to see whether the database is back. */
        HALF_OPEN
    }

    /** Connections of one pool at one moment. */
    public record PoolUsage(int active, int idle, int total, int waiting, int max) {}

    /**
     * A table on a PostgreSQL server that several instances share (the audit copy, the conversations).
     *
     * @param password empty for trust authentication or {@code ~/.pgpass}
     * @param table the table, optionally schema-qualified; created if absent
     */
    public record Table(String host, int port, String database, String user, Optional<String> password, String table) {

        public Table {
            requireNonNull(host, "host");
            requireNonNull(database, "database");
            requireNonNull(user, "user");
            requireNonNull(password, "password");
            requireNonNull(table, "table");
        }

        @Override
        public String toString() {
            return "Table[" + user + "@" + host + ":" + port + "/" + database + " table=" + table + " password="
                    + (password.isPresent() ? "****" : "none") + "]";
        }
    }

    /**
     * Where the configuration finds a connection service: pg_service.conf as pgjdbc reads it ({@code PGSERVICEFILE},
     * {@code PGSYSCONFDIR}, {@code ~/.pg_service.conf}); empty for a service that is not defined.
     */
    public static final Function<String, Optional<Map<String, String>>> SERVICE_FILES = LibpqParameters.SERVICE_FILES;

    private final DatabaseConnections connections;
    /** Conversation stores handed out, closed before the pools as the composition root closed them before. */
    private final List<PostgresConversationStore> stores = new ArrayList<>();

    private PostgresAdapter(DatabaseConnections connections) {
        this.connections = connections;
    }

    /**
     * Opens the pools (lazily: a database that is down at start does not stop the others) and a breaker per database.
     *
     * @param hosted the embedding application's own data sources, by name; each has its settings in {@code databases}
     */
    public static PostgresAdapter open(List<DatabaseSettings> databases, Map<DatabaseName, DataSource> hosted) {
        return new PostgresAdapter(new DatabaseConnections(new DatabasePools(databases, hosted), new DatabaseBreakers()));
    }

    /** {@return every database, configured or handed over, sorted by name} */
    public List<DatabaseName> databases() {
        return connections.pools().names();
    }

    public SchemaSource schemaSource() {
        return new PostgresSchemaSource(connections);
    }

    public ViewLineage viewLineage() {
        return new PostgresViewLineage(connections);
    }

    /** @param sensitive each database's policy: hidden columns are neither shown nor sampled */
    public DatabaseProbe probe(SensitivePolicies sensitive) {
        return new PostgresDatabaseProbe(connections, sensitive);
    }

    /** @param sensitive each database's policy: masked columns are masked in every row */
    public QueryExecutor queryExecutor(SensitivePolicies sensitive) {
        return new PostgresQueryExecutor(connections, sensitive);
    }

    /** @param sensitive each database's policy: hidden and masked columns are never sampled, so no value of theirs reaches a prompt */
    public ColumnValueSource columnValues(SensitivePolicies sensitive) {
        return new PostgresColumnValues(connections, PostgresColumnValues.DEFAULT_STATEMENT_TIMEOUT, PostgresColumnValues.DEFAULT_DEADLINE,
                sensitive);
    }

    /** {@return the state of the breaker of {@code database}; closed if it was never used} */
    public BreakerState breakerState(DatabaseName database) {
        return connections.breakers().state(database);
    }

    /** {@return usage of nl2sql's own pool of {@code database}, if it was created (not of a host's data source)} */
    public Optional<PoolUsage> poolUsage(DatabaseName database) {
        return connections.pools().usage(database);
    }

    /** {@return whether a connection of {@code database}, through its breaker and pool, is valid within a second} */
    public Result<Boolean> connectionValid(DatabaseName database) {
        return connections.with(database, (Connection c) -> Result.ok(c.isValid(1)));
    }

    /**
     * {@return a copy of the audit trail into {@code table}, its entries waiting in {@code spill} while the server is
     * down}; the audit trail that takes it closes it
     */
    public static AuditCopy auditCopy(Table table, Path spill) {
        return new PostgresAuditLog(auditSettings(table, spill));
    }

    /** {@return the history in {@code table}, which {@link #auditCopy} fills; {@code fallback} answers while it cannot be read} */
    public static AuditHistory auditHistory(Table table, Path spill, AuditHistory fallback) {
        return new PostgresAuditHistory(auditSettings(table, spill), fallback);
    }

    private static PostgresAuditLog.Settings auditSettings(Table table, Path spill) {
        return PostgresAuditLog.Settings.of(table.host(), table.port(), table.database(), table.user(), table.password(), table.table(), spill);
    }

    /** {@return conversations kept in {@code table} for {@code ttl}, at most {@code maxTurns} turns each; closed with this adapter} */
    public ConversationStore conversationStore(Table table, Duration ttl, int maxTurns) {
        PostgresConversationStore store = new PostgresConversationStore(new PostgresConversationStore.Settings(table.host(), table.port(),
                table.database(), table.user(), table.password(), table.table(), ttl, maxTurns));
        synchronized (stores) {
            stores.add(store);
        }
        return store;
    }

    /**
     * {@return {@code explicit} connection parameters (libpq's keywords: {@code host port dbname user password sslmode
     * sslrootcert sslcert sslkey service}) completed as libpq completes them: from the service they or
     * {@code PGSERVICE} name, then from the {@code PG*} variables of {@code environment}}
     *
     * @param services a service's parameters by name, e.g. {@link #SERVICE_FILES}
     * @throws IllegalArgumentException when a named service is not defined
     */
    public static Map<String, String> connectionParameters(Map<String, String> explicit, Map<String, String> environment,
            Function<String, Optional<Map<String, String>>> services) {
        return LibpqParameters.resolve(explicit, environment, services);
    }

    /**
     * {@return the parameters of a libpq connection URI: {@code postgres[ql]://[user[:password]@][host][:port][/dbname][?k=v&...]}}
     *
     * @throws IllegalArgumentException when {@code uri} is not one, names several hosts, or carries an unknown parameter
     */
    public static Map<String, String> parseUrl(String uri) {
        return LibpqParameters.parseUrl(uri);
    }

    /** {@return {@code uri} with its password, if any, replaced by {@code ****}: safe to print} */
    public static String redactUrl(String uri) {
        return LibpqParameters.redact(uri);
    }

    @Override
    public void close() {
        try {
            synchronized (stores) {
                stores.forEach(PostgresConversationStore::close);
            }
        } finally {
            connections.pools().close();
        }
    }
}
