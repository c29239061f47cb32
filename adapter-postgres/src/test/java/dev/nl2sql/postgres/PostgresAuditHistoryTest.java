package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.port.AuditHistory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The history read back from the shared audit table: what two replicas wrote, filtered and paged, newest first. */
class PostgresAuditHistoryTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static final List<AuditEntry> WRITTEN = new ArrayList<>();

    private static PostgresAuditLog.Settings settings(String host, int port, String replica) {
        return PostgresAuditLog.Settings.of(host, port, db.name(), db.server().user(),
                db.server().password().isEmpty() ? Optional.empty() : Optional.of(db.server().password()), "shared_audit",
                dir.resolve(replica).resolve("spill.tsv"));
    }

    private static AuditEntry entry(int i) {
        return new AuditEntry(UUID.randomUUID().toString(), Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i / 2), "mcp",
                Optional.of("replica " + (i % 2)), i % 4 == 0 ? "sales" : "shop", Optional.of("How many Orders " + i),
                Optional.of("SELECT " + i), Optional.of("SELECT " + i), i % 3 == 0 ? "failed" : "ok",
                i % 3 == 0 ? Optional.of(ErrorCode.DB_UNAVAILABLE) : Optional.empty(), Optional.empty(), 1, Optional.of("m"), 10, 20,
                Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofMillis(7), i, false,
                i % 5 == 0 ? Optional.of("openai:m failed (LLM_UNAVAILABLE); answered by offline") : Optional.empty());
    }

    @BeforeAll
    static void twoReplicasWrite() {
        try (PostgresAuditLog one = new PostgresAuditLog(settings(db.server().host(), db.server().port(), "one"));
                PostgresAuditLog two = new PostgresAuditLog(settings(db.server().host(), db.server().port(), "two"))) {
            for (int i = 0; i < 50; i++) {
                AuditEntry entry = entry(i);
                WRITTEN.add(entry);
                (i % 2 == 0 ? one : two).record(entry);
            }
        }
    }

    private static PostgresAuditHistory history() {
        return new PostgresAuditHistory(settings(db.server().host(), db.server().port(), "reader"), AuditHistory.NONE);
    }

    @Test
    void pagesWalkEveryReplicasEntriesNewestFirstOnce() {
        List<AuditEntry> read = new ArrayList<>();
        HistoryQuery query = HistoryQuery.latest(7);
        while (true) {
            HistoryPage page = history().read(query);
            read.addAll(page.entries());
            if (page.next().isEmpty()) {
                break;
            }
            query = query.withCursor(page.next().get());
        }

        assertThat(read).hasSize(50).extracting(AuditEntry::id).doesNotHaveDuplicates();
        assertThat(read).extracting(AuditEntry::timestamp).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(read.getFirst()).isIn(WRITTEN.get(48), WRITTEN.get(49));
    }

    @Test
    void filtersAreTheFilesFilters() {
        HistoryQuery query = new HistoryQuery(Optional.of("shop"), Optional.of("failed"), Optional.of(Instant.parse("2026-11-25T10:00:05Z")),
                Optional.of(Instant.parse("2026-11-25T10:00:20Z")), Optional.of("orders 1"), 100, Optional.empty());

        List<AuditEntry> read = history().read(query).entries();

        assertThat(read).isNotEmpty().containsExactlyInAnyOrderElementsOf(WRITTEN.stream().filter(query::matches).toList());
    }

    @Test
    void anUnreachableTableLeavesTheLocalFilesToAnswer() {
        HistoryPage local = new HistoryPage(List.of(WRITTEN.getFirst()), Optional.empty());
        PostgresAuditHistory unreachable = new PostgresAuditHistory(settings("127.0.0.1", 1, "down"), query -> local);

        assertThat(unreachable.read(HistoryQuery.latest(5))).isEqualTo(local);
    }
}
