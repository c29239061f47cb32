package dev.nl2sql.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.cli.Nl2SqlCommand;
import dev.nl2sql.fixtures.PersonalData;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer.Scripted;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sensitive data policy through the CLI, wired for real from a YAML file: no command's full output, and no prompt
 * sent to the (scripted) model, holds a hidden name or a raw value of a masked column.
 */
class SensitiveDataCliTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static final String PASSWORD_ENV = "SENSITIVE_TEST_DB_PASSWORD";
    private static Path config;
    private static ScriptedOpenAiServer model;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void loadPeopleAndWriteConfig() throws Exception {
        db.execute(PersonalData.SQL);
        db.execute("CREATE TABLE contacts (id int, contact text, mobile text, note text);"
                + "INSERT INTO contacts VALUES (1, 'ann@mail.test', '+44 20 7946 0018', 'likes jazz'), (2, 'bob@mail.test', NULL, 'blues')");
        model = ScriptedOpenAiServer.start();
        config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, PersonalData.configuredAsCrm(db.server().host(), db.server().port(), db.name(), db.server().user(),
                PASSWORD_ENV) + """
                llm:
                  base_url: %s
                  api_key_env: SENSITIVE_TEST_KEY
                audit:
                  path: %s
                """.formatted(model.baseUrl("/v1"), dir.resolve("audit")));
    }

    @AfterAll
    static void stopModel() {
        model.close();
    }

    private int run(String... args) {
        List<String> all = new ArrayList<>(List.of("--config", config.toString()));
        all.addAll(Arrays.asList(args));
        Map<String, String> env = Map.of(PASSWORD_ENV, db.server().password(), "CRM_SALT", "salt-for-tests", "SENSITIVE_TEST_KEY", "k");
        return Nl2SqlCommand.commandLine(new Application(new ConfigLoader(env, dir, dir)))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
    }

    private void assertNoLeak(String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        assertThat(PersonalData.LEAK_MARKERS).as(output).noneMatch(lower::contains);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"png", "svg"})
    void aChartIsDrawnFromTheMaskedRows(String format) throws Exception {
        Path chart = dir.resolve("people." + format);
        int exit = run("sql", "--chart", chart.toString(),
                "SELECT email, card_number, phone, id * 10 AS score FROM people ORDER BY id LIMIT 8");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(err.toString()).contains("bar: three label columns and one numeric column, 8 rows");
        if (format.equals("svg")) {
            String svg = Files.readString(chart);
            assertThat(svg).contains("***");
            assertNoLeak(svg);
        } else {
            assertThat(javax.imageio.ImageIO.read(chart.toFile()).getWidth()).isPositive(); // drawn from the same rows as the SVG
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"table", "json", "csv"})
    void sqlMasksInEveryFormat(String format) {
        int exit = run("--format", format, "sql", "SELECT * FROM people ORDER BY id LIMIT 5");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("person 1", "***", "card_number");
        assertNoLeak(out + err.toString());
    }

    @Test
    void exploringTheSchemaNeverNamesHiddenTablesOrColumns() {
        assertThat(run("--format", "json", "schema", "list")).isEqualTo(ExitCodes.OK);
        run("--format", "json", "schema", "describe", "people");
        run("--format", "json", "schema", "search", "person pay amount");

        assertThat(out.toString()).contains("people", "email");
        assertNoLeak(out + err.toString());
    }

    @Test
    void promptSentToTheModelHoldsNoHiddenNameOrMaskedValue() {
        model.enqueue(Scripted.chatReply("{\"sql\": \"SELECT name, email FROM people ORDER BY id LIMIT 3\", \"explanation\": \"x\", "
                + "\"confidence\": 0.9, \"tables\": [\"people\"]}"));

        int exit = run("--format", "json", "ask", "List the name and email of the first three people");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        String prompt = model.lastRequest().body();
        assertThat(prompt).contains("people", "email");
        assertNoLeak(prompt);
        assertNoLeak(out + err.toString());
    }

    @Test
    void doctorSuggestsUncoveredPersonalDataWithTheLinesToAddAndNothingElse() {
        run("doctor");

        assertThat(out.toString()).contains(
                "PERSONAL public.contacts.contact looks like e-mail addresses (by 2 of 2 sampled values)",
                "PERSONAL public.contacts.mobile looks like phone numbers (by its name)",
                "- {column: public.contacts.contact, mode: mask}").doesNotContain("contacts.note", "people.");
        assertNoLeak(out + err.toString());
    }

    @Test
    void leakThroughAnExpressionIsRefusedAndHistoryKeepsNoValue() {
        int exit = run("--format", "json", "sql", "SELECT upper(email) FROM people WHERE email = 'user7@example.com'");

        assertThat(exit).isNotEqualTo(ExitCodes.OK);
        assertThat(out + err.toString()).contains("is masked: it may be selected only bare");
        out.getBuffer().setLength(0);
        assertThat(run("--format", "json", "history", "--limit", "50")).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("upper(email)");
        assertNoLeak(out.toString());
    }
}
