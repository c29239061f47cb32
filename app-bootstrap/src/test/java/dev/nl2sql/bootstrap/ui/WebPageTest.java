package dev.nl2sql.bootstrap.ui;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The /ui page in a real headless chromium against a real server on ecommerce_small, whose customers' e-mails and
 * last names are masked and phones hidden: ask, see the table and the chart, edit the SQL into a write and see the
 * refusal, no masked or hidden value anywhere on the page, and nothing without a token. One browser for the class.
 */
class WebPageTest {

    private static final String TOKEN = "ui-t0ken-for-tests";
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Launcher.Launch.Ready ready;
    private static HttpServer http;
    /** The same page from a server without sessions, as replicas behind a load balancer run. */
    private static HttpServer stateless;
    private static Browser browser;
    private static String page;

    @BeforeAll
    static void start() throws Exception {
        browser = Browser.start();
        try (Connection connection = db.connect()) {
            new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), connection, Progress.none());
        }
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, """
                databases:
                  - name: shop
                    host: %s
                    port: %d
                    database: %s
                    user: %s
                    password_env: UI_TEST_DB_PASSWORD
                    sensitive:
                      hidden_columns: [customers.phone]
                      masked:
                        - {column: customers.email, mode: mask}
                        - {column: customers.last_name, mode: mask}
                server:
                  ui: true
                """.formatted(db.server().host(), db.server().port(), db.name(), db.server().user()));
        Launcher.Launch launch = new Application(new ConfigLoader(Map.of("UI_TEST_DB_PASSWORD", db.server().password()), dir, dir))
                .launch(Optional.of(config));
        ready = (Launcher.Launch.Ready) launch;
        http = HttpServer.start(new McpServerFactory(ready.useCases(),
                ServerSettings.loopback("test", 0).withAuthTokens(List.of(TOKEN)).withUi(true)));
        page = "http://127.0.0.1:" + http.port() + "/ui/";
        stateless = HttpServer.start(new McpServerFactory(ready.useCases(),
                ServerSettings.loopback("test", 0).withAuthTokens(List.of(TOKEN)).withUi(true).withStateless(true)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (http != null) {
            http.close();
        }
        if (stateless != null) {
            stateless.close();
        }
        if (ready != null) {
            ready.resources().close();
        }
    }

    @BeforeEach
    void freshPage() {
        browser.open(page);
        browser.driver().executeScript("sessionStorage.clear()");
        browser.open(page);
    }

    private void useToken(String token) {
        browser.type("token", token);
        browser.click("save-token");
    }

    private void connect() {
        useToken(TOKEN);
        browser.await(ExpectedConditions.textToBe(By.id("token-status"), "connected"));
    }

    private void ask(String question) {
        browser.type("question", question);
        browser.click("ask");
    }

    private void awaitRows() {
        browser.await(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#result tbody tr")));
    }

    @Test
    void askingShowsTheSqlTheTableTheChartAndItsExplanation() throws Exception {
        connect();
        ask("How many orders are there in each status?");
        awaitRows();

        assertThat(browser.find("sql").getDomProperty("value")).containsIgnoringCase("GROUP BY");
        assertThat(browser.driver().findElements(By.cssSelector("#result th"))).extracting(e -> e.getText()).contains("status");
        assertThat(browser.find("chart").getDomAttribute("src")).startsWith("data:image/png;base64,");
        assertThat(browser.find("chart-explanation").getText()).startsWith("pie: ");
        assertThat(browser.driver().findElements(By.cssSelector("#history li"))).hasSize(1);
        browser.screenshot(SCREENSHOTS.resolve("ui-answer.png"));
    }

    @Test
    void onAServerWithoutSessionsThePageInitializesOnceForAllItsCalls() {
        browser.open("http://127.0.0.1:" + stateless.port() + "/ui/");
        // every JSON-RPC method the page sends from now on
        browser.driver().executeScript("window.sent = []; const send = window.fetch; window.fetch = (url, options) => {"
                + " try { window.sent.push(JSON.parse(options.body).method); } catch (e) {} return send(url, options); };");
        connect();
        ask("How many orders are there in each status?");
        awaitRows();
        ask("How many customers live in each country?");
        browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#history li"), 2));
        awaitRows();

        @SuppressWarnings("unchecked")
        List<String> sent = (List<String>) browser.driver().executeScript("return window.sent;");
        assertThat(sent).filteredOn("initialize"::equals).hasSize(1);
        assertThat(sent).filteredOn("tools/call"::equals).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void aFollowUpStaysInTheConversation() {
        connect();
        ask("How many customers live in each country?");
        awaitRows();
        assertThat(browser.find("conversation").getText()).contains("conversation");

        ask("only Germany");
        browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#history li"), 2));
        awaitRows();

        assertThat(browser.find("sql").getDomProperty("value")).contains("Germany");
    }

    @Test
    void sqlEditedIntoAWriteIsRefusedAndNothingChanges() throws Exception {
        connect();
        int before = orders();
        browser.type("sql", "DELETE FROM orders");
        browser.click("run-sql");
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("error")));

        assertThat(browser.find("error").getText()).startsWith("SQL_REJECTED: ");
        assertThat(browser.driver().findElements(By.cssSelector("#result tr"))).isEmpty();
        assertThat(orders()).isEqualTo(before);
        browser.screenshot(SCREENSHOTS.resolve("ui-refusal.png"));
    }

    @Test
    void noMaskedOrHiddenValueReachesThePage() throws Exception {
        connect();
        browser.type("sql", "SELECT email, last_name, count(*) AS orders FROM customers c JOIN orders o USING (customer_id) "
                + "GROUP BY email, last_name ORDER BY orders DESC, email LIMIT 8");
        browser.click("run-sql");
        awaitRows();
        ask("Which customers have never placed an order?");
        browser.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#history li"), 2));
        awaitRows();
        browser.type("sql", "SELECT first_name, phone FROM customers");
        browser.click("run-sql");
        browser.await(ExpectedConditions.textMatches(By.id("error"), java.util.regex.Pattern.compile("UNKNOWN_COLUMN")));

        String shown = browser.driver().getPageSource();
        List<String> secrets = secrets();
        assertThat(secrets).hasSizeGreaterThan(100);
        assertThat(secrets).noneMatch(shown::contains);
    }

    @Test
    void withoutATokenThePageAsksForOneAndTheServerRefuses() throws Exception {
        ask("How many orders are there?");
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(browser.find("error").getText()).startsWith("No bearer token");

        useToken("not-the-token");
        browser.await(ExpectedConditions.textToBePresentInElementLocated(By.id("error"), "refused the token (401)"));
        Object status = browser.driver().executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "fetch('/mcp', {method: 'POST', headers: {'Content-Type': 'application/json', 'Accept': 'application/json, text/event-stream'},"
                + " body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'tools/list'})}).then(r => done(r.status));");
        assertThat(status).isEqualTo(401L);
        assertThat(browser.driver().findElements(By.cssSelector("#database option"))).isEmpty();
    }

    @Test
    void thePageComesWithAContentSecurityPolicyAndNoOtherSite() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(page)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'none'", "connect-src 'self'", "script-src 'self'");
        assertThat(response.body()).doesNotContain("http://", "https://");
    }

    private static int orders() throws Exception {
        try (Connection connection = db.connect(); ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM orders")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Every raw value of the masked and hidden columns. */
    private static List<String> secrets() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = db.connect();
                ResultSet rs = connection.createStatement().executeQuery("SELECT email, last_name, phone FROM customers")) {
            while (rs.next()) {
                values.add(rs.getString(1));
                values.add(">" + rs.getString(2) + "<"); // a last name as a whole cell: "Lee" may be part of other words
                if (rs.getString(3) != null) {
                    values.add(rs.getString(3));
                }
            }
        }
        return values;
    }
}
