package dev.nl2sql.domain.audit;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit entries to read back, newest first: every filter that is present must match.
 *
 * @param text matched, ignoring case, against the question and the SQL
 * @param since entries at or after this instant
 * @param until entries before this instant
 * @param limit the page size, 1-{@value #MAX_LIMIT}
 * @param cursor where the previous page stopped, as its {@link HistoryPage#next()} gave it
 */
public record HistoryQuery(
        Optional<String> database,
        Optional<String> status,
        Optional<Instant> since,
        Optional<Instant> until,
        Optional<String> text,
        int limit,
        Optional<String> cursor) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 1_000;

    public HistoryQuery {
        requireNonNull(database, "database");
        requireNonNull(status, "status");
        requireNonNull(since, "since");
        requireNonNull(until, "until");
        text = requireNonNull(text, "text").filter(t -> !t.isBlank());
        requireNonNull(cursor, "cursor");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1-" + MAX_LIMIT + ", was " + limit);
        }
    }

    /** {@return the newest {@code limit} entries, unfiltered} */
    public static HistoryQuery latest(int limit) {
        return new HistoryQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit,
                Optional.empty());
    }

    public HistoryQuery withCursor(String next) {
        return new HistoryQuery(database, status, since, until, text, limit, Optional.of(next));
    }

    /** {@return whether {@code entry} passes every filter} */
    public boolean matches(AuditEntry entry) {
        return database.map(entry.database()::equals).orElse(true)
                && status.map(entry.status()::equals).orElse(true)
                && since.map(s -> !entry.timestamp().isBefore(s)).orElse(true)
                && until.map(entry.timestamp()::isBefore).orElse(true)
                && text.map(t -> containsIgnoringCase(entry.question(), t) || containsIgnoringCase(entry.generatedSql(), t)
                        || containsIgnoringCase(entry.finalSql(), t)).orElse(true);
    }

    private static boolean containsIgnoringCase(Optional<String> haystack, String needle) {
        return haystack.map(h -> h.toLowerCase(java.util.Locale.ROOT).contains(needle.toLowerCase(java.util.Locale.ROOT))).orElse(false);
    }
}
