package dev.nl2sql.port;

import dev.nl2sql.domain.audit.AuditEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * An audit log that copies the local trail somewhere else (a table several instances share) and may lag behind it:
 * entries it had queued but not stored when the process died are handed to it again from the local files, which are
 * the record.
 */
public interface AuditCopy extends AuditLog {

    /**
     * How much older than {@link #storedThrough()} an entry not yet stored can be: entries carry the time their call
     * started, and calls end (and are recorded) out of order.
     */
    Duration OUT_OF_ORDER = Duration.ofHours(1);

    /** {@return the start time of the newest entry this copy has stored; entries older than it by more than {@link #OUT_OF_ORDER} are all stored} */
    Instant storedThrough();

    /** Stores {@code entries}, some of which it may hold already: one it holds is kept once. */
    void catchUp(List<AuditEntry> entries);
}
