package dev.nl2sql.usecase;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What one call did, gathered as it goes, then written to the audit log once. Not shared between threads. While the
 * call runs, its id, database and surface are in the logging context (MDC) of the thread, and its error code once it
 * failed, so every log line it causes can be traced to it; its stages are followed by {@link Tracing}. Neither ever
 * carries SQL, a question or a value: only identifiers and codes.
 */
final class CallRecord {

    private static final Logger LOG = LoggerFactory.getLogger(CallRecord.class);

    /** The logging context's keys. */
    static final String CALL_ID = "call_id";
    static final String DATABASE = "database";
    static final String SURFACE = "surface";
    static final String ERROR_CODE = "error_code";

    private final String id = UUID.randomUUID().toString();
    private final Instant started;
    private final Caller caller;
    private final DatabaseName database;
    private final Tracing tracing;
    private Optional<String> question = Optional.empty();
    private Optional<String> generatedSql = Optional.empty();
    private Optional<String> finalSql = Optional.empty();
    private Optional<Failure> failure = Optional.empty();
    private int attempts;
    private Optional<String> model = Optional.empty();
    private TokenUsage tokens = TokenUsage.NONE;
    private Duration generate = Duration.ZERO;
    private Duration validate = Duration.ZERO;
    private Duration execute = Duration.ZERO;
    private long rows;
    private boolean truncated;

    CallRecord(Clock clock, Caller caller, DatabaseName database, Tracing tracing) {
        this.started = clock.instant();
        this.caller = caller;
        this.database = database;
        this.tracing = tracing;
    }

    /** {@return a stage of this call, such as "validation", inside the call's own} */
    Tracing.Stage stage(String name) {
        return tracing.start(name);
    }

    CallRecord question(String text) {
        question = Optional.of(text);
        return this;
    }

    CallRecord generated(String sql, String generator, int attempts, TokenUsage tokens) {
        this.generatedSql = Optional.of(sql);
        this.model = Optional.of(generator);
        this.attempts = attempts;
        this.tokens = tokens;
        return this;
    }

    CallRecord attempts(int attempts, String generator, TokenUsage tokens) {
        this.attempts = attempts;
        this.model = Optional.of(generator);
        this.tokens = tokens;
        return this;
    }

    CallRecord finalSql(String sql) {
        finalSql = Optional.of(sql);
        return this;
    }

    CallRecord generate(Duration took) {
        generate = generate.plus(took);
        return this;
    }

    CallRecord validate(Duration took) {
        validate = validate.plus(took);
        return this;
    }

    CallRecord execute(Duration took) {
        execute = execute.plus(took);
        return this;
    }

    CallRecord failed(Failure failure) {
        this.failure = Optional.of(failure);
        return this;
    }

    CallRecord outcome(QueryOutcome outcome) {
        switch (outcome) {
            case QueryOutcome.Succeeded ok -> {
                finalSql = Optional.of(ok.sql());
                rows = ok.result().rowCount();
                truncated = ok.result().truncated();
                failure = Optional.empty();
            }
            case QueryOutcome.Failed failed -> failure = Optional.of(failed.failure());
        }
        return this;
    }

    AuditEntry entry() {
        Optional<ErrorCode> code = failure.map(Failure::code);
        String status = code.map(c -> switch (c) {
            case SQL_REJECTED, SQL_INVALID, COST_LIMIT, TEMPLATE_INVALID -> "rejected";
            default -> "failed";
        }).orElse("ok");
        return new AuditEntry(id, started, caller.surface(), caller.client(), database.value(), question, generatedSql, finalSql,
                status, code, failure.map(Failure::message), attempts, model, tokens.prompt(), tokens.completion(), generate, validate,
                execute, rows, truncated);
    }

    /**
     * {@return what {@code call} returns} The entry goes to {@code audit} exactly once, however the call ends:
     * {@code describe} adds what the result says, and an exception (a bug) is recorded as {@code INTERNAL}. The call
     * is the stage {@code name}, with the audit a stage inside it.
     */
    static <T> T recorded(String name, AuditLog audit, CallRecord record, Supplier<T> call, BiConsumer<CallRecord, T> describe) {
        Map<String, String> outer = MDC.getCopyOfContextMap();
        MDC.put(CALL_ID, record.id);
        MDC.put(DATABASE, record.database.value());
        MDC.put(SURFACE, record.caller.surface());
        MDC.remove(ERROR_CODE);
        try (Tracing.Stage whole = record.tracing.start(name)) {
            whole.attribute("nl2sql.call_id", record.id);
            whole.attribute("nl2sql.database", record.database.value());
            whole.attribute("nl2sql.surface", record.caller.surface());
            try {
                T result = call.get();
                describe.accept(record, result);
                return result;
            } catch (RuntimeException bug) {
                record.failed(new Failure.Internal(bug.getClass().getSimpleName()));
                throw bug;
            } finally {
                record.failure.ifPresent(failure -> {
                    whole.failed(failure.code().code());
                    MDC.put(ERROR_CODE, failure.code().code());
                });
                LOG.info("{} {}", name, record.failure.map(failure -> "failed: " + failure.code().code()).orElse("answered"));
                try (Tracing.Stage auditing = record.stage("audit")) {
                    audit.record(record.entry());
                }
            }
        } finally {
            if (outer == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(outer);
            }
        }
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
