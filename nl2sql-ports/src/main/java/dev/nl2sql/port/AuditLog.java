package dev.nl2sql.port;

import dev.nl2sql.domain.audit.AuditEntry;

/**
 * The append-only record of every call. {@link #record} is called exactly once per call, whatever happened, and must
 * neither throw nor block the call for long: an implementation that cannot write keeps the entry and says so in its
 * own log.
 */
@FunctionalInterface
public interface AuditLog {

    /** An audit log that keeps nothing, for tests and for embedders who opt out. */
    AuditLog NONE = entry -> { };

    void record(AuditEntry entry);
}
