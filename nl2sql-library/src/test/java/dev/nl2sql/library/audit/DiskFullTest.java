package dev.nl2sql.library.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.error.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log on a disk that refuses its writes: a file of the log is a link to {@code /dev/full}, where every write
 * fails with the kernel's own "No space left on device". With {@code fsync: always} a caller is told, so that its
 * answer is withheld; either way the entry is written once the disk takes it, exactly once.
 */
class DiskFullTest {

    private static final Instant NOON = Instant.parse("2026-11-25T12:00:00Z");
    private static final Path FULL = Path.of("/dev/full");
    /** Takes every write and throws it away; its {@code fdatasync} fails: a disk that loses what it could not force. */
    private static final Path LOSING = Path.of("/dev/null");

    @TempDir
    Path dir;

    private final Entries.HandClock clock = new Entries.HandClock(NOON);

    @BeforeEach
    void theDiskIsFullAtToday() throws IOException {
        Files.createSymbolicLink(today(), FULL);
    }

    private Path today() {
        return dir.resolve("audit-2026-11-25.jsonl");
    }

    @Test
    void withFsyncAlwaysAWriteTheDiskRefusesIsReportedInItsOwnWords() {
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(dir), clock)) {
            Optional<Failure.AuditUnavailable> kept = log.keep(Entries.entry(NOON, "shop"));

            assertThat(kept).get().extracting(Failure::code).isEqualTo(ErrorCode.AUDIT_UNAVAILABLE);
            assertThat(kept.get().reason()).isEqualTo("writing failed: No space left on device");
            assertThat(kept.get().message()).doesNotContain(dir.toString()).contains("withheld");
        }
    }

    @Test
    void anEntryTheDiskRefusedIsWrittenBeforeTheNextOnceTheDiskTakesThem() throws IOException {
        AuditEntry refused = Entries.entry(NOON, "shop");
        AuditEntry next = Entries.entry(NOON, "shop");
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(dir), clock)) {
            assertThat(log.keep(refused)).isPresent();
            Files.delete(today()); // space again

            assertThat(log.keep(next)).isEmpty();
            assertThat(ids(today())).containsExactly(refused.id(), next.id());
        }
        assertThat(ids(today())).containsExactly(refused.id(), next.id());
    }

    /**
     * A disk that takes the lines and then fails to force them: {@code /dev/null} accepts every write and throws it away,
     * and its {@code fdatasync} fails with "Invalid argument". The lines it took are not trusted: they are written again.
     */
    @Test
    void linesWhoseForceFailedAreWrittenAgainOnceTheDiskWorks() throws IOException {
        Files.delete(today());
        Files.createSymbolicLink(today(), LOSING);
        AuditEntry unforced = Entries.entry(NOON, "shop");
        AuditEntry next = Entries.entry(NOON, "shop");
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(dir), clock)) {
            assertThat(log.keep(unforced)).get().extracting(Failure.AuditUnavailable::reason)
                    .isEqualTo("forcing it to disk failed: Invalid argument");
            Files.delete(today());

            assertThat(log.keep(next)).isEmpty();
        }
        assertThat(ids(today())).containsExactly(unforced.id(), next.id());
    }

    @Test
    void withFsyncBatchACallerIsNotToldSinceItWasPromisedOnlyTheInterval() throws IOException {
        AuditEntry entry = Entries.entry(NOON, "shop");
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(dir).withFsync(JsonlAuditLog.Fsync.BATCH, Duration.ofMillis(10)),
                clock)) {
            assertThat(log.keep(entry)).isEmpty();
            Files.delete(today());
        }
        assertThat(ids(today())).containsExactly(entry.id());
    }

    @Test
    void aClosedLogReportsEveryEntryItCanNoLongerWrite() throws IOException {
        Files.delete(today());
        JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(dir).withFsync(JsonlAuditLog.Fsync.BATCH, Duration.ofMillis(10)), clock);
        log.close();

        assertThat(log.keep(Entries.entry(NOON, "shop"))).get().extracting(Failure.AuditUnavailable::reason).asString().contains("closed");
    }

    /**
     * A generator: callers on several threads while the disk fills and empties, or loses what it cannot force, at random
     * (links to {@code /dev/full} or {@code /dev/null} planted where the log's next files will be, taken away later). A caller told nothing must find its line in a
     * file when it is told; once the disk has room again, every entry is there exactly once, told or not, and every
     * line reads back. Seeded; a failure names its seed.
     */
    @Test
    void callersOnADiskThatFailsAndRecoversAtRandomAreNeverToldOfALineThatIsNotThere() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Files.delete(today());
        int threads = 6;
        int perThread = 40;
        Map<String, Optional<Failure.AuditUnavailable>> told = new ConcurrentHashMap<>();
        List<String> notThere = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        try (JsonlAuditLog log = new JsonlAuditLog(JsonlAuditLog.Settings.of(dir).withRotation(1_500 + random.nextInt(3_000), 30), clock)) {
            CountDownLatch callersDone = new CountDownLatch(threads);
            Future<?> disk = pool.submit(() -> fillAndEmpty(new Random(random.nextLong()), callersDone));
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long callerSeed = random.nextLong();
                callers.add(pool.submit(() -> {
                    Random pace = new Random(callerSeed);
                    try {
                        for (int i = 0; i < perThread; i++) {
                            AuditEntry entry = Entries.entry(NOON, "shop");
                            Optional<Failure.AuditUnavailable> kept = log.keep(entry);
                            told.put(entry.id(), kept);
                            if (kept.isEmpty() && !linesOnDisk().containsKey(entry.id())) {
                                notThere.add(entry.id());
                            }
                            Thread.sleep(pace.nextInt(3));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        callersDone.countDown();
                    }
                    return null;
                }));
            }
            for (Future<?> caller : callers) {
                caller.get();
            }
            disk.get(); // takes its last links away
        } finally {
            pool.shutdownNow();
        }

        Map<String, Long> onDisk = linesOnDisk();
        String context = "seed " + seed + ", refused " + told.values().stream().filter(Optional::isPresent).count() + " of " + told.size();
        System.out.println("disk that fails and recovers at random: " + context);
        assertThat(notThere).as(context).isEmpty();
        assertThat(onDisk).as(context).containsOnlyKeys(told.keySet());
        assertThat(onDisk.values()).as(context).containsOnly(1L);
        assertThat(told.values().stream().filter(Optional::isPresent)).as(context + ": the disk never refused, so nothing was tried")
                .isNotEmpty();
    }

    /** Plants links to a failing device at the log's next file names and takes them away later, until the callers are done. */
    private Void fillAndEmpty(Random random, CountDownLatch callersDone) throws Exception {
        while (callersDone.getCount() > 0) {
            int newest = files().stream().map(AuditFiles::parse).flatMap(Optional::stream).mapToInt(AuditFiles.LogFile::index).max().orElse(0);
            List<Path> planted = new ArrayList<>();
            for (int ahead = 0; ahead <= random.nextInt(3); ahead++) {
                Path path = AuditFiles.path(dir, clock.instant().atZone(ZoneOffset.UTC).toLocalDate(), newest + 1 + ahead);
                try {
                    Files.createSymbolicLink(path, random.nextBoolean() ? FULL : LOSING);
                    planted.add(path);
                } catch (FileAlreadyExistsException written) {
                    // the log got there first
                }
            }
            Thread.sleep(5 + random.nextInt(30));
            for (Path path : planted) {
                Files.delete(path);
            }
            Thread.sleep(20 + random.nextInt(60));
        }
        return null;
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(path -> path.getFileName().toString().startsWith("audit-")).toList();
        }
    }

    /**
     * {@return how many lines each entry id has in the log's regular files} A line that does not read fails the test; a
     * last line without its newline yet is being written, and is not counted.
     */
    private Map<String, Long> linesOnDisk() {
        try {
            List<String> ids = new ArrayList<>();
            for (Path file : files()) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    ids.addAll(ids(file));
                }
            }
            return ids.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> ids(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        String text = Files.readString(file);
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            ids.add(AuditJson.entry(bytes, 0, bytes.length).orElseThrow(() -> new AssertionError("a line that does not read: " + line)).id());
        }
        return ids;
    }
}
