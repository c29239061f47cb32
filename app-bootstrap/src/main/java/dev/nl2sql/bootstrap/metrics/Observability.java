package dev.nl2sql.bootstrap.metrics;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.mcp.Operations;
import dev.nl2sql.postgres.PostgresAdapter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.error.Result;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * The metrics registry with nl2sql's gauges (breaker state and pool usage per database, the audit log's state), and
 * readiness: a database is ready when its breaker is closed or half-open and its pool hands out a valid connection, or
 * has every connection at work (slow statements keep a healthy database busy; they do not make it unready), checked for
 * every database at once within {@link #READINESS_BUDGET}; and the server is ready only while its audit log can record
 * calls as promised.
 */
public final class Observability {

    /** How long {@code /readyz} waits for all databases together; a load balancer's probe should not wait longer. */
    static final Duration READINESS_BUDGET = Duration.ofSeconds(2);

    private final PrometheusMeterRegistry registry;
    private final PostgresAdapter postgres;
    private final List<DatabaseName> databases;
    private final Supplier<Optional<String>> auditProblem;

    /**
     * @param registry where the gauges go; the audit trail's call counters may already be in it
     * @param auditProblem why the audit log cannot record calls as promised now, if it cannot
     */
    public Observability(PrometheusMeterRegistry registry, PostgresAdapter postgres, List<DatabaseName> databases,
            Supplier<Optional<String>> auditProblem) {
        this.registry = registry;
        this.postgres = postgres;
        this.databases = List.copyOf(databases);
        this.auditProblem = auditProblem;
        Gauge.builder("nl2sql.audit.unavailable", () -> auditProblem.get().isPresent() ? 1 : 0)
                .description("1 while the audit log cannot record calls as promised (answers are withheld with audit.fsync: always)")
                .register(registry);
        for (DatabaseName database : this.databases) {
            Gauge.builder("nl2sql.breaker.state", () -> postgres.breakerState(database).ordinal())
                    .description("Circuit breaker per database: 0 closed, 1 open, 2 half-open").tag("database", database.value())
                    .register(registry);
            pool(database, "active", PostgresAdapter.PoolUsage::active);
            pool(database, "idle", PostgresAdapter.PoolUsage::idle);
            pool(database, "waiting", PostgresAdapter.PoolUsage::waiting);
            pool(database, "max", PostgresAdapter.PoolUsage::max);
        }
    }

    private void pool(DatabaseName database, String state, ToIntFunction<PostgresAdapter.PoolUsage> value) {
        Gauge.builder("nl2sql.pool.connections", () -> postgres.poolUsage(database).map(value::applyAsInt).orElse(0))
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
        // In parallel and within one budget: a database that does not answer must not hold up the others' verdicts.
        ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Map<DatabaseName, Future<String>> pending = new LinkedHashMap<>();
            databases.forEach(database -> pending.put(database, probes.submit(() -> state(database))));
            long deadline = System.nanoTime() + READINESS_BUDGET.toNanos();
            Map<String, String> states = new LinkedHashMap<>();
            pending.forEach((database, state) -> states.put(database.value(), verdict(state, deadline)));
            return new Operations.Readiness(states, auditProblem.get().orElse(Operations.Readiness.READY));
        } finally {
            probes.shutdownNow();
        }
    }

    private static String verdict(Future<String> state, long deadline) {
        try {
            return state.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            state.cancel(true);
            return "no answer within " + READINESS_BUDGET.toMillis() + " ms";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (ExecutionException e) {
            return "probe failed: " + e.getCause();
        }
    }

    private String state(DatabaseName database) {
        if (postgres.breakerState(database) == PostgresAdapter.BreakerState.OPEN) {
            return "breaker open";
        }
        boolean saturated = postgres.poolUsage(database).map(u -> u.idle() == 0 && u.active() >= u.max()).orElse(false);
        if (saturated) {
            return Operations.Readiness.READY; // every connection is at work: the database answers, calls wait or get BUSY
        }
        return switch (postgres.connectionValid(database)) {
            case Result.Ok<Boolean> ok -> ok.value() ? Operations.Readiness.READY : "connection not valid";
            case Result.Err<Boolean> err -> err.failure() instanceof Failure.Busy ? Operations.Readiness.READY // busy is healthy
                    : err.failure().code().code().toLowerCase(Locale.ROOT) + ": " + err.failure().message();
        };
    }
}
