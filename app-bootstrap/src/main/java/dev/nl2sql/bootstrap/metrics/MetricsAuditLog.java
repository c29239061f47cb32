package dev.nl2sql.bootstrap.metrics;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.port.AuditLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every call from its audit entry: each call already produces exactly one, so the metrics and the audit log
 * can never disagree. Meters are tagged by database and surface (cli, mcp, library); codes are the stable wire codes.
 */
public final class MetricsAuditLog implements AuditLog {

    private final MeterRegistry registry;
    /** The meters of each kind of call, found once: building and registering five meters per call cost 2 % of a busy server's CPU. */
    private final Map<Kind, Meters> meters = new ConcurrentHashMap<>();

    public MetricsAuditLog(MeterRegistry registry) {
        this.registry = requireNonNull(registry, "registry");
    }

    /** What the meters of a call are tagged with. */
    private record Kind(String database, String surface, String status, String code) {}

    /** The meters one kind of call updates; {@code outcome} counts rejections or errors by code, if it is either. */
    private record Meters(Counter calls, Optional<Counter> outcome, Timer duration, Timer execute, DistributionSummary rows) {}

    @Override
    public void record(AuditEntry entry) {
        String code = entry.errorCode().map(ErrorCode::code).orElse("");
        Meters of = meters.computeIfAbsent(new Kind(entry.database(), entry.surface(), entry.status(), code), this::register);
        of.calls().increment();
        of.outcome().ifPresent(Counter::increment);
        of.duration().record(entry.generate().plus(entry.validate()).plus(entry.execute()));
        of.execute().record(entry.execute());
        of.rows().record(entry.rowCount());
        // only calls that asked a model have tokens: registered then, so a server without one shows no token meters
        if (entry.promptTokens() > 0) {
            tokens(entry.database(), "prompt").increment(entry.promptTokens());
        }
        if (entry.completionTokens() > 0) {
            tokens(entry.database(), "completion").increment(entry.completionTokens());
        }
    }

    private Counter tokens(String database, String kind) {
        return Counter.builder("nl2sql.llm.tokens").description("Language model tokens").baseUnit("tokens")
                .tags("database", database, "kind", kind).register(registry);
    }

    private Meters register(Kind kind) {
        String database = kind.database();
        String surface = kind.surface();
        Optional<Counter> outcome = switch (kind.status()) {
            case "rejected" -> Optional.of(Counter.builder("nl2sql.rejections").description("Calls refused before running, by code")
                    .tags("database", database, "surface", surface, "code", kind.code()).register(registry));
            case "failed" -> Optional.of(Counter.builder("nl2sql.errors").description("Calls that failed, by code")
                    .tags("database", database, "surface", surface, "code", kind.code()).register(registry));
            default -> Optional.empty();
        };
        return new Meters(
                Counter.builder("nl2sql.calls").description("Calls, by how they ended")
                        .tags("database", database, "surface", surface, "status", kind.status()).register(registry),
                outcome,
                Timer.builder("nl2sql.call.duration").description("Time spent generating, validating and executing")
                        .tags("database", database, "surface", surface, "status", kind.status()).register(registry),
                Timer.builder("nl2sql.execute.duration").description("Time spent in the database")
                        .tags("database", database).register(registry),
                DistributionSummary.builder("nl2sql.rows.returned").description("Rows returned per call").baseUnit("rows")
                        .tags("database", database, "surface", surface).register(registry));
    }
}
