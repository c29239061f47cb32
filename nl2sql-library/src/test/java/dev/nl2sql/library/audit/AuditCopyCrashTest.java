package dev.nl2sql.library.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.audit.HistoryPage;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.AuditConfig;
import dev.nl2sql.port.AuditCopy;
import dev.nl2sql.postgres.PostgresAdapter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared table is a copy of the local files, never short of them: a process killed with SIGKILL while entries
 * wait in the table writer's queue loses them from the table only until the next start hands them over again.
 */
class AuditCopyCrashTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    @Test
    void afterAKillTheNextStartMakesTheTableHoldEveryEntryTheFilesHold() throws Exception {
        Path audit = dir.resolve("audit");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CopyingForever.class.getName(), audit.toString(), db.server().host(),
                Integer.toString(db.server().port()), db.name(), db.server().user()).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.equals("copying"));
            Thread.sleep(500);
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hooks, no close, the writer's queue gone with the process
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        Set<String> inFiles = idsInFiles(audit);
        int inTableAfterKill = idsInTable().size();

        AuditCopy table = PostgresAdapter.auditCopy(new PostgresAdapter.Table(db.server().host(), db.server().port(), db.name(),
                db.server().user(), Optional.empty(), "nl2sql_audit"), audit.resolve("postgres-spill.tsv"));
        try (AuditTrail restarted = AuditTrail.of(AuditConfig.at(audit), Clock.systemUTC(), List.of(table), List.of())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!idsInTable().containsAll(inFiles) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        System.err.println("audit copy crash: " + inFiles.size() + " entries in the files, " + inTableAfterKill + " in the table after the kill");
        assertThat(inFiles).hasSizeGreaterThan(200);
        assertThat(idsInTable()).isEqualTo(inFiles);
    }

    private static Set<String> idsInFiles(Path audit) {
        JsonlAuditHistory history = new JsonlAuditHistory(audit);
        Set<String> ids = new HashSet<>();
        HistoryQuery query = HistoryQuery.latest(HistoryQuery.MAX_LIMIT);
        while (true) {
            HistoryPage page = history.read(query);
            page.entries().stream().map(AuditEntry::id).forEach(ids::add);
            if (page.next().isEmpty()) {
                return ids;
            }
            query = query.withCursor(page.next().get());
        }
    }

    private static Set<String> idsInTable() throws Exception {
        Set<String> ids = new HashSet<>();
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT id::text FROM nl2sql_audit")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
