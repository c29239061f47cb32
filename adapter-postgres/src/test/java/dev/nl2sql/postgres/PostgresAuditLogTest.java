package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class PostgresAuditLogTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path dir;

    private PostgresAuditLog.Settings settings(String table) {
        return new PostgresAuditLog.Settings(db.server().host(), db.server().port(), db.name(), db.server().user(),
                db.server().password().isEmpty() ? Optional.empty() : Optional.of(db.server().password()), table,
                dir.resolve("spill").resolve(table + ".tsv"), 64, 20, Duration.ofMillis(200), Duration.ofMillis(300));
    }

    private static AuditEntry entry(int i) {
        return new AuditEntry(UUID.randomUUID().toString(), Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i), "mcp",
                Optional.of("client\t" + i), "sales", Optional.of("how many\nrows \\ " + i), Optional.of("SELECT " + i),
                Optional.empty(), i % 3 == 0 ? "failed" : "ok", i % 3 == 0 ? Optional.of(ErrorCode.DB_UNAVAILABLE) : Optional.empty(),
                Optional.empty(), 1, Optional.of("m"), 10, 20, Duration.ofMillis(5), Duration.ofMillis(1), Duration.ofMillis(7), i,
                false);
    }

    @Test
    void entriesLandExactlyOnce() throws Exception {
        List<AuditEntry> entries = new ArrayList<>();
        PostgresAuditLog.Settings small = settings("audit_once");
        // a queue that holds them all: on a loaded machine the small one fills while the table is created, and the rest
        // would wait in the spill for the next start (spillsWhileTheDatabaseIsAway covers that path)
        PostgresAuditLog.Settings roomy = new PostgresAuditLog.Settings(small.host(), small.port(), small.database(), small.user(),
                small.password(), small.table(), small.spill(), 1_000, small.batchSize(), Duration.ofSeconds(10), small.retryEvery());
        try (PostgresAuditLog log = new PostgresAuditLog(roomy)) {
            for (int i = 0; i < 150; i++) {
                AuditEntry e = entry(i);
                entries.add(e);
                log.record(e);
            }
            log.record(entries.get(7)); // the same entry again: still one row
        }
        assertExactlyOnce("audit_once", entries);
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT client, question, error_code, execute_ms FROM audit_once WHERE id = '"
                        + entries.get(3).id() + "'")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("client\t3");
            assertThat(rs.getString(2)).isEqualTo("how many\nrows \\ 3");
            assertThat(rs.getString(3)).isEqualTo(ErrorCode.DB_UNAVAILABLE.code());
            assertThat(rs.getLong(4)).isEqualTo(7);
        }
    }

    @Test
    void replicasStartingTogetherAllWriteToTheTableTheyCreate() throws Exception {
        // racing creators lose in one of three ways (23505, 42710, 42P07); a loser that took it for an outage spilled
        // everything it had until its next retry (seen in PostgresAuditHistoryTest on a loaded machine)
        for (int round = 0; round < 15; round++) {
            String table = "audit_race_" + round;
            List<AuditEntry> entries = new ArrayList<>();
            List<PostgresAuditLog> replicas = new ArrayList<>();
            for (int replica = 0; replica < 8; replica++) {
                PostgresAuditLog.Settings shared = settings(table);
                replicas.add(new PostgresAuditLog(new PostgresAuditLog.Settings(shared.host(), shared.port(), shared.database(), shared.user(),
                        shared.password(), table, dir.resolve("replica-" + replica).resolve("spill.tsv"), shared.queueCapacity(),
                        shared.batchSize(), shared.offerWait(), shared.retryEvery())));
                entries.add(entry(replica));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> writers = new ArrayList<>();
            for (int replica = 0; replica < replicas.size(); replica++) {
                PostgresAuditLog log = replicas.get(replica);
                AuditEntry entry = entries.get(replica);
                writers.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    log.record(entry);
                }));
            }
            go.countDown();
            for (Thread writer : writers) {
                writer.join();
            }
            replicas.forEach(PostgresAuditLog::close);

            assertThat(replicas).as("round %d: a replica spilled", round).noneMatch(PostgresAuditLog::spilling);
            assertExactlyOnce(table, entries);
        }
    }

    @Test
    void spillsWhileTheDatabaseIsAwayAndReplaysOnceItIsBack() throws Exception {
        PostgresAuditLog.Settings settings = settings("audit_spill");
        List<AuditEntry> entries = new ArrayList<>();
        try (PostgresAuditLog log = new PostgresAuditLog(settings)) {
            for (int i = 0; i < 40; i++) {
                entries.add(entry(i));
                log.record(entries.getLast());
            }
            await(() -> count("audit_spill") == 40);
            String away = db.name() + "_away";
            rename(db.name(), away);
            try {
                for (int i = 40; i < 100; i++) {
                    entries.add(entry(i));
                    log.record(entries.getLast());
                }
                await(() -> log.spilling() && lines(settings.spill()) == 60);
            } finally {
                rename(away, db.name());
            }
            for (int i = 100; i < 120; i++) {
                entries.add(entry(i));
                log.record(entries.getLast());
            }
            await(() -> !log.spilling() && count("audit_spill") == 120);
            assertThat(lines(settings.spill())).isZero();
        }
        assertExactlyOnce("audit_spill", entries);
    }

    @Test
    void closeFlushesAndWhatTheDatabaseDidNotTakeIsReplayedByTheNextStart() throws Exception {
        PostgresAuditLog.Settings settings = settings("audit_close");
        List<AuditEntry> entries = new ArrayList<>();
        try (PostgresAuditLog log = new PostgresAuditLog(settings)) {
            for (int i = 0; i < 30; i++) {
                entries.add(entry(i));
                log.record(entries.getLast());
            }
        }
        assertExactlyOnce("audit_close", entries); // close waited for the inserts

        String away = db.name() + "_away";
        rename(db.name(), away);
        try {
            try (PostgresAuditLog log = new PostgresAuditLog(settings)) {
                for (int i = 30; i < 50; i++) {
                    entries.add(entry(i));
                    log.record(entries.getLast());
                }
            }
            assertThat(lines(settings.spill())).isEqualTo(20);
        } finally {
            rename(away, db.name());
        }
        try (PostgresAuditLog log = new PostgresAuditLog(settings)) {
            await(() -> !log.spilling());
        }
        assertThat(lines(settings.spill())).isZero();
        assertExactlyOnce("audit_close", entries);
    }

    @Test
    void spillLinesRoundTrip() {
        AuditEntry e = entry(3);
        assertThat(PostgresAuditLog.parse(PostgresAuditLog.format(e))).contains(e);
        AuditEntry degraded = degraded(4);
        assertThat(PostgresAuditLog.parse(PostgresAuditLog.format(degraded))).contains(degraded);
    }

    @Test
    void aSpillLineFromBeforeTheDegradedColumnIsStillRead() {
        AuditEntry e = entry(5);
        String line = PostgresAuditLog.format(e);

        assertThat(PostgresAuditLog.parse(line.substring(0, line.lastIndexOf('\t')))).contains(e);
    }

    @Test
    void aDegradedAnswerKeepsItsMarkerInTheTableAlsoOneMadeBeforeTheColumn() throws Exception {
        db.execute("CREATE TABLE audit_old (id uuid PRIMARY KEY, timestamp timestamptz NOT NULL, surface text NOT NULL, client text, "
                + "database text NOT NULL, question text, generated_sql text, final_sql text, status text NOT NULL, error_code text, "
                + "reason text, attempts integer NOT NULL, model text, prompt_tokens bigint NOT NULL, completion_tokens bigint NOT NULL, "
                + "generate_ms bigint NOT NULL, validate_ms bigint NOT NULL, execute_ms bigint NOT NULL, row_count bigint NOT NULL, "
                + "truncated boolean NOT NULL)");
        AuditEntry degraded = degraded(6);
        try (PostgresAuditLog log = new PostgresAuditLog(settings("audit_old"))) {
            log.record(degraded);
            await(() -> count("audit_old") == 1);
        }
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT degraded FROM audit_old")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(degraded.degraded().orElseThrow());
        }
    }

    private static AuditEntry degraded(int i) {
        AuditEntry e = entry(i);
        return new AuditEntry(e.id(), e.timestamp(), e.surface(), e.client(), e.database(), e.question(), e.generatedSql(), e.finalSql(),
                e.status(), e.errorCode(), e.reason(), e.attempts(), Optional.of("offline"), e.promptTokens(), e.completionTokens(),
                e.generate(), e.validate(), e.execute(), e.rowCount(), e.truncated(),
                Optional.of("openai:scripted failed (LLM_UNAVAILABLE: HTTP 500\tafter 3 attempts); answered by offline"));
    }

    private void assertExactlyOnce(String table, List<AuditEntry> entries) throws SQLException {
        Set<String> expected = new HashSet<>();
        entries.forEach(e -> expected.add(e.id()));
        List<String> ids = new ArrayList<>();
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        assertThat(ids).hasSize(expected.size()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(ids)).isEqualTo(expected);
    }

    private long count(String table) {
        try (Connection c = db.connect(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException notYet) {
            return -1;
        }
    }

    private static long lines(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).size() : 0;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void rename(String from, String to) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try (Connection admin = db.server().connect("postgres"); Statement statement = admin.createStatement()) {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + from + "'");
                statement.execute("ALTER DATABASE " + from + " RENAME TO " + to);
                return;
            } catch (SQLException busy) {
                if (attempt >= 20) {
                    throw busy;
                }
                Thread.sleep(50);
            }
        }
    }
}
