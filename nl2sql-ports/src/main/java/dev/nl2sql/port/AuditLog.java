package dev.nl2sql.port;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.Failure;
import java.util.Optional;

/**
 * The append-only record of every call. Each call's entry is handed over exactly once, whatever happened, through
 * {@link #keep}; neither method may throw or block the call for long: an implementation that cannot write keeps the
 * entry and says so in its own log.
 */
@FunctionalInterface
public interface AuditLog {

    /** An audit log that keeps nothing, for tests and for embedders who opt out. */
    AuditLog NONE = entry -> { };

    void record(AuditEntry entry);

    /**
     * Records {@code entry} and {@return why it is not kept as this log promises, if it is not}. A log that promises an
     * entry is on disk before its call answers ({@code audit.fsync: always}) says so here when it cannot keep that
     * promise, and the call's answer is withheld. A log that promises no more than {@link #record} keeps this default.
     */
    default Optional<Failure.AuditUnavailable> keep(AuditEntry entry) {
        record(entry);
        return Optional.empty();
    }
}
