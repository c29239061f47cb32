package dev.nl2sql.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.cli.ExitCodes;
import dev.nl2sql.cli.Nl2SqlCommand;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every command of {@code nl2sql} run in-process, wired for real (YAML file, pools, validator, offline generator) against
 * a test database holding ecommerce_small: output formats, and the exit codes docs/cli.md promises.
 */
class CliEndToEndTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    static Path config;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD_ENV = "CLI_TEST_DB_PASSWORD";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void loadShopAndWriteConfig() throws Exception {
        try (Connection connection = db.connect()) {
            new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), connection, Progress.none());
        }
        Files.writeString(dir.resolve("templates.yaml"), """
                templates:
                  - name: top_products
                    database: shop
                    description: the most expensive products
                    sql: SELECT name, price FROM products WHERE price >= :min_price ORDER BY price DESC LIMIT 3
                    parameters:
                      - {name: min_price, type: decimal, default: "100"}
                """);
        config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, "databases:\n" + entry("shop", db.server().port()) + "templates: [templates.yaml]\n");
    }

    private static String entry(String name, int port) {
        return "  - {name: " + name + ", host: " + db.server().host() + ", port: " + port + ", database: " + db.name() + ", user: "
                + db.server().user() + ", password_env: " + PASSWORD_ENV + ", connect_timeout: 2s}\n";
    }

    private int run(String... args) {
        return runWith(config, args);
    }

    private int runWith(Path configFile, String... args) {
        List<String> all = new ArrayList<>(List.of("--config", configFile.toString()));
        all.addAll(Arrays.asList(args));
        return Nl2SqlCommand.commandLine(new Application(new ConfigLoader(Map.of(PASSWORD_ENV, db.server().password()), dir, dir)))
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(all.toArray(String[]::new));
    }

    private JsonNode json() throws IOException {
        return JSON.readTree(out.toString());
    }

    @Nested
    class Ask {
        @Test
        void answersASimpleQuestionOfflineAsJsonInAPipe() throws IOException {
            int exit = run("ask", "How many customers live in Germany?");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(json().path("sql").asText()).containsIgnoringCase("FROM customers").contains("'Germany'");
            assertThat(json().path("rows").get(0).get(0).asInt()).isEqualTo(21);
            assertThat(err.toString()).contains("no language model is configured");
        }

        @Test
        void printsTheSqlAndAnAlignedTable() {
            int exit = run("--format", "table", "ask", "How many customers live in Germany?");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("SELECT count(*) FROM customers", "count", "21", "(1 row)");
        }

        @Test
        void printsCsv() {
            int exit = run("--format", "csv", "ask", "How many customers live in Germany?");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString().lines()).containsExactly("count", "21");
            assertThat(err.toString()).contains("SELECT count(*) FROM customers");
        }

        @Test
        void onlyWritesTheSqlInSqlMode() throws IOException {
            int exit = run("--format", "json", "ask", "--mode", "sql", "List the 5 most expensive products.");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(json().path("sql").asText()).containsIgnoringCase("products");
            assertThat(json().has("rows")).isFalse();
        }
    }

    @Nested
    class Sql {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"table", "json", "csv"})
        void runsAReadOnlyStatementInEveryFormat(String format) {
            int exit = run("--format", format, "sql", "SELECT name, price FROM products ORDER BY price DESC LIMIT 3");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("Compact Tablet 400", "837.49");
        }

        @Test
        void tableColumnsAreAligned() {
            run("--format", "table", "sql", "SELECT name, price FROM products ORDER BY price DESC LIMIT 3");

            List<String> lines = out.toString().lines().filter(l -> l.contains("|")).toList();
            assertThat(lines).hasSize(4); // header + 3 rows
            assertThat(lines).extracting(l -> l.indexOf('|')).containsOnly(lines.getFirst().indexOf('|'));
        }

        @Test
        void jsonHasColumnsRowsAndCounts() throws IOException {
            run("--format", "json", "sql", "SELECT name, price FROM products ORDER BY price DESC LIMIT 3");

            assertThat(json().path("columns").get(0).path("name").asText()).isEqualTo("name");
            assertThat(json().path("row_count").asInt()).isEqualTo(3);
            assertThat(json().path("truncated").asBoolean()).isFalse();
        }

        @Test
        void csvSaysOnStderrThatItWasTruncated() {
            int exit = run("--format", "csv", "sql", "--max-rows", "2", "SELECT name FROM products ORDER BY name");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString().lines()).hasSize(3); // header + 2 rows
            assertThat(err.toString()).contains("nl2sql: truncated: only the first 2 rows are shown");
        }

        @Test
        void showsTheStatementAsWrittenWithoutTheInternalRowCap() throws IOException {
            run("--format", "json", "sql", "SELECT name FROM products ORDER BY name;");

            assertThat(json().path("sql").asText()).isEqualTo("SELECT name FROM products ORDER BY name");
        }

        @Test
        void refusesADeleteWithExitCode2AndPrintsNothingOnStdout() {
            int exit = run("sql", "DELETE FROM customers");

            assertThat(exit).isEqualTo(ExitCodes.SQL_REJECTED);
            assertThat(err.toString()).contains("SQL_REJECTED", "NOT_READ_ONLY");
            assertThat(out.toString()).isEmpty();
        }

        @Test
        void refusesFileReadingFunctions() {
            int exit = run("sql", "SELECT pg_read_file('/etc/passwd')");

            assertThat(exit).isEqualTo(ExitCodes.SQL_REJECTED);
            assertThat(err.toString()).contains("FUNCTION_DENIED");
        }

        @Test
        void unknownDatabaseIsAUsageError() {
            int exit = run("sql", "--db", "nope", "SELECT 1");

            assertThat(exit).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("DB_UNKNOWN: no database named 'nope' is configured; known: shop");
        }

        @Test
        void rowsWhoseAuditEntryTheDiskRefusesAreNotPrintedAndTheExitCodeSaysWhy() throws IOException {
            Path audit = Files.createDirectory(dir.resolve("full-audit"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createSymbolicLink(audit.resolve("audit-" + LocalDate.now(ZoneOffset.UTC) + ".jsonl"), Path.of("/dev/full"));
            Path full = dir.resolve("full.yaml");
            Files.writeString(full, "databases:\n" + entry("shop", db.server().port()) + "audit: {path: " + audit + "}\n");

            int exit = runWith(full, "--format", "csv", "sql", "SELECT name FROM products ORDER BY price DESC LIMIT 1");

            assertThat(exit).isEqualTo(ExitCodes.AUDIT_UNAVAILABLE);
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString()).contains("AUDIT_UNAVAILABLE: the audit log could not record this call: writing failed: No space left on device");
        }

        @Test
        void namingNoDatabaseAmongSeveralIsDbUnknownListingThem() throws IOException {
            Path two = dir.resolve("two.yaml");
            Files.writeString(two, "databases:\n" + entry("shop", db.server().port()) + entry("books", db.server().port()));

            int exit = runWith(two, "sql", "SELECT 1");

            assertThat(exit).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("DB_UNKNOWN: no database was named and several are configured: ", "shop", "books");
        }

        @Test
        void unreachableDatabaseExitsWith3() throws IOException {
            Path gone = dir.resolve("gone.yaml");
            Files.writeString(gone, "databases:\n" + entry("gone", 1));

            int exit = runWith(gone, "sql", "SELECT 1");

            assertThat(exit).isEqualTo(ExitCodes.DB_UNAVAILABLE);
            assertThat(err.toString()).contains("DB_UNAVAILABLE").doesNotContain("\tat ");
        }
    }

    @Nested
    class Schema {
        @Test
        void listsTheTables() throws IOException {
            int exit = run("--format", "json", "schema", "list");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("customers", "order_items", "products");
        }

        @Test
        void searchesWithADetailLevelSpelledAsDocumented() {
            int exit = run("--format", "table", "schema", "search", "cust*", "--detail", "summary");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("customers");
            assertThat(err.toString()).doesNotContain("WARN");
        }

        @Test
        void describesATable() {
            int exit = run("--format", "table", "schema", "describe", "orders");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("order_id", "customer_id", "customers");
        }

        @Test
        void unknownTableIsAUsageError() {
            int exit = run("schema", "describe", "no_such_table");

            assertThat(exit).isEqualTo(ExitCodes.USAGE);
        }
    }

    @Nested
    class Templates {
        @Test
        void listsTheConfiguredTemplates() throws IOException {
            int exit = run("--format", "json", "templates", "list");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(json().path("templates").get(0).path("name").asText()).isEqualTo("top_products");
        }

        @Test
        void runsATemplateWithAnArgument() {
            int exit = run("--format", "csv", "templates", "run", "top_products", "--param", "min_price=700");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("Compact Tablet 400", "Classic Headphones 200").doesNotContain("Premium Smartwatch 900");
        }
    }

    @Nested
    class Charts {
        @Test
        void sqlWritesThePngOfTheChosenChartAndSaysWhichOnStderr() throws IOException {
            Path png = dir.resolve("status.png");
            int exit = run("sql", "--chart", png.toString(), "SELECT status, count(*) AS orders FROM orders GROUP BY status ORDER BY orders DESC");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(javax.imageio.ImageIO.read(png.toFile()).getWidth()).isPositive();
            assertThat(err.toString()).contains("chart " + png, "pie: ");
        }

        @Test
        void askWritesTheChartOfItsRows() {
            Path svg = dir.resolve("ask.svg");
            int exit = run("ask", "--chart", svg.toString(), "How many orders are there in each status?");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(svg).content().contains("<svg", "delivered");
        }

        @Test
        void templatesRunWritesAnSvgWithTheRowsLabels() {
            Path svg = dir.resolve("top.svg");
            int exit = run("templates", "run", "top_products", "--param", "min_price=700", "--chart", svg.toString());

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(svg).content().contains(">Compact Tablet 400</text>");
        }

        @Test
        void rowsWithoutAChartWriteNoFileAndSayWhy() {
            Path png = dir.resolve("count.png");
            int exit = run("sql", "--chart", png.toString(), "SELECT count(*) FROM orders");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(png).doesNotExist();
            assertThat(err.toString()).contains("no chart written: none: one row reads best as it is");
        }

        @Test
        void anotherImageFormatIsAUsageErrorBeforeAnythingRuns() {
            int exit = run("sql", "--chart", dir.resolve("chart.gif").toString(), "SELECT 1");

            assertThat(exit).isEqualTo(ExitCodes.USAGE);
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString()).contains("a chart file ends in .png or .svg");
        }
    }

    @Nested
    class Everything {
        @Test
        void doctorWarnsAboutTheSuperuser() {
            int exit = run("doctor");

            assertThat(exit).isEqualTo(ExitCodes.CHECK_FAILED);
            assertThat(out.toString()).contains("database   shop", "WARNING");
        }

        @Test
        void invalidConfigurationExitsWith4() throws IOException {
            Path bad = dir.resolve("bad.yaml");
            Files.writeString(bad, "databases:\n  - {name: shop, port: 70000}\n");

            int exit = runWith(bad, "sql", "SELECT 1");

            assertThat(exit).isEqualTo(ExitCodes.CONFIG_INVALID);
            assertThat(err.toString()).contains("CONFIG_INVALID", "databases[0].port");
        }

        @Test
        void unknownOptionIsAUsageError() {
            int exit = run("sql", "--no-such-option", "SELECT 1");

            assertThat(exit).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("Unknown option");
        }

        @Test
        void versionNamesNl2sqlAndJava() {
            int exit = run("--version");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).startsWith("nl2sql ").contains("Java ");
        }

        @Test
        void helpListsEveryCommand() {
            int exit = run("--help");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("ask", "sql", "schema", "templates", "serve", "doctor", "demo", "fixtures");
        }

        @Test
        void demoHelpDescribesServe() {
            int exit = run("demo", "--help");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("--serve", "--port", "--use-config", "demo-pg");
        }

        @Test
        void completionPrintsABashScript() {
            int exit = run("completion");

            assertThat(exit).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("complete -F", "_picocli_nl2sql", "fixtures");
        }

        @Test
        void fixturesLoadRefusesAnUnknownSample() {
            int exit = run("fixtures", "load", "--db", "nope");

            assertThat(exit).isEqualTo(ExitCodes.USAGE);
            assertThat(err.toString()).contains("unknown sample nope", "small", "chinook");
        }

        @Test
        void fixturesLoadIntoAnUnreachableServerExitsWith3() {
            int exit = run("fixtures", "load", "--db", "small", "--dsn", "jdbc:postgresql://127.0.0.1:1/postgres?user=postgres");

            assertThat(exit).isEqualTo(ExitCodes.DB_UNAVAILABLE);
            assertThat(err.toString()).contains("DB_UNAVAILABLE");
        }
    }
}
