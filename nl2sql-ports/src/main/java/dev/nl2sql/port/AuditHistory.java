package dev.nl2sql.port;

import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;

/** Reads the audit log back, newest first. */
@FunctionalInterface
public interface AuditHistory {

    /** A history with nothing in it, for an audit log that keeps nothing. */
    AuditHistory NONE = query -> HistoryPage.EMPTY;

    /**
     * {@return the newest entries that match {@code query}, from where its cursor points}; a cursor this history
     * did not give, or one whose file is gone, starts from the newest entry again
     */
    HistoryPage read(HistoryQuery query);
}
