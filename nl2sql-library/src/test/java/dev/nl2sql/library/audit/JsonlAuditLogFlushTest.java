package dev.nl2sql.library.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.nl2sql.domain.audit.AuditEntry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How {@link JsonlAuditLog.Fsync#ALWAYS} gets lines to disk: who writes them, how callers share a force, and what stops them. */
@Timeout(60)
class JsonlAuditLogFlushTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    private final GateClock clock = new GateClock(NOON);

    private Path auditDir() {
        return dir.resolve("audit");
    }

    @Test
    void aLoneCallerWritesAndForcesItsLineOnItsOwnThreadWhileTheWriterSleeps() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadCpuTimeSupported());
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(auditDir()), clock)) {
            Thread writer = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("nl2sql-audit-writer") && !before.contains(t)).findFirst().orElseThrow();
            log.record(Entries.entry(NOON, "shop"));
            while (writer.getState() != Thread.State.WAITING && writer.getState() != Thread.State.TIMED_WAITING) {
                Thread.sleep(1);
            }
            long writerCpu = threads.getThreadCpuTime(writer.threadId());
            long forces = log.forces();
            clock.readers.clear();

            for (int i = 0; i < 100; i++) {
                log.record(Entries.entry(NOON, "shop"));
            }

            assertThat(clock.readers).as("threads that looked up the file's day").containsOnly(Thread.currentThread());
            assertThat(threads.getThreadCpuTime(writer.threadId())).as("the writer's CPU time").isEqualTo(writerCpu);
            assertThat(log.forces() - forces).as("forces, one per call").isEqualTo(100);
        }
        assertThat(lines()).hasSize(101);
    }

    @Test
    void concurrentCallersShareForcesAndEveryEntryIsOneWholeLine() throws Exception {
        int callers = 16;
        int each = 500;
        Set<String> recorded = ConcurrentHashMap.newKeySet();
        long forces;
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(auditDir()).withRotation(1_000_000, 30), clock)) {
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> started = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                started.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < each; i++) {
                        AuditEntry entry = Entries.entry(NOON, "shop", "ok", "caller " + caller + " question " + i, "SELECT " + i);
                        log.record(entry);
                        recorded.add(entry.id());
                    }
                }));
            }
            start.countDown();
            for (Thread t : started) {
                t.join();
            }
            forces = log.forces();
        }

        List<String> lines = lines();
        assertThat(lines).allSatisfy(line -> assertThat(entry(line)).isNotNull());
        assertThat(lines.stream().map(line -> entry(line).id()).toList()).hasSize(callers * each).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(recorded);
        try (Stream<Path> files = Files.list(auditDir())) {
            assertThat(files.count()).as("files, rotated by size").isGreaterThan(1);
        }
        assertThat(forces).as("forces for %d entries", callers * each).isLessThan(callers * each / 2);
    }

    @Test
    void aCallerWaitsWhileTheQueueIsFullAndNothingIsDropped() throws Exception {
        JsonlAuditLog.Settings settings = new JsonlAuditLog.Settings(auditDir(), JsonlAuditLog.Fsync.BATCH, Duration.ofMillis(100),
                JsonlAuditLog.Settings.DEFAULT_MAX_FILE_SIZE, 30, 2);
        List<AuditEntry> entries = Stream.generate(() -> Entries.entry(NOON, "shop")).limit(4).toList();
        try (JsonlAuditLog log = new JsonlAuditLog(settings, clock)) {
            CountDownLatch writing = clock.close();
            log.record(entries.get(0));
            assertThat(writing.await(10, TimeUnit.SECONDS)).as("the writer holds the first entry").isTrue();
            log.record(entries.get(1)); // with fsync: batch a call returns once its entry is queued ...
            log.record(entries.get(2));
            Thread fourth = Thread.ofPlatform().start(() -> log.record(entries.get(3))); // ... and waits while the queue is full

            fourth.join(300);
            assertThat(fourth.isAlive()).as("the fourth call waits for room").isTrue();
            assertThat(fourth.getState()).as("for room, as long as for the disk").isEqualTo(Thread.State.TIMED_WAITING);

            clock.open();
            fourth.join();
        }
        assertThat(lines().stream().map(line -> entry(line).id())).containsExactlyElementsOf(entries.stream().map(AuditEntry::id).toList());
    }

    @Test
    void manyCallersThroughAQueueOfOneLoseNothing() throws Exception {
        JsonlAuditLog.Settings settings = new JsonlAuditLog.Settings(auditDir(), JsonlAuditLog.Fsync.ALWAYS, Duration.ofMillis(100),
                JsonlAuditLog.Settings.DEFAULT_MAX_FILE_SIZE, 30, 1);
        Set<String> recorded = ConcurrentHashMap.newKeySet();
        try (JsonlAuditLog log = new JsonlAuditLog(settings, clock)) {
            List<Thread> started = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                started.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 100; i++) {
                        AuditEntry entry = Entries.entry(NOON, "shop");
                        log.record(entry);
                        recorded.add(entry.id());
                    }
                }));
            }
            for (Thread t : started) {
                t.join();
            }
        }
        assertThat(lines().stream().map(line -> entry(line).id()).toList()).hasSize(800).containsExactlyInAnyOrderElementsOf(recorded);
    }

    @Test
    void aFailedWriteReturnsToTheCallerAndTheEntriesAreWrittenOnceTheDiskIsBack() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(auditDir(), "not a directory");
        List<AuditEntry> entries = Stream.generate(() -> Entries.entry(NOON, "shop")).limit(5).toList();
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(auditDir()), clock)) {
            for (AuditEntry entry : entries.subList(0, 4)) {
                long started = System.nanoTime();
                log.record(entry);
                assertThat(Duration.ofNanos(System.nanoTime() - started)).as("back after the failed attempt, not the 10 s wait")
                        .isLessThan(Duration.ofSeconds(5));
            }
            assertThat(Files.readString(auditDir())).isEqualTo("not a directory");

            Files.delete(auditDir());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.isDirectory(auditDir()) || lines().size() < 4) { // the writer retries about every second
                assertThat(System.nanoTime() - deadline).as("time left for a retry to write the kept entries").isNegative();
                Thread.sleep(50);
            }
            log.record(entries.get(4));
        }
        assertThat(lines().stream().map(line -> entry(line).id())).containsExactlyElementsOf(entries.stream().map(AuditEntry::id).toList());
    }

    @Test
    void anInterruptDuringTheWriteCostsTheCallerNeitherItsLineNorItsStatus() throws Exception {
        List<AuditEntry> entries = Stream.generate(() -> Entries.entry(NOON, "shop")).limit(3).toList();
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(auditDir()), clock)) {
            log.record(entries.get(0));
            CountDownLatch writing = clock.close();
            boolean[] interruptedAfter = new boolean[1];
            Thread caller = Thread.ofPlatform().start(() -> {
                log.record(entries.get(1));
                interruptedAfter[0] = Thread.currentThread().isInterrupted();
            });
            assertThat(writing.await(10, TimeUnit.SECONDS)).as("the caller is writing its own line").isTrue();
            caller.interrupt(); // a FileChannel closes itself when its thread is interrupted
            clock.open();
            caller.join();

            assertThat(interruptedAfter[0]).as("the caller's interrupt status").isTrue();
            assertThat(lines()).as("on disk when record() returned").hasSize(2);
            log.record(entries.get(2));
        }
        assertThat(lines().stream().map(line -> entry(line).id())).containsExactlyElementsOf(entries.stream().map(AuditEntry::id).toList());
    }

    private List<String> lines() throws IOException {
        List<String> lines = new ArrayList<>();
        for (AuditFiles.LogFile file : AuditFiles.list(auditDir())) {
            lines.addAll(Files.readAllLines(file.path()));
        }
        return lines;
    }

    private static AuditEntry entry(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return AuditJson.entry(bytes, 0, bytes.length).orElse(null);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A clock that notes which threads read it, and that holds them while it is closed. */
    private static final class GateClock extends Clock {
        final Set<Thread> readers = ConcurrentHashMap.newKeySet();
        private final Instant now;
        private volatile CountDownLatch gate = new CountDownLatch(0);
        private volatile CountDownLatch entered = new CountDownLatch(1);

        GateClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        /** Holds the next readers until {@link #open}; {@return a latch that opens when the first is held} */
        CountDownLatch close() {
            entered = new CountDownLatch(1);
            gate = new CountDownLatch(1);
            return entered;
        }

        void open() {
            gate.countDown();
        }

        @Override
        public Instant instant() {
            readers.add(Thread.currentThread());
            entered.countDown();
            boolean interrupted = false;
            while (true) {
                try {
                    gate.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            return now;
        }
    }
}
