package dev.nl2sql.domain.linking;

import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Linking one question on a generated 1,000 × 20 schema, the per-snapshot index already built.
 *
 * <pre>
 * ./build mvn -q -pl nl2sql-domain test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.openjdk.jmh.Main -Dexec.args="SchemaLinkerBenchmark -f 0 -wi 3 -i 5 -w 2s -r 2s"
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SchemaLinkerBenchmark {

    private static final List<String> QUESTIONS = List.of(
            "total amount per country in wide_t0500",
            "How many rows with status open are in table 17?",
            "average price by city",
            "which codes were created in 2024",
            "quantity of notes for every name");

    private final SchemaLinker linker = new SchemaLinker();
    private SchemaSnapshot wide;
    private int next;

    @Setup(Level.Trial)
    public void build() {
        wide = ShopSchema.wide(1_000, 20);
        SchemaIndex.of(wide);
    }

    @Benchmark
    public void linkOneQuestion(Blackhole sink) {
        int i = next;
        next = (i + 1) % QUESTIONS.size();
        sink.consume(linker.link(QUESTIONS.get(i), wide));
    }
}
