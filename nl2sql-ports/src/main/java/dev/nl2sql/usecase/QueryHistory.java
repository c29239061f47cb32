package dev.nl2sql.usecase;

import static java.util.Objects.requireNonNull;

import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.port.AuditHistory;

/** What was asked and run, read back from the audit log: for {@code nl2sql history}, MCP and the library. */
public final class QueryHistory {

    private final AuditHistory history;

    public QueryHistory(AuditHistory history) {
        this.history = requireNonNull(history, "history");
    }

    /** {@return the newest entries matching {@code query}, and a cursor to the next page if there is one} */
    public HistoryPage page(HistoryQuery query) {
        return history.read(query);
    }
}
