package dev.nl2sql.library.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.Failure;
import dev.nl2sql.fixtures.harness.FrozenDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log on a disk that stops answering: its file system is frozen ({@link FrozenDisk}, the kernel's
 * {@code fsfreeze}), so the flush under way blocks in the kernel until it is thawed. Whoever made that flush waits with
 * it; every other caller is told within its wait, and once the flush has outlasted a wait, at once; a full queue refuses
 * an entry rather than hold its caller for ever; and when the disk answers again every entry it held is written once.
 * Needs root for the loop mount; skipped elsewhere. A caller held for ever must fail the test, not hang the build: the
 * timeout's own thread ends it.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StalledDiskTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    /** What a caller waits here instead of the 10 s of a server. */
    private static final Duration WAIT = Duration.ofSeconds(1);

    @TempDir
    Path work;

    private FrozenDisk disk;
    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final Entries.HandClock clock = new Entries.HandClock(NOON);

    @BeforeEach
    void mountADiskThatCanBeFrozen() {
        switch (FrozenDisk.mount(work)) {
            case FrozenDisk.Result.Mounted mounted -> disk = mounted.disk();
            case FrozenDisk.Result.Unavailable unavailable -> Assumptions.abort("no file system to freeze here: " + unavailable.why());
        }
    }

    @AfterEach
    void thawAndUnmount() throws IOException {
        if (disk != null) {
            disk.thaw(); // first: a caller stuck in the kernel returns
            callers.shutdownNow();
            disk.close();
        }
    }

    @Test
    void aCallerQueuedBehindAStalledFlushIsToldWhenItsWaitEnds() throws Exception {
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(dir()))) {
            stallAFlush(log);

            long started = System.nanoTime();
            Optional<Failure.AuditUnavailable> kept = log.keep(Entries.entry(NOON, "shop"));

            assertThat(kept).get().extracting(Failure.AuditUnavailable::reason).isEqualTo("the disk did not answer within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(WAIT.minusMillis(100), WAIT.plusSeconds(2));
            disk.thaw();
        }
    }

    @Test
    void onceAFlushHasOutlastedACallersWaitTheNextCallerIsToldAtOnce() throws Exception {
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(dir()))) {
            stallAFlush(log);
            Thread.sleep(WAIT.plusMillis(300).toMillis());

            long started = System.nanoTime();
            Optional<Failure.AuditUnavailable> kept = log.keep(Entries.entry(NOON, "shop"));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(500));
            assertThat(kept).get().extracting(Failure.AuditUnavailable::reason).asString().startsWith("the disk has not answered a flush for ");
            disk.thaw();
        }
    }

    @Test
    void readinessSaysTheDiskHasStoppedAnsweringUntilItAnswersAgain() throws Exception {
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(dir()))) {
            Future<Optional<Failure.AuditUnavailable>> stalled = stallAFlush(log);
            assertThat(log.problem()).as("within a caller's wait").isEmpty();
            Thread.sleep(WAIT.plusMillis(300).toMillis());

            assertThat(log.problem()).get().asString().startsWith("the disk has not answered a flush for ");

            disk.thaw();
            assertThat(stalled.get(10, TimeUnit.SECONDS)).as("the stalled flush went through").isEmpty();
            assertThat(log.problem()).isEmpty();
        }
    }

    @Test
    void theFoldersWriteCheckSaysTheDiskDidNotAnswerWhenTheWaitEndsInsteadOfHanging() throws Exception {
        try (JsonlAuditLog log = log(JsonlAuditLog.Settings.of(dir()))) {
            assertThat(log.keep(Entries.entry(NOON, "shop"))).isEmpty();
            disk.freeze();

            long started = System.nanoTime();
            Optional<String> problem = log.check().problem();

            assertThat(problem).contains("the disk did not answer a write within 1 s");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WAIT.plusSeconds(2));
            disk.thaw();
        }
    }

    @Test
    void withFsyncAlwaysAFullQueueRefusesTheEntryWhenTheWaitEndsInsteadOfHoldingTheCallerForEver() throws Exception {
        try (JsonlAuditLog log = log(smallQueue(JsonlAuditLog.Fsync.ALWAYS))) {
            stallAFlush(log);
            Thread.sleep(WAIT.plusMillis(300).toMillis()); // callers are told at once from now on, and their entries queued
            log.keep(Entries.entry(NOON, "shop"));
            log.keep(Entries.entry(NOON, "shop"));

            assertRefusedForAFullQueueWithinTheWait(log);
            disk.thaw();
        }
    }

    @Test
    void withFsyncBatchAFullQueueRefusesTheEntryWhenTheWaitEndsInsteadOfHoldingTheCallerForEver() throws Exception {
        try (JsonlAuditLog log = log(smallQueue(JsonlAuditLog.Fsync.BATCH))) {
            assertThat(log.keep(Entries.entry(NOON, "shop"))).isEmpty(); // the file is open
            disk.freeze();
            log.keep(Entries.entry(NOON, "shop")); // the writer takes it and stalls
            Thread.sleep(300);
            assertThat(log.keep(Entries.entry(NOON, "shop"))).as("batch callers are promised only the interval").isEmpty();
            assertThat(log.keep(Entries.entry(NOON, "shop"))).isEmpty();

            assertRefusedForAFullQueueWithinTheWait(log);
            disk.thaw();
        }
    }

    @Test
    void everyEntryTheStallHeldIsWrittenOnceWhenTheDiskAnswersAgainButNotTheOneRefusedForAFullQueue() throws Exception {
        List<String> held = new ArrayList<>();
        AuditEntry refused = Entries.entry(NOON, "shop");
        try (JsonlAuditLog log = log(smallQueue(JsonlAuditLog.Fsync.ALWAYS))) {
            AuditEntry first = Entries.entry(NOON, "shop");
            assertThat(log.keep(first)).isEmpty();
            held.add(first.id());
            AuditEntry stalledOne = Entries.entry(NOON, "shop");
            disk.freeze();
            Future<Optional<Failure.AuditUnavailable>> stalled = callers.submit(() -> log.keep(stalledOne));
            held.add(stalledOne.id());
            Thread.sleep(WAIT.plusMillis(300).toMillis());
            for (int i = 0; i < 2; i++) {
                AuditEntry queued = Entries.entry(NOON, "shop");
                assertThat(log.keep(queued)).as("told at once, queued").isPresent();
                held.add(queued.id());
            }
            assertThat(log.keep(refused)).isPresent();

            disk.thaw();
            assertThat(stalled.get(10, TimeUnit.SECONDS)).isEmpty();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (ids().size() < held.size() && System.nanoTime() < deadline) {
                Thread.sleep(20); // the writer takes the entries no caller waits for
            }
        }
        assertThat(ids()).containsExactlyElementsOf(held).doesNotContain(refused.id());
    }

    private void assertRefusedForAFullQueueWithinTheWait(JsonlAuditLog log) throws Exception {
        long started = System.nanoTime();
        Future<Optional<Failure.AuditUnavailable>> kept = callers.submit(() -> log.keep(Entries.entry(NOON, "shop")));

        assertThat(kept.get(WAIT.plusSeconds(3).toMillis(), TimeUnit.MILLISECONDS)).get().extracting(Failure.AuditUnavailable::reason)
                .isEqualTo("the audit queue is full: the disk has not taken the last 2 entries");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(WAIT.minusMillis(100));
    }

    /** Writes one entry (the file is then open), freezes the disk and starts a caller whose flush blocks; {@return that call} */
    private Future<Optional<Failure.AuditUnavailable>> stallAFlush(JsonlAuditLog log) throws InterruptedException {
        assertThat(log.keep(Entries.entry(NOON, "shop"))).isEmpty();
        disk.freeze();
        Future<Optional<Failure.AuditUnavailable>> stalled = callers.submit(() -> log.keep(Entries.entry(NOON, "shop")));
        Thread.sleep(300); // it is in the kernel by now
        assertThat(stalled).as("a flush on a frozen disk returned").isNotDone();
        return stalled;
    }

    private JsonlAuditLog log(JsonlAuditLog.Settings settings) {
        return new JsonlAuditLog(settings, clock, WAIT);
    }

    private JsonlAuditLog.Settings smallQueue(JsonlAuditLog.Fsync fsync) {
        return new JsonlAuditLog.Settings(dir(), fsync, Duration.ofMillis(10), JsonlAuditLog.Settings.DEFAULT_MAX_FILE_SIZE, 30, 2);
    }

    private Path dir() {
        return disk.root().resolve("audit");
    }

    private List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        try (var files = Files.list(dir())) {
            for (Path file : files.sorted().toList()) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    AuditJson.entry(bytes, 0, bytes.length).ifPresent(entry -> ids.add(entry.id()));
                }
            }
        }
        return ids;
    }
}
