package dev.nl2sql.library.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A writer killed with SIGKILL mid-write loses nothing it had forced, and the log carries on after it. */
class CrashTest {

    @TempDir
    Path dir;

    @Test
    void killedWriterLeavesWholeLinesAndTheNextWriterStartsAFreshLine() throws Exception {
        Path audit = dir.resolve("audit");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), WritingForever.class.getName(), audit.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("writing"));
            Thread.sleep(300);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        Path file;
        try (var files = Files.list(audit)) {
            file = files.findFirst().orElseThrow();
        }
        // Make the tear certain rather than lucky: cut the last line in half, as a crash between write and fsync can.
        byte[] bytes = Files.readAllBytes(file);
        int lastStart = lastLineStart(bytes);
        Files.write(file, java.util.Arrays.copyOf(bytes, lastStart + (bytes.length - lastStart) / 2));
        int whole = (int) java.util.stream.IntStream.range(0, lastStart).filter(i -> bytes[i] == '\n').count();
        assertThat(whole).isGreaterThan(20);

        AuditEntry after = Entries.entry(Instant.now(), "shop", "ok", "after the crash", "SELECT 'after'");
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(audit), Clock.systemUTC())) {
            log.record(after);
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(whole + 2);
        assertThat(lines.getLast()).startsWith("{\"ts\":").contains("after the crash");
        List<AuditEntry> read = allEntries(audit);
        assertThat(read).hasSize(whole + 1);
        assertThat(read.getFirst().id()).isEqualTo(after.id());
        assertThat(read.getLast().question()).hasValueSatisfying(q -> assertThat(q).startsWith("question 0 "));
    }

    /** {@return every entry in the log, newest first, page after page} */
    private static List<AuditEntry> allEntries(Path audit) {
        JsonlAuditHistory history = new JsonlAuditHistory(audit);
        List<AuditEntry> entries = new ArrayList<>();
        HistoryQuery query = HistoryQuery.latest(HistoryQuery.MAX_LIMIT);
        while (true) {
            HistoryPage page = history.read(query);
            entries.addAll(page.entries());
            if (page.next().isEmpty()) {
                return entries;
            }
            query = query.withCursor(page.next().get());
        }
    }

    private static int lastLineStart(byte[] bytes) {
        int end = bytes.length - 1; // the final '\n'
        for (int i = end - 1; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return 0;
    }
}
