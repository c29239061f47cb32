package dev.nl2sql.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.cli.Nl2SqlCommand;
import dev.nl2sql.fixtures.Fixture;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.PublicDataset;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer.Scripted;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code nl2sql eval} on the repository's question sets (eval/README.md) with the offline generator, against the six
 * sample databases: the CI gate (at most 2 % of answers wrong, every unanswerable question refused, accuracy no lower
 * than measured when the gate was set), the same figures recomputed by an independent scorer (eval/score.py: Python and
 * psql), and the command on a question file of its own.
 */
class EvalCommandTest {

    @RegisterExtension
    static final TestDatabase ecommerce = new TestDatabase();
    @RegisterExtension
    static final TestDatabase social = new TestDatabase();
    @RegisterExtension
    static final TestDatabase erp = new TestDatabase();
    @RegisterExtension
    static final TestDatabase clinic = new TestDatabase();
    @RegisterExtension
    static final TestDatabase chinook = new TestDatabase();
    @RegisterExtension
    static final TestDatabase northwind = new TestDatabase();

    @TempDir
    static Path dir;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD_ENV = "EVAL_TEST_DB_PASSWORD";
    private static final Path QUESTIONS = Path.of("..", "eval");
    private static final Map<String, TestDatabase> DATABASES = new LinkedHashMap<>();
    private static final Map<String, Path> REPORTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static Path config;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void loadTheSamplesAndWriteConfig() throws Exception {
        load("ecommerce_small", ecommerce, SampleDatabase.ECOMMERCE_SMALL.fixture());
        load("social_medium", social, SampleDatabase.SOCIAL_MEDIUM.fixture());
        load("erp_large", erp, SampleDatabase.ERP_LARGE.fixture());
        load("clinic", clinic, SampleDatabase.CLINIC.fixture());
        load("chinook", chinook, PublicDataset.CHINOOK.fixture());
        load("northwind", northwind, PublicDataset.NORTHWIND.fixture());
        StringBuilder yaml = new StringBuilder("databases:\n");
        DATABASES.forEach((name, db) -> yaml.append("  - {name: ").append(name).append(", host: ").append(db.server().host())
                .append(", port: ").append(db.server().port()).append(", database: ").append(db.name()).append(", user: ")
                .append(db.server().user()).append(", password_env: ").append(PASSWORD_ENV).append("}\n"));
        config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, yaml);
    }

    private static void load(String name, TestDatabase db, Fixture fixture) throws Exception {
        try (Connection connection = db.connect()) {
            new FixtureLoader().load(fixture, connection, Progress.none());
        }
        DATABASES.put(name, db);
    }

    private int run(String... args) {
        return runWith(config, args);
    }

    private int runWith(Path configFile, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", configFile.toString()));
        all.addAll(Arrays.asList(args));
        return Nl2SqlCommand.commandLine(new Application(new ConfigLoader(Map.of(PASSWORD_ENV, ecommerce.server().password(), "EVAL_TEST_KEY", "k"), dir, dir)))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
    }

    /** The accuracy floors are the figures measured when the gate was set (docs/accuracy.md); raise them as answers improve. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"public-tuned.jsonl, 96.9", "public-held-out.jsonl, 88.9", "clinic.jsonl, 82.9", "probe-adversarial.jsonl, 33.3"})
    void answersTheQuestionSetWithinTheGate(String file, String floor) throws IOException {
        Path report = dir.resolve(file + ".report.json");

        int exit = run("eval", QUESTIONS.resolve(file).toString(), "--generator", "offline", "--format", "json", "--out", report.toString(),
                "--max-wrong", "2", "--min-accuracy", floor);

        JsonNode document = JSON.readTree(out.toString());
        REPORTS.put(file, report);
        JsonNode totals = document.path("totals");
        List<String> wrong = new ArrayList<>();
        document.path("items").forEach(item -> {
            if (item.path("verdict").asText().equals("wrong")) {
                wrong.add(item.path("id").asText() + ": " + item.path("generated_sql").asText() + " (" + item.path("why").asText() + ")");
            }
        });
        assertThat(exit).as(totals + "\nwrong answers: " + String.join("\n", wrong)).isEqualTo(ExitCodes.OK);
        assertThat(totals.path("wrong").asInt()).as("wrong answers").isLessThanOrEqualTo(totals.path("answered").asInt() * 2 / 100);
        assertThat(totals.path("refused_unanswerable").asInt()).as("unanswerable questions refused").isEqualTo(totals.path("unanswerable").asInt());
        assertThat(totals.path("unscored").asInt()).isZero();
        assertThat(JSON.readTree(report.toFile())).isEqualTo(JSON.readTree(out.toString()));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"public-tuned.jsonl", "public-held-out.jsonl", "clinic.jsonl", "probe-adversarial.jsonl"})
    void anIndependentScorerAgreesWithTheReport(String file) throws Exception {
        Path report = REPORTS.computeIfAbsent(file, f -> { // the gate's report when it ran first, else one made here
            Path written = dir.resolve(f + ".agreement.json");
            assertThat(run("eval", QUESTIONS.resolve(f).toString(), "--generator", "offline", "--format", "json", "--out", written.toString()))
                    .as(err.toString()).isEqualTo(ExitCodes.OK);
            return written;
        });
        JsonNode ours = JSON.readTree(report.toFile());

        JsonNode theirs = JSON.readTree(score(QUESTIONS.resolve(file), report));

        JsonNode counts = theirs.path("counts");
        assertThat(counts.path("errors").asInt()).isZero();
        for (String figure : List.of("right", "wrong", "refused", "answered")) {
            assertThat(counts.path(figure).asInt()).as(figure).isEqualTo(ours.path("totals").path(figure).asInt());
        }
        for (JsonNode item : ours.path("items")) {
            String verdict = item.path("verdict").asText().replace("refused_rightly", "refused");
            assertThat(theirs.path("verdicts").path(item.path("id").asText()).asText()).as(item.path("id").asText()).isEqualTo(verdict);
        }
    }

    @Test
    void scoresAQuestionFileOutsideTheRepositoryAndPrintsWrongAnswersAndRefusals() throws IOException {
        Path questions = dir.resolve("mine.jsonl");
        Files.writeString(questions, """
                {"id": "a", "db": "chinook", "question": "How many artists are there?", "gold_sql": "SELECT count(*) FROM artist"}
                {"id": "b", "db": "chinook", "question": "How many albums are there?", "gold_sql": "SELECT count(*) FROM track"}
                {"id": "c", "db": "chinook", "question": "Which songs make people happy?", "gold_sql": null}
                """);

        int exit = run("--format", "table", "eval", questions.toString(), "--generator", "offline");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("3 questions; 2 answered: 1 right, 1 wrong (50.0 % of answered); 1 refused (1 of 1 unanswerable)",
                "Wrong answers:", "b (chinook): How many albums are there?", "gold:      SELECT count(*) FROM track",
                "Refused:", "c (rightly): Which songs make people happy?");
    }

    @Test
    void scoresTheConfiguredModel() throws IOException {
        try (ScriptedOpenAiServer model = ScriptedOpenAiServer.start()) {
            model.enqueue(Scripted.chatReply(reply("SELECT count(*) FROM artist")), Scripted.chatReply(reply("SELECT count(*) FROM genre")));
            Path withModel = dir.resolve("with-model.yaml");
            Files.writeString(withModel, Files.readString(config) + "llm: {base_url: " + model.baseUrl("/v1") + ", model: scripted, api_key_env: EVAL_TEST_KEY}\n");
            Path questions = dir.resolve("for-the-model.jsonl");
            Files.writeString(questions, """
                    {"id": "a", "db": "chinook", "question": "How many artists are there?", "gold_sql": "SELECT count(*) FROM artist"}
                    {"id": "b", "db": "chinook", "question": "How many albums are there?", "gold_sql": "SELECT count(*) FROM album"}
                    """);

            int exit = runWith(withModel, "eval", questions.toString(), "--generator", "model", "--format", "json");

            JsonNode report = JSON.readTree(out.toString());
            assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
            assertThat(report.path("items").get(0).path("generator").asText()).isEqualTo("openai:scripted");
            assertThat(report.path("totals").path("right").asInt()).isEqualTo(1);
            assertThat(report.path("totals").path("wrong").asInt()).isEqualTo(1);
        }
    }

    @Test
    void refusesToScoreAModelThatIsNotConfigured() throws IOException {
        Path questions = dir.resolve("no-model.jsonl");
        Files.writeString(questions, "{\"id\": \"a\", \"db\": \"chinook\", \"question\": \"How many?\", \"gold_sql\": null}\n");

        assertThat(run("eval", questions.toString(), "--generator", "model")).isEqualTo(ExitCodes.LLM_UNAVAILABLE);
        assertThat(err.toString()).contains("LLM_UNAVAILABLE", "llm.base_url");
    }

    @Test
    void scoresTheQueryTemplates() throws IOException {
        Files.writeString(dir.resolve("templates.yaml"), """
                templates:
                  - name: genre_count
                    database: chinook
                    description: how many genres there are
                    sql: SELECT count(*) FROM genre
                    keywords: [genres]
                """);
        Path withTemplates = dir.resolve("with-templates.yaml");
        Files.writeString(withTemplates, Files.readString(config) + "templates: [templates.yaml]\n");
        Path questions = dir.resolve("for-templates.jsonl");
        Files.writeString(questions, """
                {"id": "a", "db": "chinook", "question": "How many genres are there?", "gold_sql": "SELECT count(*) FROM genre"}
                {"id": "b", "db": "chinook", "question": "How many artists are there?", "gold_sql": "SELECT count(*) FROM artist"}
                """);

        int exit = runWith(withTemplates, "eval", questions.toString(), "--generator", "templates", "--format", "json");

        JsonNode report = JSON.readTree(out.toString());
        assertThat(exit).as(err.toString()).isEqualTo(ExitCodes.OK);
        assertThat(report.path("items").get(0).path("generator").asText()).isEqualTo("template:genre_count");
        assertThat(report.path("items").get(0).path("verdict").asText()).isEqualTo("right");
        assertThat(report.path("items").get(1).path("verdict").asText()).isEqualTo("refused");
    }

    private static String reply(String sql) {
        return "{\"sql\": \"" + sql + "\", \"explanation\": \"scripted\", \"confidence\": 0.8, \"tables\": []}";
    }

    @Test
    void exitsWithNineBelowTheAccuracyAskedFor() throws IOException {
        Path questions = dir.resolve("hard.jsonl");
        Files.writeString(questions, """
                {"id": "a", "db": "clinic", "question": "Which doctors have the gentlest bedside manner?", "gold_sql": "SELECT first_name FROM doctors"}
                """);

        assertThat(run("eval", questions.toString(), "--generator", "offline", "--min-accuracy", "50")).isEqualTo(ExitCodes.EVAL_BELOW_THRESHOLD);
        assertThat(err.toString()).contains("EVAL_BELOW_THRESHOLD", "accuracy 0.0 %, below 50.0 %");
    }

    @Test
    void refusesAFileNamingADatabaseThatIsNotConfigured() throws IOException {
        Path questions = dir.resolve("elsewhere.jsonl");
        Files.writeString(questions, "{\"id\": \"a\", \"db\": \"warehouse\", \"question\": \"How many?\", \"gold_sql\": null}\n");

        assertThat(run("eval", questions.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("DB_UNKNOWN", "warehouse");
    }

    @Test
    void namesTheLineOfABrokenQuestion() throws IOException {
        Path questions = dir.resolve("broken.jsonl");
        Files.writeString(questions, "{\"id\": \"a\", \"db\": \"chinook\", \"question\": \"How many?\", \"gold_sql\": null}\n{\"id\": \"b\"\n");

        assertThat(run("eval", questions.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("REQUEST_INVALID", "line 2");
    }

    /** {@return the JSON document eval/score.py prints for {@code report}} */
    private static String score(Path questions, Path report) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", QUESTIONS.resolve("score.py").toString(), questions.toString(), report.toString()));
        DATABASES.forEach((name, db) -> command.addAll(List.of("--db", name + "=postgresql://" + db.server().user() + ":"
                + URLEncoder.encode(db.server().password(), StandardCharsets.UTF_8) + "@" + db.server().host() + ":" + db.server().port() + "/" + db.name())));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String document = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(document).isZero();
        return document;
    }
}
