package dev.nl2sql.bootstrap.metrics;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.mcp.http.Operations;
import dev.nl2sql.postgres.DatabaseBreakers;
import dev.nl2sql.postgres.DatabaseConnections;
import dev.nl2sql.postgres.DatabasePools;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * The metrics registry with nl2sql's gauges (breaker state and pool usage per database), and readiness: a database is
 * ready when its breaker is closed or half-open and its pool hands out a valid connection.
 */
public final class Observability {

    private final PrometheusMeterRegistry registry;
    private final DatabaseConnections connections;
    private final List<DatabaseName> databases;

    /** @param registry where the gauges go; the audit trail's call counters may already be in it */
    public Observability(PrometheusMeterRegistry registry, DatabaseConnections connections, List<DatabaseName> databases) {
        this.registry = registry;
        this.connections = connections;
        this.databases = List.copyOf(databases);
        DatabaseBreakers breakers = connections.breakers();
        DatabasePools pools = connections.pools();
        for (DatabaseName database : this.databases) {
            Gauge.builder("nl2sql.breaker.state", () -> breakers.state(database).ordinal())
                    .description("Circuit breaker per database: 0 closed, 1 open, 2 half-open").tag("database", database.value())
                    .register(registry);
            pool(pools, database, "active", DatabasePools.PoolUsage::active);
            pool(pools, database, "idle", DatabasePools.PoolUsage::idle);
            pool(pools, database, "waiting", DatabasePools.PoolUsage::waiting);
            pool(pools, database, "max", DatabasePools.PoolUsage::max);
        }
    }

    private void pool(DatabasePools pools, DatabaseName database, String state, ToIntFunction<DatabasePools.PoolUsage> value) {
        Gauge.builder("nl2sql.pool.connections", () -> pools.usage(database).map(value::applyAsInt).orElse(0))
                .description("Connection pool usage per database").tags("database", database.value(), "state", state).register(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** {@return the scrape and readiness, for the HTTP server} */
    public Operations operations() {
        return new Operations(registry::scrape, this::readiness);
    }

    Operations.Readiness readiness() {
        Map<String, String> states = new LinkedHashMap<>();
        for (DatabaseName database : databases) {
            DatabaseBreakers.State breaker = connections.breakers().state(database);
            if (breaker == DatabaseBreakers.State.OPEN) {
                states.put(database.value(), "breaker open");
                continue;
            }
            states.put(database.value(), switch (connections.with(database, (Connection c) -> dev.nl2sql.domain.error.Result.ok(c.isValid(2)))) {
                case dev.nl2sql.domain.error.Result.Ok<Boolean> ok -> ok.value() ? Operations.Readiness.READY : "connection not valid";
                case dev.nl2sql.domain.error.Result.Err<Boolean> err -> err.failure().code().code().toLowerCase(Locale.ROOT) + ": "
                        + err.failure().message();
            });
        }
        return new Operations.Readiness(states);
    }
}
