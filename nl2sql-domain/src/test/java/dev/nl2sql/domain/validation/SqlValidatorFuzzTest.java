package dev.nl2sql.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random token soups and mutated corpus entries: the validator never throws, and its work stays bounded: the caller's
 * own work (lexing, resolving; the parse runs on the parser pool, bounded by its timeout) takes under 25 ms of CPU, and
 * no answer takes longer than the parse timeout plus a second. CPU time, not wall time, for the first: another build on
 * a two-core machine stretches wall time, never the CPU a check needs.
 */
class SqlValidatorFuzzTest {

    private static final long SEED = 20261125L;
    private static final long CPU_BUDGET_NANOS = 25_000_000L;
    private static final java.time.Duration PARSE_TIMEOUT = java.time.Duration.ofMillis(25);
    private static final long WALL_BUDGET_NANOS = PARSE_TIMEOUT.plusSeconds(1).toNanos();
    private static final ValidationPolicy POLICY = ValidationPolicy.DEFAULT.withParseTimeout(PARSE_TIMEOUT);
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    private static final String[] VOCABULARY = {
        "SELECT", "FROM", "WHERE", "WITH", "AS", "(", ")", "[", "]", ",", ";", "*", "=", "<>", "::", "'x'", "E'\\''", "$$",
        "$a$", "\"q\"", "U&\"x\"", "--", "/*", "*/", "1", "1.5e3", "album", "title", "artist_id", "a", "JOIN", "ON",
        "USING", "UNION", "ALL", "LIMIT", "OFFSET", "FETCH", "FIRST", "ROWS", "ONLY", "ORDER", "BY", "GROUP", "HAVING",
        "EXPLAIN", "ANALYZE", "DELETE", "INSERT", "INTO", "FOR", "UPDATE", "VALUES", "TABLE", "LATERAL", "pg_sleep",
        "count", "generate_series", "OVER", "PARTITION", "CASE", "WHEN", "THEN", "ELSE", "END", "NOT", "MATERIALIZED",
        "NULL", "->>", "?", "$1", "\\", "\n", "\t", "é", "\u0000"};

    private final SqlValidator validator = new SqlValidator();
    private final SchemaSnapshot chinook = DatasetSchemas.chinook();

    @Test
    void neverThrowsAndStaysFastOnRandomTokenSoups() {
        Random random = new Random(SEED);
        warmUp();
        for (int i = 0; i < 2_000; i++) {
            StringBuilder sql = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int t = 0; t < length; t++) {
                sql.append(VOCABULARY[random.nextInt(VOCABULARY.length)]).append(random.nextBoolean() ? " " : "");
            }
            assertQuickAndQuiet(sql.toString());
        }
    }

    @Test
    void neverThrowsAndStaysFastOnMutatedCorpusEntries() {
        Random random = new Random(SEED);
        List<String> seeds = new ArrayList<>();
        Corpora.accepted().forEach(e -> seeds.add(e.sql()));
        Corpora.rejected().forEach(e -> seeds.add(e.sql()));
        warmUp();
        for (int i = 0; i < 3_000; i++) {
            StringBuilder sql = new StringBuilder(seeds.get(random.nextInt(seeds.size())));
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && !sql.isEmpty(); m++) {
                int at = random.nextInt(sql.length());
                switch (random.nextInt(4)) {
                    case 0 -> sql.deleteCharAt(at);
                    case 1 -> sql.insert(at, VOCABULARY[random.nextInt(VOCABULARY.length)]);
                    case 2 -> sql.setCharAt(at, (char) (32 + random.nextInt(95)));
                    default -> sql.insert(at, sql.substring(at, Math.min(sql.length(), at + random.nextInt(20))));
                }
            }
            assertQuickAndQuiet(sql.toString());
        }
    }

    private void warmUp() {
        for (int round = 0; round < 3; round++) {
            Corpora.accepted().forEach(e -> validator.check(e.sql(), DatasetSchemas.forCorpus(e.db()), ValidationPolicy.DEFAULT));
        }
    }

    private void assertQuickAndQuiet(String sql) {
        long leastCpu = Long.MAX_VALUE;
        // The best of three: a GC or a JIT compilation on this thread is not the validator being slow, but a statement
        // that costs too much three times in a row is.
        for (int attempt = 0; attempt < 3 && leastCpu >= CPU_BUDGET_NANOS; attempt++) {
            long cpu = THREADS.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            assertThatCode(() -> validator.check(sql, chinook, POLICY)).as(sql).doesNotThrowAnyException();
            assertThat(System.nanoTime() - wall).as("nanoseconds waited for " + sql).isLessThan(WALL_BUDGET_NANOS);
            leastCpu = Math.min(leastCpu, THREADS.getCurrentThreadCpuTime() - cpu);
        }
        assertThat(leastCpu).as("CPU nanoseconds to check " + sql).isLessThan(CPU_BUDGET_NANOS);
    }
}
