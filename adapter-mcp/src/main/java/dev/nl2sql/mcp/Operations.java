package dev.nl2sql.mcp;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What the HTTP server tells operators beside MCP: {@code /metrics} (Prometheus text), {@code /healthz} (the process
 * answers) and {@code /readyz} (every database can take calls, and the audit log can record them).
 *
 * @param metrics the Prometheus scrape
 * @param readiness the state of every database and of the audit log, asked on each request
 */
public record Operations(Supplier<String> metrics, Supplier<Readiness> readiness) {

    /** No metrics, and always ready: for servers wired without databases. */
    public static final Operations NONE = new Operations(() -> "", () -> new Readiness(Map.of(), Readiness.READY));

    public Operations {
        requireNonNull(metrics, "metrics");
        requireNonNull(readiness, "readiness");
    }

    /**
     * Whether the server can answer calls now: each database can take them, and the audit log can record them.
     *
     * @param databases each database's name and its state: {@code ready}, or why not (e.g. {@code breaker open})
     * @param audit {@code ready}, or why the audit log cannot record calls as promised (answers are withheld meanwhile)
     */
    public record Readiness(Map<String, String> databases, String audit) {

        public static final String READY = "ready";

        public Readiness {
            databases = Map.copyOf(databases);
            requireNonNull(audit, "audit");
        }

        public boolean isReady() {
            return READY.equals(audit) && databases.values().stream().allMatch(READY::equals);
        }
    }
}
