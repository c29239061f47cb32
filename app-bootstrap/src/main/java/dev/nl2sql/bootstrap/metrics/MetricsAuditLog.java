package dev.nl2sql.bootstrap.metrics;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.port.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts every call from its audit entry: each call already produces exactly one, so the metrics and the audit log
 * can never disagree. Meters are tagged by database and surface (cli, mcp, library); codes are the stable wire codes.
 */
public final class MetricsAuditLog implements AuditLog {

    private final MeterRegistry registry;

    public MetricsAuditLog(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    @Override
    public void record(AuditEntry entry) {
        String database = entry.database();
        String surface = entry.surface();
        Counter.builder("nl2sql.calls").description("Calls, by how they ended")
                .tags("database", database, "surface", surface, "status", entry.status()).register(registry).increment();
        String code = entry.errorCode().map(ErrorCode::code).orElse("");
        if (entry.status().equals("rejected")) {
            Counter.builder("nl2sql.rejections").description("Calls refused before running, by code")
                    .tags("database", database, "surface", surface, "code", code).register(registry).increment();
        } else if (entry.status().equals("failed")) {
            Counter.builder("nl2sql.errors").description("Calls that failed, by code")
                    .tags("database", database, "surface", surface, "code", code).register(registry).increment();
        }
        Timer.builder("nl2sql.call.duration").description("Time spent generating, validating and executing")
                .tags("database", database, "surface", surface, "status", entry.status()).register(registry)
                .record(entry.generate().plus(entry.validate()).plus(entry.execute()));
        Timer.builder("nl2sql.execute.duration").description("Time spent in the database")
                .tags("database", database).register(registry).record(entry.execute());
        DistributionSummary.builder("nl2sql.rows.returned").description("Rows returned per call").baseUnit("rows")
                .tags("database", database, "surface", surface).register(registry).record(entry.rowCount());
        if (entry.promptTokens() > 0) {
            Counter.builder("nl2sql.llm.tokens").description("Language model tokens").baseUnit("tokens")
                    .tags("database", database, "kind", "prompt").register(registry).increment(entry.promptTokens());
        }
        if (entry.completionTokens() > 0) {
            Counter.builder("nl2sql.llm.tokens").description("Language model tokens").baseUnit("tokens")
                    .tags("database", database, "kind", "completion").register(registry).increment(entry.completionTokens());
        }
    }
}
