package dev.nl2sql.library.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlAuditLogTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    private final Entries.HandClock clock = new Entries.HandClock(NOON);

    private JsonlAuditLog log(JsonlAuditLog.Settings settings) {
        return new JsonlAuditLog(settings, clock);
    }

    private Path auditDir() {
        return dir.resolve("state/audit");
    }

    @Test
    void writesOneSnakeCaseJsonLinePerEntryWithEveryField() throws IOException {
        AuditEntry entry = Entries.entry(NOON, "shop", "rejected", "who \"bought\"\nmost?", "SELECT 1");
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(auditDir()))) {
            log.record(entry);
        }

        List<String> lines = Files.readAllLines(auditDir().resolve("audit-2026-11-25.jsonl"));
        assertThat(lines).hasSize(1);
        JsonNode json = new ObjectMapper().readTree(lines.getFirst());
        assertThat(json.get("v").asInt()).isEqualTo(1);
        assertThat(json.get("ts").asText()).isEqualTo("2026-11-25T12:00:00.000000Z");
        assertThat(json.get("error_code").asText()).isEqualTo("SQL_REJECTED");
        assertThat(json.get("validate_ms").asDouble()).isEqualTo(0.346);
        assertThat(json.get("question").asText()).isEqualTo("who \"bought\"\nmost?");
        assertThat(json.fieldNames()).toIterable().containsExactly("ts", "v", "id", "surface", "client", "database", "status", "error_code",
                "reason", "question", "generated_sql", "final_sql", "attempts", "model", "prompt_tokens", "completion_tokens", "generate_ms",
                "validate_ms", "execute_ms", "rows", "truncated");
        AuditEntry back = AuditJson.entry(lines.getFirst().getBytes(StandardCharsets.UTF_8), 0, lines.getFirst().length()).orElseThrow();
        assertThat(back).isEqualTo(new AuditEntry(entry.id(), entry.timestamp(), entry.surface(), entry.client(), entry.database(),
                entry.question(), entry.generatedSql(), entry.finalSql(), entry.status(), entry.errorCode(), entry.reason(), entry.attempts(),
                entry.model(), entry.promptTokens(), entry.completionTokens(), entry.generate(), Duration.ofNanos(346_000), entry.execute(),
                entry.rowCount(), entry.truncated()));
    }

    @Test
    void directoryAndFilesArePrivate() throws IOException {
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(auditDir()))) {
            log.record(Entries.entry(NOON, "shop"));
        }

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(auditDir()))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(auditDir().resolve("audit-2026-11-25.jsonl"))))
                .isEqualTo("rw-------");
    }

    @Test
    void rotatesBySizeWithinADayAndStartsANewFileEachUtcDay() throws IOException {
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(auditDir()).withRotation(2_000, 30))) {
            for (int i = 0; i < 10; i++) {
                log.record(Entries.entry(clock.instant(), "shop"));
            }
            clock.advance(Duration.ofHours(12));
            log.record(Entries.entry(clock.instant(), "shop"));
        }

        try (var files = Files.list(auditDir())) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted()).startsWith(
                    "audit-2026-11-25.1.jsonl", "audit-2026-11-25.2.jsonl").endsWith("audit-2026-11-25.jsonl", "audit-2026-11-26.jsonl");
        }
        try (var files = Files.list(auditDir())) {
            assertThat(files.toList()).allSatisfy(file -> assertThat(Files.size(file)).isBetween(1L, 2_000L));
        }
        assertThat(new JsonlAuditHistory(auditDir()).read(HistoryQuery.latest(100)).entries()).hasSize(11);
    }

    @Test
    void deletesFilesOlderThanTheRetentionWhenTheDayTurns() throws IOException {
        Files.createDirectories(auditDir());
        Files.writeString(auditDir().resolve("audit-2026-11-17.jsonl"), "{}\n");
        Files.writeString(auditDir().resolve("audit-2026-11-18.3.jsonl"), "{}\n");
        Files.writeString(auditDir().resolve("notes.txt"), "kept");
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(auditDir()).withRotation(1_000_000, 7))) {
            log.record(Entries.entry(clock.instant(), "shop"));
            assertThat(auditDir().resolve("audit-2026-11-17.jsonl")).doesNotExist();
            assertThat(auditDir().resolve("audit-2026-11-18.3.jsonl")).exists();
            clock.advance(Duration.ofDays(1));
            log.record(Entries.entry(clock.instant(), "shop"));
        }

        assertThat(auditDir().resolve("audit-2026-11-18.3.jsonl")).doesNotExist();
        assertThat(auditDir().resolve("audit-2026-11-25.jsonl")).exists();
        assertThat(auditDir().resolve("notes.txt")).exists();
    }

    @Test
    void aTornLastLineIsSkippedOnReadAndTheNextEntryStartsOnItsOwnLine() throws IOException {
        Files.createDirectories(auditDir());
        Path file = auditDir().resolve("audit-2026-11-25.jsonl");
        AuditEntry before = Entries.entry(NOON.minusSeconds(5), "shop");
        byte[] whole = AuditJson.line(before);
        byte[] torn = AuditJson.line(Entries.entry(NOON.minusSeconds(1), "shop"));
        Files.write(file, whole);
        Files.write(file, java.util.Arrays.copyOf(torn, torn.length / 2), java.nio.file.StandardOpenOption.APPEND);

        AuditEntry after = Entries.entry(NOON, "shop");
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(auditDir()))) {
            log.record(after);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).startsWith("{\"ts\":");
        assertThat(new JsonlAuditHistory(auditDir()).read(HistoryQuery.latest(10)).entries()).extracting(AuditEntry::id)
                .containsExactly(after.id(), before.id());
    }

    @Test
    void redactsLiteralsAndHashesQuestions() throws IOException {
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(auditDir()))) {
            RedactingAuditLog.around(log, true, true).record(Entries.entry(NOON, "shop", "ok", "orders of alice@example.com",
                    "SELECT * FROM orders WHERE email = 'alice@example.com' AND total > 100"));
        }

        String line = Files.readString(auditDir().resolve("audit-2026-11-25.jsonl"));
        assertThat(line).doesNotContain("alice", "100")
                .contains("\"final_sql\":\"SELECT * FROM orders WHERE email = ? AND total > ?\"")
                .contains("\"question\":\"sha256:" + RedactingAuditLog.hash("orders of alice@example.com").substring(7) + "\"");
    }

    @Test
    void closeWritesEverythingQueuedInBatchMode() throws IOException {
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(auditDir()).withFsync(JsonlAuditLog.Fsync.BATCH, Duration.ofHours(1)))) {
            for (int i = 0; i < 500; i++) {
                log.record(Entries.entry(NOON, "shop"));
            }
        }

        assertThat(Files.readAllLines(auditDir().resolve("audit-2026-11-25.jsonl"))).hasSize(500);
    }
}
