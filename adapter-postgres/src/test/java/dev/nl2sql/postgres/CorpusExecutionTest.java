package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.ErrorCode;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.PublicDataset;
import dev.nl2sql.fixtures.SharedDirectory;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.usecase.RunSql;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shared corpora, end to end over the real catalog: every accept entry passes validation and runs in the
 * read-only transaction on Chinook or Northwind; every reject entry is refused and never reaches the database.
 */
class CorpusExecutionTest {

    @RegisterExtension
    static final TestDatabase chinook = new TestDatabase();

    @RegisterExtension
    static final TestDatabase northwind = new TestDatabase();

    private static final DatabaseName CHINOOK = DatabaseName.of("chinook");
    private static final DatabaseName NORTHWIND = DatabaseName.of("northwind");

    private static QueryStack stack;
    private static RunSql runSql;

    record Entry(String id, String category, String sql, String db) {
        DatabaseName database() {
            return db.equals("northwind") ? NORTHWIND : CHINOOK;
        }

        @Override
        public String toString() {
            return id + " " + category;
        }
    }

    @BeforeAll
    static void loadDatasetsAndWire() throws SQLException {
        try (Connection c = chinook.connect()) {
            new FixtureLoader().load(PublicDataset.CHINOOK.fixture(), c, Progress.none());
        }
        try (Connection c = northwind.connect()) {
            new FixtureLoader().load(PublicDataset.NORTHWIND.fixture(), c, Progress.none());
        }
        stack = QueryStack.over(Map.of(CHINOOK, chinook, NORTHWIND, northwind), Map.of());
        runSql = stack.runSql;
    }

    @AfterAll
    static void closePools() {
        stack.close();
    }

    static Stream<Entry> accepted() throws IOException {
        return read("accept.jsonl");
    }

    static Stream<Entry> rejected() throws IOException {
        return read("reject.jsonl");
    }

    private static Stream<Entry> read(String file) throws IOException {
        Path corpus = SharedDirectory.locate().resolve("corpora").resolve(file);
        ObjectMapper json = new ObjectMapper();
        return Files.readAllLines(corpus).stream().filter(line -> !line.isBlank()).map(line -> {
            try {
                JsonNode node = json.readTree(line);
                return new Entry(node.get("id").asText(), node.get("category").asText(), node.get("sql").asText(),
                        node.get("db").asText());
            } catch (IOException e) {
                throw new IllegalStateException("bad corpus line: " + line, e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedEntryRunsReadOnlyWithinTheMemoryBound(Entry entry) {
        long before = ALLOCATIONS.getCurrentThreadAllocatedBytes();

        QueryOutcome outcome = runSql.run(new QueryRequest.Sql(entry.database(), entry.sql(), Limits.AS_CONFIGURED));

        assertThat(outcome).as(entry.sql()).isInstanceOf(QueryOutcome.Succeeded.class);
        assertThat(ALLOCATIONS.getCurrentThreadAllocatedBytes() - before).as("bytes allocated running " + entry.sql())
                .isLessThan(ValueSizeTest.MEMORY_BOUND);
    }

    private static final com.sun.management.ThreadMXBean ALLOCATIONS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectedEntryNeverReachesTheDatabase(Entry entry) throws SQLException {
        String before = fingerprint(entry.database());

        QueryOutcome outcome = runSql.run(new QueryRequest.Sql(entry.database(), entry.sql(), Limits.AS_CONFIGURED));

        assertThat(outcome).as(entry.sql()).isInstanceOfSatisfying(QueryOutcome.Failed.class,
                failed -> assertThat(failed.failure().code()).isIn(ErrorCode.SQL_REJECTED, ErrorCode.SQL_INVALID));
        assertThat(fingerprint(entry.database())).isEqualTo(before);
    }

    /** Row counts and relation names of the database: any write that got through would change them. */
    private static String fingerprint(DatabaseName database) throws SQLException {
        TestDatabase db = database.equals(NORTHWIND) ? northwind : chinook;
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT string_agg(relname || ':' || n_live_tup || ':' || n_tup_ins || ':' || n_tup_upd || ':' || n_tup_del, ',' ORDER BY relname)
                  FROM pg_stat_user_tables""")) {
            rs.next();
            return rs.getString(1) + "|" + count(c, "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace");
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
