package dev.nl2sql.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.Nl2SqlConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of {@code audit.fsync: always}, tried the way a busy host breaks it: calls on several threads at once
 * against a real database and real audit files, each thread interrupted at random moments (an application cancelling
 * its work), so that interrupts land in the statement, in the wait for a connection and in the audit's own write and
 * force. Every call that hands back rows must find its line in the files when it returns; at the end every call has
 * exactly one line. Seeded; a failure names its seed.
 */
class UnrecordedAnswersFuzzTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    Path temp;

    @BeforeAll
    static void shop() throws Exception {
        Shop.create(db);
    }

    @Test
    void noCallHandsBackRowsWhoseLineIsNotInTheFiles() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path audit = temp.resolve("audit");
        int threads = 6;
        int perThread = 60;
        List<String> unrecorded = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger interrupted = new AtomicInteger();
        try (Nl2Sql nl2sql = Nl2Sql.builder().config(Nl2SqlConfig.of(List.of(Shop.configured(db)), audit)).build()) {
            CountDownLatch done = new CountDownLatch(threads);
            List<Thread> callers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t * perThread;
                callers.add(Thread.ofPlatform().name("caller-" + t).start(() -> {
                    try {
                        for (int call = first; call < first + perThread; call++) {
                            String sql = "SELECT " + call + " AS call_number, name FROM customers";
                            QueryOutcome outcome = nl2sql.run("shop", sql);
                            if (Thread.interrupted()) {
                                interrupted.incrementAndGet(); // cleared for the next call, as a pool thread would be
                            }
                            if (outcome instanceof QueryOutcome.Succeeded) {
                                answered.incrementAndGet();
                                if (!inFiles(audit, sql)) {
                                    unrecorded.add(sql);
                                }
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }));
            }
            while (done.getCount() > 0) {
                Thread.sleep(1 + random.nextInt(15));
                callers.get(random.nextInt(threads)).interrupt();
            }
            for (Thread caller : callers) {
                caller.join();
            }
        }

        String context = "seed " + seed + ": " + answered + " of " + threads * perThread + " calls answered, " + interrupted
                + " interrupted";
        System.out.println("calls interrupted at random: " + context);
        assertThat(unrecorded).as(context).isEmpty();
        for (int call = 0; call < threads * perThread; call++) {
            String sql = "SELECT " + call + " AS call_number, name FROM customers";
            assertThat(lines(audit).stream().filter(line -> line.contains("\"generated_sql\":\"" + sql + "\"")).count())
                    .as(context + ": lines of call " + call).isEqualTo(1);
        }
        assertThat(interrupted.get()).as(context + ": no interrupt landed in a call, so nothing was tried").isPositive();
        assertThat(answered.get()).as(context + ": interrupts of some calls stopped the others").isGreaterThan(threads * perThread / 4);
    }

    private static boolean inFiles(Path audit, String sql) {
        return lines(audit).stream().anyMatch(line -> line.contains(sql));
    }

    private static List<String> lines(Path audit) {
        try (Stream<Path> files = Files.list(audit)) {
            List<String> lines = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).toList()) {
                lines.addAll(Files.readAllLines(file));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
