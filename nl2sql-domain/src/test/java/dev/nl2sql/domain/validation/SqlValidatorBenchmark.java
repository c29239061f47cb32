package dev.nl2sql.domain.validation;

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
 * The validator over every entry of the accept corpus, one entry per operation.
 *
 * <p>Not a JUnit test, so normal builds only compile it. Run it from the repository root with:
 *
 * <pre>
 * ./build mvn -q -pl nl2sql-domain test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.openjdk.jmh.Main -Dexec.args="SqlValidatorBenchmark -f 0 -wi 3 -i 5 -w 2s -r 2s"
 * </pre>
 *
 * ({@code -f 0} runs in Maven's JVM; for publishable numbers build a classpath and run with forks.)
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SqlValidatorBenchmark {

    private final SqlValidator validator = new SqlValidator();
    private final SqlValidator cachedValidator = SqlValidator.cached(4_096);
    private List<Corpora.CorpusEntry> entries;
    private List<SchemaSnapshot> schemas;
    private int next;

    @Setup(Level.Trial)
    public void load() {
        entries = Corpora.accepted();
        schemas = entries.stream().map(e -> DatasetSchemas.forCorpus(e.db())).toList();
    }

    /** Every check parses: the cost of a statement never seen before. */
    @Benchmark
    public void checkOneAcceptEntry(Blackhole sink) {
        int i = next;
        next = (i + 1) % entries.size();
        sink.consume(validator.check(entries.get(i).sql(), schemas.get(i), ValidationPolicy.DEFAULT));
    }

    /** The same statements again through the verdict cache: the cost of a repeated statement. */
    @Benchmark
    public void checkOneAcceptEntryAgain(Blackhole sink) {
        int i = next;
        next = (i + 1) % entries.size();
        sink.consume(cachedValidator.check(entries.get(i).sql(), schemas.get(i), ValidationPolicy.DEFAULT));
    }
}
