package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.Caller;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.port.AuditLog;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The audit trail wrapped around a use case's public verb: the call gets a {@link CallRecord} that it, and every use
 * case it calls on its behalf, fills in; the record becomes exactly one audit entry however the call ends. A use case
 * called inside another (a question that runs a template) is handed the outer call's record, so it never needs a
 * variant that keeps no record.
 */
final class Auditing {

    static final Auditing NONE = new Auditing(AuditLog.NONE, Clock.systemUTC());

    private final AuditLog log;
    private final Clock clock;

    Auditing(AuditLog log, Clock clock) {
        this.log = requireNonNull(log, "log");
        this.clock = requireNonNull(clock, "clock");
    }

    /** {@return a new record of a call from {@code caller} about {@code database}, started now} */
    CallRecord start(Caller caller, DatabaseName database) {
        return new CallRecord(clock, caller, database);
    }

    /**
     * {@return what {@code call} returns} The entry goes to the log exactly once, however the call ends:
     * {@code describe} adds what the result says, and an exception (a bug) is recorded as {@code INTERNAL}.
     */
    <T> T around(CallRecord record, Function<CallRecord, T> call, BiConsumer<CallRecord, T> describe) {
        try {
            T result = call.apply(record);
            describe.accept(record, result);
            return result;
        } catch (RuntimeException bug) {
            record.failed(new Failure.Internal(bug.getClass().getSimpleName()));
            throw bug;
        } finally {
            log.record(record.entry());
        }
    }
}
