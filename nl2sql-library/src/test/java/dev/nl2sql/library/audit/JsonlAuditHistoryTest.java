package dev.nl2sql.library.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

class JsonlAuditHistoryTest {

    private static final LocalDate LAST_DAY = LocalDate.parse("2026-11-25");

    @TempDir
    static Path dir;

    private static Path large;
    private static Instant newest;
    private static JsonlAuditHistory history;

    @BeforeAll
    static void writeALargeLog() throws IOException {
        large = dir.resolve("large");
        newest = LargeLog.write(large, 160L * 1024 * 1024, 4, LAST_DAY);
        history = new JsonlAuditHistory(large);
    }

    private static HistoryQuery query(Optional<String> database, Optional<String> status, Optional<Instant> since, Optional<Instant> until,
            Optional<String> text, int limit) {
        return new HistoryQuery(database, status, since, until, text, limit, Optional.empty());
    }

    /** After a failed force the log writes its unforced lines again: one that had reached the disk is there twice. */
    @Test
    void anEntryWrittenAgainAfterAFailedForceIsReadOnce() throws IOException {
        Path twice = Files.createDirectories(dir.resolve("twice"));
        AuditEntry first = Entries.entry(LAST_DAY.atTime(9, 0).toInstant(java.time.ZoneOffset.UTC), "shop");
        AuditEntry second = Entries.entry(LAST_DAY.atTime(9, 1).toInstant(java.time.ZoneOffset.UTC), "shop");
        try (var out = Files.newOutputStream(twice.resolve("audit-2026-11-25.jsonl"))) {
            for (AuditEntry entry : List.of(first, second, first, second)) {
                out.write(AuditJson.line(entry));
            }
        }

        assertThat(new JsonlAuditHistory(twice).read(HistoryQuery.latest(10)).entries()).extracting(AuditEntry::id)
                .containsExactly(second.id(), first.id());
    }

    @Test
    void firstPageIsTheNewestEntriesNewestFirst() {
        HistoryPage page = history.read(HistoryQuery.latest(20));

        assertThat(page.entries()).hasSize(20);
        assertThat(page.entries().getFirst().timestamp()).isEqualTo(newest);
        assertThat(page.entries()).extracting(AuditEntry::timestamp).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(page.next()).isPresent();
    }

    @Test
    void pagesFollowEachOtherWithoutGapsOrRepeats() {
        HistoryQuery query = query(Optional.of("hr"), Optional.of("ok"), Optional.empty(), Optional.empty(), Optional.empty(), 50);
        List<AuditEntry> seen = new ArrayList<>();
        HistoryPage page = history.read(query);
        for (int i = 0; i < 5; i++) {
            seen.addAll(page.entries());
            page = history.read(query.withCursor(page.next().orElseThrow()));
        }

        assertThat(seen).hasSize(250).allSatisfy(e -> {
            assertThat(e.database()).isEqualTo("hr");
            assertThat(e.status()).isEqualTo("ok");
        });
        Set<String> ids = new HashSet<>();
        seen.forEach(e -> assertThat(ids.add(e.id())).isTrue());
        assertThat(seen).extracting(AuditEntry::timestamp).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void filtersByTimeRangeAndText() {
        Instant until = LAST_DAY.minusDays(1).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC);
        Instant since = until.minusSeconds(3_600);
        HistoryPage page = history.read(query(Optional.empty(), Optional.empty(), Optional.of(since), Optional.of(until),
                Optional.of("QUESTION NUMBER"), 1_000));

        assertThat(page.entries()).isNotEmpty().allSatisfy(e -> assertThat(e.timestamp()).isBetween(since, until.minusNanos(1)));
        assertThat(page.entries().getFirst().timestamp()).isAfter(until.minusSeconds(60));
    }

    @Test
    void aFilterThatOnlyOldEntriesMatchReadsBackToTheOldestFile() {
        long started = System.nanoTime();
        HistoryPage page = history.read(query(Optional.of("archive"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                100));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(page.entries()).hasSize(LargeLog.ARCHIVED);
        assertThat(page.next()).isEmpty();
        System.out.printf("history on 160 MiB: deep filter %d ms%n", millis);
    }

    @Test
    void anUnknownCursorStartsFromTheNewest() {
        assertThat(history.read(HistoryQuery.latest(1).withCursor("nonsense")).entries().getFirst().timestamp()).isEqualTo(newest);
    }

    @Test
    void anEmptyOrMissingDirectoryHasNoHistory() throws IOException {
        assertThat(new JsonlAuditHistory(dir.resolve("none")).read(HistoryQuery.latest(5))).isEqualTo(HistoryPage.EMPTY);
        Files.createDirectories(dir.resolve("empty"));
        assertThat(new JsonlAuditHistory(dir.resolve("empty")).read(HistoryQuery.latest(5))).isEqualTo(HistoryPage.EMPTY);
    }

    /** The measurement: run with {@code -Dnl2sql.audit.gigabyte=true}; writes 1 GiB under target/. */
    @Test
    @EnabledIfSystemProperty(named = "nl2sql.audit.gigabyte", matches = "true")
    void measuresAGigabyteLog() throws IOException {
        Path gigabyte = Path.of("target/audit-gigabyte");
        if (!Files.isDirectory(gigabyte)) {
            LargeLog.write(gigabyte, 1024L * 1024 * 1024, 16, LAST_DAY);
        }
        JsonlAuditHistory big = new JsonlAuditHistory(gigabyte);
        for (int round = 0; round < 3; round++) {
            long a = System.nanoTime();
            HistoryPage first = big.read(HistoryQuery.latest(50));
            long b = System.nanoTime();
            HistoryPage deep = big.read(query(Optional.of("archive"), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 50));
            long c = System.nanoTime();
            HistoryPage deepText = big.read(query(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of("question number 7 about"), 50));
            long d = System.nanoTime();
            System.out.printf("1 GiB round %d: first page %.2f ms (%d), deep database filter %d ms (%d), deep text filter %d ms (%d)%n", round,
                    (b - a) / 1e6, first.entries().size(), (c - b) / 1_000_000, deep.entries().size(), (d - c) / 1_000_000,
                    deepText.entries().size());
        }
    }
}
