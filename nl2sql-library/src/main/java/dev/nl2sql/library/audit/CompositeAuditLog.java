package dev.nl2sql.library.audit;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.port.AuditLog;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands every entry to several audit logs in turn (the local file, the shared table, the metrics); one failing never stops the others. */
public final class CompositeAuditLog implements AuditLog {

    private static final Logger LOG = LoggerFactory.getLogger(CompositeAuditLog.class);

    private final List<AuditLog> logs;

    public CompositeAuditLog(List<AuditLog> logs) {
        this.logs = List.copyOf(logs);
    }

    @Override
    public void record(AuditEntry entry) {
        keep(entry);
    }

    /** {@return the first log's failure to keep {@code entry} as it promises} Every log is handed the entry regardless. */
    @Override
    public Optional<Failure.AuditUnavailable> keep(AuditEntry entry) {
        Optional<Failure.AuditUnavailable> first = Optional.empty();
        for (AuditLog log : logs) {
            try {
                Optional<Failure.AuditUnavailable> kept = log.keep(entry);
                if (first.isEmpty()) {
                    first = kept;
                }
            } catch (RuntimeException bug) {
                LOG.error("audit log {} failed on entry {}", log.getClass().getSimpleName(), entry.id(), bug);
            }
        }
        return first;
    }
}
