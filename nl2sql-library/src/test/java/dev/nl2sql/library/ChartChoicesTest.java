package dev.nl2sql.library;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.domain.chart.Chart;
import dev.nl2sql.domain.chart.ChartKind;
import dev.nl2sql.domain.chart.ChartRequest;
import dev.nl2sql.domain.chart.ImageFormat;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.fixtures.ExampleQuestion;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.DatabaseConfig;
import dev.nl2sql.library.config.Nl2SqlConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart nl2sql chooses for each sample database's typical questions (their gold SQL, run through the library), as
 * docs/ui.md shows it: the table there must be the one this test makes (target/chart-choices.md), and every kind must
 * be chosen somewhere. It also draws the first chart of each kind into target/chart-images for docs/images.
 */
class ChartChoicesTest {

    private static final Path DOC = Path.of("..", "docs", "ui.md");
    private static final String START = "<!-- chart-choices: made by ChartChoicesTest, do not edit -->";
    private static final String END = "<!-- /chart-choices -->";

    /** Questions people ask for a chart, beside the databases' example questions, with the kind each must get. */
    private static final List<Extra> EXTRAS = List.of(
            new Extra(SampleDatabase.ECOMMERCE_SMALL, "How many orders were placed each month of 2024?",
                    "SELECT date_trunc('month', ordered_at)::date AS month, count(*) AS orders FROM orders WHERE ordered_at >= '2024-01-01' "
                            + "AND ordered_at < '2025-01-01' GROUP BY 1 ORDER BY 1", ChartKind.LINE),
            new Extra(SampleDatabase.ECOMMERCE_SMALL, "How does a product's price relate to its stock?",
                    "SELECT price, stock_quantity FROM products", ChartKind.SCATTER),
            new Extra(SampleDatabase.ERP_LARGE, "What was the invoiced amount per year?",
                    "SELECT extract(year FROM issued_on) AS year, sum(amount) AS invoiced FROM invoices GROUP BY 1 ORDER BY 1", ChartKind.LINE));

    private record Extra(SampleDatabase database, String question, String sql, ChartKind kind) {}

    @RegisterExtension
    static final TestDatabase ecommerce = new TestDatabase();
    @RegisterExtension
    static final TestDatabase social = new TestDatabase();
    @RegisterExtension
    static final TestDatabase erp = new TestDatabase();
    @RegisterExtension
    static final TestDatabase clinic = new TestDatabase();

    @TempDir
    Path temp;

    @Test
    void docsShowTheChartChosenForEachTypicalQuestionAndEveryKindIsChosen() throws Exception {
        Map<SampleDatabase, TestDatabase> databases = new LinkedHashMap<>();
        databases.put(SampleDatabase.ECOMMERCE_SMALL, ecommerce);
        databases.put(SampleDatabase.SOCIAL_MEDIUM, social);
        databases.put(SampleDatabase.ERP_LARGE, erp);
        databases.put(SampleDatabase.CLINIC, clinic);
        List<DatabaseConfig> configs = new ArrayList<>();
        for (Map.Entry<SampleDatabase, TestDatabase> entry : databases.entrySet()) {
            TestDatabase db = entry.getValue();
            try (Connection connection = db.connect()) {
                new FixtureLoader().load(entry.getKey().fixture(), connection, Progress.none());
            }
            DatabaseConfig config = DatabaseConfig.of(entry.getKey().fixtureName(), db.server().host(), db.server().port(), db.name(),
                    db.server().user());
            configs.add(db.server().password().isEmpty() ? config : config.withPassword(db.server().password()));
        }
        StringBuilder table = new StringBuilder("| database | question | chart | why |\n|---|---|---|---|\n");
        Set<ChartKind> chosen = EnumSet.noneOf(ChartKind.class);
        Path images = Path.of("target", "chart-images");
        Files.createDirectories(images);
        try (Nl2Sql nl2sql = Nl2Sql.builder().config(Nl2SqlConfig.of(configs, temp)).build()) {
            List<Extra> questions = new ArrayList<>();
            for (SampleDatabase database : databases.keySet()) {
                for (ExampleQuestion example : database.questions()) {
                    questions.add(new Extra(database, example.question(), example.sql(), null));
                }
                EXTRAS.stream().filter(extra -> extra.database() == database).forEach(questions::add);
            }
            for (Extra question : questions) {
                QueryOutcome outcome = nl2sql.run(question.database().fixtureName(), question.sql());
                assertThat(outcome).as(question.sql()).isInstanceOf(QueryOutcome.Succeeded.class);
                var result = ((QueryOutcome.Succeeded) outcome).result();
                Chart chart = nl2sql.chart(result, ChartRequest.AUTO);
                if (question.kind() != null) {
                    assertThat(chart.kind()).as(question.question()).isEqualTo(question.kind());
                }
                if (chosen.add(chart.kind()) && chart.isDrawn()) {
                    Files.write(images.resolve("chart-" + chart.kind().label() + ".png"),
                            nl2sql.render(chart, result, ImageFormat.PNG).drawn().orElseThrow());
                }
                table.append("| ").append(question.database().fixtureName()).append(" | ").append(question.question().replace("|", "\\|"))
                        .append(" | ").append(chart.kind().label()).append(" | ").append(chart.explanation()).append(" |\n");
            }
        }
        Files.writeString(Path.of("target", "chart-choices.md"), table);

        assertThat(chosen).containsExactlyInAnyOrder(ChartKind.values());
        String doc = Files.readString(DOC);
        String shown = doc.substring(doc.indexOf(START) + START.length(), doc.indexOf(END)).strip();
        assertThat(shown).as("docs/ui.md's table; the one to paste is in nl2sql-library/target/chart-choices.md").isEqualTo(table.toString().strip());
    }
}
