package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.port.AuditLog;
import dev.nl2sql.port.Tracing;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The audit trail wrapped around a use case's public verb: the call gets a {@link CallRecord} that it, and every use
 * case it calls on its behalf, fills in; the record becomes exactly one audit entry however the call ends. A use case
 * called inside another (a question that runs a template) is handed the outer call's record, so it never needs a
 * variant that keeps no record.
 *
 * <p>While the call runs, its id, database and surface are in the logging context (MDC) of the thread, and its error
 * code once it failed, so every log line it causes can be traced to it; the call is a {@link Tracing} stage with the
 * audit a stage inside it. Neither ever carries SQL, a question or a value: only identifiers and codes.
 */
final class Auditing {

    static final Auditing NONE = new Auditing(AuditLog.NONE, Clock.systemUTC(), Tracing.NONE);

    private static final Logger LOG = LoggerFactory.getLogger(Auditing.class);

    /** The logging context's keys. */
    static final String CALL_ID = "call_id";
    static final String DATABASE = "database";
    static final String SURFACE = "surface";
    static final String ERROR_CODE = "error_code";

    private final AuditLog log;
    private final Clock clock;
    private final Tracing tracing;

    Auditing(AuditLog log, Clock clock, Tracing tracing) {
        this.log = requireNonNull(log, "log");
        this.clock = requireNonNull(clock, "clock");
        this.tracing = requireNonNull(tracing, "tracing");
    }

    /** {@return a new record of a call from {@code caller} about {@code database}, started now} */
    CallRecord start(Caller caller, DatabaseName database) {
        return new CallRecord(clock, caller, database, tracing);
    }

    /**
     * {@return what {@code call} returns, unless the audit log could not keep its entry} The entry goes to the log exactly
     * once, however the call ends: {@code describe} adds what the result says, and an exception (a bug) is recorded as
     * {@code INTERNAL}. An answer whose entry the log could not keep as it promises ({@code audit.fsync: always}) is
     * replaced by {@code withhold}'s: nothing leaves unrecorded. A call that failed keeps its own failure, which carries
     * no data. The call is the stage {@code name}.
     */
    <T> T around(String name, CallRecord record, Function<CallRecord, T> call, BiConsumer<CallRecord, T> describe,
            BiFunction<T, Failure, T> withhold) {
        Map<String, String> outer = MDC.getCopyOfContextMap();
        MDC.put(CALL_ID, record.id());
        MDC.put(DATABASE, record.database().value());
        MDC.put(SURFACE, record.caller().surface());
        MDC.remove(ERROR_CODE);
        try (Tracing.Stage whole = tracing.start(name)) {
            whole.attribute("nl2sql.call_id", record.id());
            whole.attribute("nl2sql.database", record.database().value());
            whole.attribute("nl2sql.surface", record.caller().surface());
            T result;
            Optional<Failure.AuditUnavailable> unkept = Optional.empty();
            try {
                result = call.apply(record);
                describe.accept(record, result);
            } catch (RuntimeException bug) {
                record.failed(new Failure.Internal(bug.getClass().getSimpleName()));
                throw bug;
            } finally {
                unkept = keep(record);
                ended(name, whole, record, unkept);
            }
            return unkept.isPresent() && record.failure().isEmpty() ? withhold.apply(result, unkept.get()) : result;
        } finally {
            if (outer == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(outer);
            }
        }
    }

    private Optional<Failure.AuditUnavailable> keep(CallRecord record) {
        try (Tracing.Stage auditing = record.stage("audit")) {
            return log.keep(record.entry());
        }
    }

    /** Marks the call's stage and logging context with how it ended, and logs it: an answer withheld says why. */
    private static void ended(String name, Tracing.Stage whole, CallRecord record, Optional<Failure.AuditUnavailable> unkept) {
        Optional<Failure> failure = record.failure().or(() -> unkept.map(Failure.class::cast));
        failure.ifPresent(failed -> {
            whole.failed(failed.code().code());
            MDC.put(ERROR_CODE, failed.code().code());
        });
        if (record.failure().isEmpty() && unkept.isPresent()) {
            LOG.warn("{} answered, but its answer is withheld: {}", name, unkept.get().message());
        } else {
            LOG.info("{} {}", name, failure.map(failed -> "failed: " + failed.code().code()).orElse("answered"));
        }
    }
}
