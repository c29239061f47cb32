package dev.nl2sql.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.PersonalData;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The shell's {@code \chart FILE}, typed into the shell wired for real from a YAML file (validator, masking, offline
 * generator, chart renderer) against a test database holding ecommerce_small as {@code shop} and the personal data as
 * {@code crm}: the last rows' chart as PNG or SVG, and every way it writes nothing and says why while the shell goes on.
 * The shell is package-private, hence this test's package.
 */
class ShellChartTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    /** Where each test's shell writes its charts, and nothing else. */
    @TempDir
    Path charts;

    private static final String PASSWORD_ENV = "SHELL_CHART_TEST_DB_PASSWORD";
    private static final String USAGE = "usage: \\chart FILE.png|FILE.svg (after a question or \\sql that returned rows)";
    /** Orders per status: rows nl2sql draws as a pie. */
    private static final String BY_STATUS = "\\sql SELECT status, count(*) AS orders FROM orders GROUP BY status ORDER BY orders DESC";
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private static Launcher.Launch.Ready app;

    @BeforeAll
    static void loadShopAndPeopleAndWire() throws Exception {
        try (Connection connection = db.connect()) {
            new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), connection, Progress.none());
        }
        db.execute(PersonalData.SQL);
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, PersonalData.configuredAsCrm(db.server().host(), db.server().port(), db.name(), db.server().user(),
                PASSWORD_ENV) + "  - {name: shop, host: " + db.server().host() + ", port: " + db.server().port() + ", database: "
                + db.name() + ", user: " + db.server().user() + ", password_env: " + PASSWORD_ENV + "}\n");
        Map<String, String> environment = Map.of(PASSWORD_ENV, db.server().password(), "CRM_SALT", "salt-for-tests");
        Launcher.Launch launch = new Application(new ConfigLoader(environment, dir, dir)).launch(Optional.of(config));
        assertThat(launch).isInstanceOf(Launcher.Launch.Ready.class);
        app = (Launcher.Launch.Ready) launch;
    }

    @AfterAll
    static void closeApp() throws Exception {
        if (app != null) {
            app.resources().close();
        }
    }

    /** {@return everything the shell on {@code database} printed while {@code lines} were typed, then the input ended} */
    private String type(String database, String... lines) throws Exception {
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        byte[] typed = (String.join("\n", lines) + "\n").getBytes(UTF_8);
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(typed), screen)) {
            Shell shell = new Shell(app.useCases(), DatabaseName.of(database), dir.resolve("state").resolve("shell_history"),
                    Output.Format.TABLE, false);
            assertThat(shell.run(terminal)).isEqualTo(ExitCodes.OK);
        }
        return screen.toString(UTF_8);
    }

    private static Element svgRoot(Path svg) throws Exception {
        DocumentBuilderFactory parsers = DocumentBuilderFactory.newInstance();
        parsers.setNamespaceAware(true);
        parsers.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        // JFreeSVG's DOCTYPE names the SVG 1.0 DTD on the web, which a test must not fetch
        parsers.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        return parsers.newDocumentBuilder().parse(svg.toFile()).getDocumentElement();
    }

    @Test
    void afterSqlWritesAPngOfTheRowsAndSaysWhichChart() throws Exception {
        Path png = charts.resolve("status.png");

        String screen = type("shop", BY_STATUS, "\\chart " + png);

        byte[] image = Files.readAllBytes(png);
        assertThat(image).startsWith(PNG_SIGNATURE);
        assertThat(image.length).as("a drawn chart, not an empty image").isGreaterThan(2_000);
        assertThat(screen).contains("chart " + png + " (pie: ");
    }

    @Test
    void afterAQuestionWritesAnSvgOfItsRows() throws Exception {
        Path svg = charts.resolve("status.svg");

        type("shop", "How many orders are there in each status?", "\\chart " + svg);

        Element root = svgRoot(svg);
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getTextContent()).contains("delivered");
    }

    @Test
    void beforeAnyRowsPrintsTheUsageAndWritesNothing() throws Exception {
        Path png = charts.resolve("early.png");

        String screen = type("shop", "\\chart " + png);

        assertThat(screen).contains(USAGE);
        assertThat(charts).isEmptyDirectory();
    }

    @Test
    void withoutAFileNamePrintsTheUsage() throws Exception {
        String screen = type("shop", BY_STATUS, "\\chart");

        assertThat(screen).contains("delivered", USAGE);
    }

    @Test
    void aFileNameWithAnotherExtensionSaysWhichItTakesAndWritesNothing() throws Exception {
        Path txt = charts.resolve("status.txt");

        String screen = type("shop", BY_STATUS, "\\chart " + txt);

        assertThat(screen).contains("a chart file ends in .png or .svg, was '" + txt + "'");
        assertThat(charts).isEmptyDirectory();
    }

    @Test
    void aPathWithoutAFileNameSaysWhichItTakesAndTheShellGoesOn() throws Exception {
        String screen = type("shop", BY_STATUS, "\\chart /", "\\mode sql");

        assertThat(screen).contains("a chart file ends in .png or .svg, was '/'", "-- mode sql");
    }

    @Test
    void aFolderThatDoesNotExistIsSaidAndTheShellAnswersTheNextCommand() throws Exception {
        Path png = charts.resolve("missing").resolve("status.png");

        String screen = type("shop", BY_STATUS, "\\chart " + png, "\\sql SELECT count(*) AS all_orders FROM orders");

        String said = "could not write the chart to " + png + ": its folder does not exist";
        assertThat(screen).contains(said);
        assertThat(screen.indexOf("all_orders")).as(screen).isGreaterThan(screen.indexOf(said));
        assertThat(charts).isEmptyDirectory();
    }

    @Test
    void chartsTheLastRowsSoOneRowAfterAChartableResultWritesNoFileAndSaysWhy() throws Exception {
        Path png = charts.resolve("count.png");

        String screen = type("shop", BY_STATUS, "\\sql SELECT count(*) FROM orders", "\\chart " + png);

        assertThat(screen).contains("no chart written: none: one row reads best as it is");
        assertThat(png).doesNotExist();
    }

    @Test
    void aRefusedStatementLeavesTheEarlierRowsToChart() throws Exception {
        Path svg = charts.resolve("status.svg");

        String screen = type("shop", BY_STATUS, "\\sql DELETE FROM orders", "\\chart " + svg);

        assertThat(screen).contains("SQL_REJECTED");
        assertThat(svgRoot(svg).getTextContent()).contains("delivered");
    }

    @Test
    void aChartOfMaskedRowsHoldsNoRawValue() throws Exception {
        Path svg = charts.resolve("people.svg");

        String screen = type("crm", "\\sql SELECT *, id * 10 AS score FROM people ORDER BY id LIMIT 8",
                "\\chart " + svg);

        assertThat(screen).as(screen).contains("chart " + svg + " (bar: ");
        String drawn = Files.readString(svg);
        assertThat(drawn).contains("***");
        String lower = drawn.toLowerCase(Locale.ROOT);
        assertThat(PersonalData.LEAK_MARKERS).as(drawn).noneMatch(lower::contains);
    }
}
