package dev.nl2sql.library.audit;

import dev.nl2sql.domain.audit.AuditEntry;
import dev.nl2sql.domain.error.Failure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What keeping one call's audit entry costs the call: a line written and forced before it returns ({@code always}),
 * or queued for the writer ({@code batch}); run with {@code -t 8} to see callers share a force (group commit).
 *
 * <pre>
 * ./build mvn -q -pl nl2sql-library -am test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.openjdk.jmh.Main -Dexec.args="AuditLogBenchmark -f 0 -wi 2 -i 3 -w 2s -r 3s"
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuditLogBenchmark {

    @Param({"ALWAYS", "BATCH"})
    public JsonlAuditLog.Fsync fsync;

    private Path directory;
    private JsonlAuditLog log;

    @Setup(Level.Trial)
    public void open() throws IOException {
        directory = Files.createTempDirectory("audit-benchmark");
        log = new JsonlAuditLog(JsonlAuditLog.Settings.of(directory.resolve("audit")).withFsync(fsync, Duration.ofMillis(100)),
                Clock.systemUTC());
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        log.close();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Benchmark
    public Optional<Failure.AuditUnavailable> keepOneEntry() {
        return log.keep(Entries.entry(Instant.now(), "shop"));
    }
}
