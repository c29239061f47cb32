package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.fixtures.harness.FrozenDisk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The assembled server over HTTP with {@code audit.fsync: always} (the default) while the audit's disk stops answering:
 * its file system is frozen with the kernel's {@code fsfreeze} ({@link FrozenDisk}; needs root, skipped elsewhere). The
 * call whose flush the disk holds waits for it; once that flush has outlasted a caller's 10 s, a burst of calls is
 * answered at once, rows withheld; when the disk answers, the held call gets its rows and every entry is on disk once.
 */
@Timeout(value = 90, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AuditStallTest {

    private static final FrozenDisk.Result DISK = FrozenDisk.mount(scratch());
    private static final Path AUDIT = switch (DISK) {
        case FrozenDisk.Result.Mounted mounted -> mounted.disk().root().resolve("audit");
        case FrozenDisk.Result.Unavailable unavailable -> scratch().resolve("audit");
    };
    private static final String SQL = "SELECT email FROM customers ORDER BY customer_id LIMIT 1";
    private static final int BURST = 16;

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp().yaml(() -> "audit: {path: " + AUDIT + "}\n");

    private static Path scratch() {
        try {
            return Files.createTempDirectory("audit-stall");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void thawAndUnmount() throws IOException {
        if (DISK instanceof FrozenDisk.Result.Mounted mounted) {
            mounted.disk().close(); // a lazy unmount: the server, stopped after this, still holds its audit file open
        }
    }

    @Test
    void callsDuringAStallAreAnsweredAtOnceWithTheirRowsWithheldAndEveryEntryIsKeptWhenTheDiskAnswers() throws Exception {
        if (!(DISK instanceof FrozenDisk.Result.Mounted mounted)) {
            Assumptions.abort("no file system to freeze here: " + ((FrozenDisk.Result.Unavailable) DISK).why());
            return;
        }
        FrozenDisk disk = mounted.disk();
        String email = firstEmail();
        RawMcp mcp = RawMcp.on(shop.port());
        String session = mcp.initialize();
        assertThat(call(mcp, session).path("isError").asBoolean()).as("a healthy disk").isFalse();
        ExecutorService callers = Executors.newCachedThreadPool();
        try {
            disk.freeze();
            Future<JsonNode> held = callers.submit(() -> call(mcp, session));
            Thread.sleep(Duration.ofSeconds(10).plusMillis(500).toMillis()); // longer than a caller waits for the disk

            long started = System.nanoTime();
            List<Future<JsonNode>> burst = new ArrayList<>();
            for (int i = 0; i < BURST; i++) {
                burst.add(callers.submit(() -> call(mcp, session)));
            }
            for (Future<JsonNode> answer : burst) {
                JsonNode result = answer.get(30, TimeUnit.SECONDS);
                assertThat(result.path("structuredContent").path("code").asText()).isEqualTo("AUDIT_UNAVAILABLE");
                assertThat(result.path("content").get(0).path("text").asText()).contains("the disk has not answered a flush for");
                assertThat(result.toString()).doesNotContain(email);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the whole burst").isLessThan(Duration.ofSeconds(5)); // not 10 s each
            assertThat(held).as("the call inside the stalled flush").isNotDone();

            disk.thaw();
            JsonNode answered = held.get(30, TimeUnit.SECONDS);
            assertThat(answered.path("isError").asBoolean()).isFalse();
            assertThat(answered.toString()).contains(email);
        } finally {
            disk.thaw();
            callers.shutdownNow();
        }
        Path today = AUDIT.resolve("audit-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Files.readAllLines(today).size() < 2 + BURST && System.nanoTime() < deadline) {
            Thread.sleep(50); // the burst's entries, which no caller waits for, go to disk with the log's writer
        }
        assertThat(Files.readAllLines(today)).hasSize(2 + BURST).allSatisfy(line -> assertThat(line).contains(SQL));
    }

    private static JsonNode call(RawMcp mcp, String session) {
        return mcp.request(session, "tools/call", "{\"name\":\"run_sql\",\"arguments\":{\"sql\":\"" + SQL + "\"}}").path("result");
    }

    private static String firstEmail() throws Exception {
        try (Connection connection = shop.db().connect(); ResultSet rows = connection.createStatement().executeQuery(SQL)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }
}
