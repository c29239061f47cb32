package dev.nl2sql.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.domain.evaluation.EvalQuestion;
import dev.nl2sql.domain.generation.TokenEstimate;
import dev.nl2sql.domain.linking.LinkedSchema;
import dev.nl2sql.domain.linking.SchemaLinker;
import dev.nl2sql.domain.validation.SqlValidator;
import dev.nl2sql.domain.validation.ValidationPolicy;
import dev.nl2sql.domain.validation.Verdict;
import dev.nl2sql.fixtures.PublicDataset;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.usecase.Prompts;
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
 * budget. The figures go to {@code target/linking-recall.txt}. The same is measured on the evaluation sets in
 * {@code eval/} (docs/accuracy.md, "Schema linking"): recall and precision of the gold tables, and the size of the
 * whole first prompt a model is sent; those figures go to {@code target/linking-eval.txt}.
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

    @RegisterExtension
    static final TestDatabase clinicDb = new TestDatabase();

    private static final Path EVAL = Path.of("..", "eval");

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
        // clinic is the offline evaluation's held-out schema (eval/README.md): only measured here, never tuned on
        loaded.put("clinic", LoadedFixture.load(clinicDb, SampleDatabase.CLINIC.fixture(), "clinic"));
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

    /** One evaluation set's figures: gold tables needed and linked, tables linked, and the sizes of the prompts. */
    private record Figures(String set, int questions, int needed, int found, int linked, List<Integer> schemaTokens,
            List<Integer> promptTokens, List<String> misses) {

        double recall() {
            return (double) found / needed;
        }

        double precision() {
            return (double) found / linked;
        }

        int medianPrompt() {
            return percentile(promptTokens, 50);
        }

        String line() {
            return String.format("%-10s questions %3d  recall %.3f (%d/%d)  precision %.3f  schema tokens median %d p90 %d"
                    + "  prompt tokens median %d p90 %d%n", set, questions, recall(), found, needed, precision(),
                    percentile(schemaTokens, 50), percentile(schemaTokens, 90), medianPrompt(), percentile(promptTokens, 90));
        }

        static int percentile(List<Integer> values, int p) {
            List<Integer> sorted = values.stream().sorted().toList();
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
        }
    }

    @Test
    void linksTheGoldTablesOfTheEvaluationSetsInSmallPrompts() throws IOException {
        Prompts prompts = Prompts.load(Prompts.CURRENT_VERSION);
        StringBuilder report = new StringBuilder();
        Map<String, Figures> figures = new LinkedHashMap<>();
        for (String set : List.of("public-tuned", "public-held-out", "clinic")) {
            List<EvalQuestion> questions = EvalQuestion.parseLines(Files.readString(EVAL.resolve(set + ".jsonl"))).orElseThrow();
            List<Integer> schemaTokens = new ArrayList<>();
            List<Integer> promptTokens = new ArrayList<>();
            List<String> misses = new ArrayList<>();
            int count = 0;
            int needed = 0;
            int found = 0;
            int linkedTables = 0;
            for (EvalQuestion q : questions.stream().filter(EvalQuestion::answerable).toList()) {
                LoadedFixture fixture = loaded.get(q.database().value());
                Verdict verdict = new SqlValidator().check(q.goldSql().orElseThrow(), fixture.schema(), ValidationPolicy.DEFAULT);
                assertThat(verdict).as(q.id()).isInstanceOf(Verdict.Accepted.class);
                List<String> gold = ((Verdict.Accepted) verdict).tables();

                LinkedSchema linked = linker.link(q.question(), fixture.schema(), fixture.values());

                count++;
                linkedTables += linked.relations().size();
                schemaTokens.add(linked.estimatedTokens());
                String user = Prompts.fill(prompts.question(), Map.of("server", "15+", "schema", linked.rendered(),
                        "conversation", "", "question", q.question()));
                promptTokens.add(TokenEstimate.of(prompts.system()) + TokenEstimate.of(user));
                for (String table : gold) {
                    needed++;
                    if (linked.relationNames().contains(table)) {
                        found++;
                    } else {
                        misses.add(q.id() + " " + q.question() + " -> missing " + table + " (linked " + linked.relationNames() + ")");
                    }
                }
            }
            Figures f = new Figures(set, count, needed, found, linkedTables, schemaTokens, promptTokens, misses);
            figures.put(set, f);
            report.append(f.line());
        }
        figures.values().forEach(f -> f.misses().forEach(m -> report.append("  miss ").append(f.set()).append(": ").append(m).append('\n')));
        Files.writeString(Path.of("target", "linking-eval.txt"), report);

        // floors below the figures measured in docs/accuracy.md ("Schema linking"); clinic has one known miss in 43
        assertThat(figures.get("public-tuned").recall()).as(report.toString()).isGreaterThanOrEqualTo(0.99);
        assertThat(figures.get("public-held-out").recall()).as(report.toString()).isGreaterThanOrEqualTo(0.99);
        assertThat(figures.get("clinic").recall()).as(report.toString()).isGreaterThanOrEqualTo(0.97);
        assertThat(figures.values()).as(report.toString()).allSatisfy(f -> assertThat(f.medianPrompt()).isLessThanOrEqualTo(1_000));
    }
}
