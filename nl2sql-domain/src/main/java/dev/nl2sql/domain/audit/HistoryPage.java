package dev.nl2sql.domain.audit;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of audit entries, newest first.
 *
 * @param next the cursor for the following (older) page; empty when nothing older is left
 */
public record HistoryPage(List<AuditEntry> entries, Optional<String> next) {

    public static final HistoryPage EMPTY = new HistoryPage(List.of(), Optional.empty());

    public HistoryPage {
        entries = List.copyOf(entries);
        requireNonNull(next, "next");
    }
}
