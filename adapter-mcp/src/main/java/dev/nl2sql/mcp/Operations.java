package dev.nl2sql.mcp;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What the HTTP server tells operators beside MCP: {@code /metrics} (Prometheus text), {@code /healthz} (the process
 * answers) and {@code /readyz} (every database can take calls).
 *
 * @param metrics the Prometheus scrape
 * @param readiness the state of every database, asked on each request
 */
public record Operations(Supplier<String> metrics, Supplier<Readiness> readiness) {

    /** No metrics, and always ready: for servers wired without databases. */
    public static final Operations NONE = new Operations(() -> "", () -> new Readiness(Map.of()));

    public Operations {
        requireNonNull(metrics, "metrics");
        requireNonNull(readiness, "readiness");
    }

    /**
     * Whether each database can take calls now.
     *
     * @param databases each database's name and its state: {@code ready}, or why not (e.g. {@code breaker open})
     */
    public record Readiness(Map<String, String> databases) {

        public static final String READY = "ready";

        public Readiness {
            databases = Map.copyOf(databases);
        }

        public boolean isReady() {
            return databases.values().stream().allMatch(READY::equals);
        }
    }
}
