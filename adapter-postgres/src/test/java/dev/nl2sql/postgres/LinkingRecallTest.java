package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.domain.linking.LinkedSchema;
import dev.nl2sql.domain.linking.SchemaLinker;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.domain.validation.ValidationPolicy;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.fixtures.PublicDataset;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Schema linking on real schemas: for the sample databases' example questions and for Chinook and Northwind
 * questions written for this test, the tables the gold SQL reads must be among the linked ones, within the token
 * budget. The figures go to {@code target/linking-recall.txt}.
 */
class LinkingRecallTest {

    @RegisterExtension
    static final TestDatabase ecommerceDb = new TestDatabase();

    @RegisterExtension
    static final TestDatabase socialDb = new TestDatabase();

    @RegisterExtension
    static final TestDatabase erpDb = new TestDatabase();

    @RegisterExtension
    static final TestDatabase chinookDb = new TestDatabase();

    @RegisterExtension
    static final TestDatabase northwindDb = new TestDatabase();

    private record Case(String db, String question, String sql) {}

    private static final Map<String, LoadedFixture> loaded = new LinkedHashMap<>();
    private static final List<Case> cases = new ArrayList<>();

    private final SchemaLinker linker = new SchemaLinker();

    @BeforeAll
    static void loadDatabasesAndQuestions() throws SQLException, IOException {
        loaded.put("ecommerce_small", LoadedFixture.load(ecommerceDb, SampleDatabase.ECOMMERCE_SMALL.fixture(), "ecommerce_small"));
        loaded.put("social_medium", LoadedFixture.load(socialDb, SampleDatabase.SOCIAL_MEDIUM.fixture(), "social_medium"));
        loaded.put("erp_large", LoadedFixture.load(erpDb, SampleDatabase.ERP_LARGE.fixture(), "erp_large"));
        loaded.put("chinook", LoadedFixture.load(chinookDb, PublicDataset.CHINOOK.fixture(), "chinook"));
        loaded.put("northwind", LoadedFixture.load(northwindDb, PublicDataset.NORTHWIND.fixture(), "northwind"));
        // clinic is the offline evaluation's held-out schema (eval/README.md), loaded by no test that tunes anything
        for (SampleDatabase db : List.of(SampleDatabase.ECOMMERCE_SMALL, SampleDatabase.SOCIAL_MEDIUM, SampleDatabase.ERP_LARGE)) {
            db.questions().forEach(q -> cases.add(new Case(db.fixtureName(), q.question(), q.sql())));
        }
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = LinkingRecallTest.class.getResourceAsStream("/linking/questions.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    cases.add(new Case(node.get("db").asText(), node.get("question").asText(), node.get("sql").asText()));
                }
            }
        }
    }

    @Test
    void linksTheTablesEveryGoldQueryReadsWithinTheBudget() throws IOException {
        int needed = 0;
        int found = 0;
        List<Integer> sizes = new ArrayList<>();
        List<String> misses = new ArrayList<>();
        Map<String, int[]> perDatabase = new LinkedHashMap<>();
        for (Case c : cases) {
            LoadedFixture fixture = loaded.get(c.db());
            Verdict verdict = new SqlValidator().check(c.sql(), fixture.schema(), ValidationPolicy.DEFAULT);
            assertThat(verdict).as(c.sql()).isInstanceOf(Verdict.Accepted.class);
            List<String> gold = ((Verdict.Accepted) verdict).tables();

            LinkedSchema linked = linker.link(c.question(), fixture.schema(), fixture.values());

            sizes.add(linked.estimatedTokens());
            int[] tally = perDatabase.computeIfAbsent(c.db(), k -> new int[2]);
            for (String table : gold) {
                needed++;
                tally[0]++;
                if (linked.relationNames().contains(table)) {
                    found++;
                    tally[1]++;
                } else {
                    misses.add(c.db() + ": " + c.question() + " -> missing " + table + " (linked " + linked.relationNames() + ")");
                }
            }
        }
        List<Integer> sorted = sizes.stream().sorted().toList();
        StringBuilder report = new StringBuilder();
        report.append("questions ").append(cases.size()).append(", needed tables ").append(needed).append(", linked ").append(found)
                .append(String.format(", recall %.3f%n", (double) found / needed));
        perDatabase.forEach((db, t) -> report.append(String.format("  %-16s %d/%d%n", db, t[1], t[0])));
        report.append("prompt tokens: median ").append(sorted.get(sorted.size() / 2)).append(", max ").append(sorted.getLast()).append('\n');
        misses.forEach(m -> report.append("  miss: ").append(m).append('\n'));
        Files.writeString(Path.of("target", "linking-recall.txt"), report);

        assertThat(sorted.getLast()).isLessThanOrEqualTo(SchemaLinker.DEFAULT_TOKEN_BUDGET);
        assertThat((double) found / needed).as(report.toString()).isGreaterThanOrEqualTo(0.95);
    }
}
