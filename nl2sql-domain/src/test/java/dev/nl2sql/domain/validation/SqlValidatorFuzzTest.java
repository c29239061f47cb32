package dev.nl2sql.domain.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.nl2sql.domain.schema.SchemaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random token soups and mutated corpus entries: the validator never throws and answers each within 50 ms. */
class SqlValidatorFuzzTest {

    private static final long SEED = 20261125L;
    private static final long BUDGET_NANOS = 50_000_000L;
    /** The parse timeout leaves the rest of the 50 ms budget to lexing, resolving and a loaded test machine. */
    private static final ValidationPolicy POLICY = ValidationPolicy.DEFAULT.withParseTimeout(java.time.Duration.ofMillis(25));
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
        long fastest = Long.MAX_VALUE;
        // The best of three: a GC pause or an abandoned parse still running on a two-core CI machine is not the
        // validator being slow, but a statement that is slow three times in a row is.
        for (int attempt = 0; attempt < 3 && fastest >= BUDGET_NANOS; attempt++) {
            long start = System.nanoTime();
            assertThatCode(() -> validator.check(sql, chinook, POLICY)).as(sql).doesNotThrowAnyException();
            fastest = Math.min(fastest, System.nanoTime() - start);
        }
        assertThat(fastest).as("nanoseconds to check " + sql).isLessThan(BUDGET_NANOS);
    }
}
