package dev.nl2sql.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.nl2sql.domain.database.DatabaseName;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * One HikariCP pool per configured database, created on first use (its connections come from a {@link PostgresConnector}) and bounded by the database's pool size; or, for a
 * database an embedding application hands over, that application's own {@link DataSource}, which nl2sql borrows from
 * and never closes.
 *
 * <p>Every session starts read-only with server-side time limits, set as startup options so they hold before the
 * first statement ({@link SessionDefaults}), and an {@code application_name} that shows up in {@code pg_stat_activity}.
 * They let a call skip its {@code SET LOCAL}s; the guard is still the validator (no SET) and each call's own READ ONLY
 * transaction, always rolled back.
 */
final class DatabasePools implements AutoCloseable {

    static final String APPLICATION_NAME = "nl2sql";

    private final Map<DatabaseName, DatabaseSettings> settings;
    private final List<DatabaseName> names;
    private final Map<DatabaseName, DataSource> hosted;
    private final Map<DatabaseName, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final Map<DatabaseName, PostgresConnector> connectors = new ConcurrentHashMap<>();
    private volatile boolean closed;

    public DatabasePools(List<DatabaseSettings> databases) {
        this(databases, Map.of());
    }

    /**
     * @param hosted data sources owned by the embedding application, by database; each also needs its settings in
     *     {@code databases} (limits, breaker, schema filter). nl2sql wraps every call in its own READ ONLY transaction,
     *     so these connections need no special configuration, and closing these pools leaves them open.
     */
    public DatabasePools(List<DatabaseSettings> databases, Map<DatabaseName, DataSource> hosted) {
        Map<DatabaseName, DatabaseSettings> byName = new LinkedHashMap<>();
        for (DatabaseSettings database : databases) {
            if (byName.put(database.identity().name(), database) != null) {
                throw new IllegalArgumentException("database " + database.identity().name() + " is configured twice");
            }
        }
        for (DatabaseName name : hosted.keySet()) {
            if (!byName.containsKey(name)) {
                throw new IllegalArgumentException("data source " + name + " has no settings");
            }
        }
        this.settings = Map.copyOf(byName);
        this.names = byName.keySet().stream().sorted().toList(); // asked on every call: sorted once
        this.hosted = Map.copyOf(hosted);
    }

    /** {@return the configured databases, sorted by name} */
    public List<DatabaseName> names() {
        return names;
    }

    /** {@return the settings of {@code database}, if it is configured} */
    public Optional<DatabaseSettings> settings(DatabaseName database) {
        return Optional.ofNullable(settings.get(database));
    }

    /**
     * {@return the pool of {@code database}: the host's data source, or our own pool, created now if this is its first use}
     *
     * @throws IllegalArgumentException if {@code database} is not configured (callers check {@link #settings} first)
     */
    public DataSource pool(DatabaseName database) {
        requireOpen();
        DataSource host = hosted.get(database);
        return host != null ? host : ownPool(database, connector(database));
    }

    /**
     * {@return a connection to {@code database}, borrowed from its pool} Until a connection has been made (at first use,
     * and again after an attempt failed) one is opened and closed first: the server's or the network's reason for
     * refusing then arrives at once, instead of after the pool's wait.
     *
     * @throws SQLException the first attempt's failure; the last attempt's, when the database went away while the pool
     *     waited; or {@link PoolExhausted}: every connection stayed busy for the whole pool wait
     * @throws IllegalArgumentException if {@code database} is not configured (callers check {@link #settings} first)
     */
    public Connection connection(DatabaseName database) throws SQLException {
        requireOpen();
        DataSource host = hosted.get(database);
        if (host != null) {
            return host.getConnection();
        }
        PostgresConnector connector = connector(database);
        if (!connector.isReachable()) {
            connector.check();
        }
        HikariDataSource pool = ownPool(database, connector);
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException timeout) {
            if (!connector.isReachable() && connector.lastFailure().isPresent()) {
                throw connector.lastFailure().get(); // the database went away while we waited: say why, not that we waited
            }
            throw new PoolExhausted(pool.getMaximumPoolSize(), Duration.ofMillis(pool.getConnectionTimeout()), timeout);
        }
    }

    /** {@return why the last attempt to connect to {@code database} failed, if it did and none has succeeded since} */
    public Optional<SQLException> lastFailure(DatabaseName database) {
        PostgresConnector connector = connectors.get(database);
        return connector == null ? Optional.empty() : connector.lastFailure();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the pools are closed");
        }
    }

    private PostgresConnector connector(DatabaseName database) {
        DatabaseSettings configured = settings.get(database);
        if (configured == null) {
            throw new IllegalArgumentException("database " + database + " is not configured");
        }
        return connectors.computeIfAbsent(database, name -> new PostgresConnector(configured));
    }

    private HikariDataSource ownPool(DatabaseName database, PostgresConnector connector) {
        return pools.computeIfAbsent(database, name -> new HikariDataSource(hikariConfig(settings.get(name), connector)));
    }

    /** {@return what the sessions of {@code database}'s pool already hold; nothing is known of a host's data source} */
    SessionDefaults sessionDefaults(DatabaseName database) {
        DatabaseSettings configured = settings.get(database);
        return configured == null || hosted.containsKey(database) ? SessionDefaults.UNKNOWN : SessionDefaults.of(configured.statementTimeout());
    }

    /** {@return usage of nl2sql's own pool of {@code database}, if it was created (not of a host's data source)} */
    public Optional<PostgresAdapter.PoolUsage> usage(DatabaseName database) {
        HikariDataSource pool = pools.get(database);
        if (pool == null || pool.getHikariPoolMXBean() == null) {
            return Optional.empty();
        }
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        return Optional.of(new PostgresAdapter.PoolUsage(bean.getActiveConnections(), bean.getIdleConnections(), bean.getTotalConnections(),
                bean.getThreadsAwaitingConnection(), pool.getMaximumPoolSize()));
    }

    static HikariConfig hikariConfig(DatabaseSettings database, DataSource connector) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("nl2sql-" + database.identity().name());
        config.setDataSource(connector);
        config.setMaximumPoolSize(database.poolSize());
        config.setMinimumIdle(Math.min(1, database.poolSize()));
        // How long a call waits for a connection: past it the call is answered BUSY (a new connection's own login time is
        // bounded by the connector's timeouts)
        config.setConnectionTimeout(Math.max(250, database.poolWait().toMillis()));
        // checking a borrowed connection is alive is part of a call's wait: keep it short (a stalled network fails it)
        config.setValidationTimeout(Math.max(250, Math.min(database.connectTimeout().toMillis(), 1_000)));
        // Lazy and tolerant: a database that is down at start must not stop the others (or the server) from starting.
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(false);
        config.setReadOnly(true);
        return config;
    }

    /** Closes nl2sql's own pools; the host's data sources stay open. */
    @Override
    public void close() {
        closed = true;
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
