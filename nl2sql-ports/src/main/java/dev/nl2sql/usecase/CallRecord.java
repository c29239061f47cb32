package dev.nl2sql.usecase;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.domain.query.TokenUsage;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.port.Tracing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What one call did, gathered as it goes, then written to the audit log once (by {@link Auditing}). Not shared between
 * threads. Its stages (linking, the model, validation, execution) are followed by {@link Tracing}.
 */
final class CallRecord {

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
    private Optional<String> degraded = Optional.empty();

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

    CallRecord degraded(String what) {
        degraded = Optional.of(what);
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
                execute, rows, truncated, degraded);
    }

    /** {@return the audit entry's id, which names the call in logs and traces} */
    String id() {
        return id;
    }

    DatabaseName database() {
        return database;
    }

    Caller caller() {
        return caller;
    }

    Optional<Failure> failure() {
        return failure;
    }

    static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
