package dev.nl2sql.bootstrap.assembly;

import dev.nl2sql.bootstrap.InstalledTool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code nl2sql shell} on a real terminal (a tmux pane) over the packaged jar: line editing, follow-up questions,
 * history across restarts, completion, and Ctrl-C cancelling a long query on the server while the shell lives on.
 */
class ShellIT {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Path config;
    /** Billions of rows to count: minutes of work, allowed by the validator (no sleep, no huge series). */
    private static final String LONG_QUERY = "SELECT count(*) AS n FROM order_items a CROSS JOIN order_items b CROSS JOIN order_items c";

    private Path state;
    private TmuxPane pane;

    @BeforeAll
    static void loadShop() throws Exception {
        try (Connection connection = db.connect()) {
            new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), connection, Progress.none());
        }
        config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, "databases:\n  - {name: shop, host: " + db.server().host() + ", port: " + db.server().port()
                + ", database: " + db.name() + ", user: " + db.server().user() + ", password_env: IT_DB_PASSWORD, statement_timeout: 120s}\n");
    }

    @BeforeEach
    void needsTmux() throws IOException {
        InstalledTool.require(TmuxPane.available(), "tmux is not installed (bin/ensure-tmux installs it)");
        state = Files.createTempDirectory(dir, "state");
    }

    @AfterEach
    void closePane() throws Exception {
        if (pane != null) {
            pane.close();
        }
    }

    /** Starts the shell in a new tmux pane, which later keys go to, and waits for its first prompt. */
    private void startShell() throws Exception {
        closePane();
        String command = "env IT_DB_PASSWORD='" + db.server().password() + "' XDG_STATE_HOME=" + state + " TERM=xterm-256color "
                + Nl2SqlProcess.JAVA + " -Xlog:disable -XX:TieredStopAtLevel=1 -jar " + Nl2SqlProcess.JAR + " --config " + config
                + " shell; echo SHELL-EXITED-$?; sleep 60";
        pane = TmuxPane.start(160, 60, command);
        awaitScreen(screen -> screen.contains("shop> "), "the first prompt");
    }

    private void keys(String... keys) throws Exception {
        pane.keys(keys);
    }

    private void type(String text) throws Exception {
        pane.type(text);
    }

    private String awaitScreen(Predicate<String> shown, String what) throws Exception {
        return pane.await(shown, what, Duration.ofSeconds(40));
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.strip().lines().toList();
        return lines.getLast();
    }

    @Test
    void editsAQuestionAndAnswersAFollowUpInContext() throws Exception {
        startShell();

        type("many customers are therx");
        keys("BSpace");
        type("e");
        keys("C-a");
        type("how ");
        keys("Enter");
        awaitScreen(screen -> screen.contains("count") && screen.lines().filter(l -> l.startsWith("shop> ")).count() == 2, "the answer");
        type("only in Germany");
        keys("Enter");
        String screen = awaitScreen(s -> s.lines().filter(l -> l.startsWith("shop> ")).count() == 3, "the follow-up's answer");

        assertThat(screen).contains("shop> how many customers are there");
        assertThat(screen).containsPattern("(?i)SELECT count\\(\\*\\).*FROM customers.*'Germany'");
    }

    @Test
    void keepsTheHistoryAcrossRestarts() throws Exception {
        startShell();
        type("\\d customers");
        keys("Enter");
        awaitScreen(screen -> screen.contains("CREATE TABLE customers"), "the table");
        type("\\q");
        keys("Enter");
        awaitScreen(screen -> screen.contains("SHELL-EXITED-0"), "the shell to leave");

        startShell();
        keys("Up", "Up"); // the newest entry is the \\q that ended the first session

        assertThat(lastLine(awaitScreen(screen -> lastLine(screen).contains("\\d customers"), "the recalled line")))
                .isEqualTo("shop> \\d customers");
        assertThat(state.resolve("nl2sql/shell_history")).content().contains("\\d customers");
    }

    @Test
    void completesCommandsAndTableNames() throws Exception {
        startShell();

        type("\\hist");
        keys("Tab");
        awaitScreen(screen -> lastLine(screen).startsWith("shop> \\history"), "the completed command");
        keys("C-u");
        type("\\d order_i");
        keys("Tab");

        assertThat(lastLine(awaitScreen(screen -> lastLine(screen).contains("order_items"), "the completed table")))
                .startsWith("shop> \\d order_items");
    }

    @Test
    void ctrlCCancelsALongQueryOnTheServerAndTheShellLivesOn() throws Exception {
        startShell();

        type("\\sql " + LONG_QUERY);
        keys("Enter");
        awaitRunning(1);
        keys("C-c");
        awaitRunning(0);
        awaitScreen(screen -> screen.contains("-- cancelled"), "the cancellation");
        type("\\d");
        keys("Enter");

        awaitScreen(screen -> screen.contains("order_items ("), "the shell to answer again");
        assertThat(pane.screen(false)).doesNotContain("SHELL-EXITED");
    }

    /** Waits until {@code count} copies of the long query are running on the server. */
    private void awaitRunning(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int running = -1;
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            while (running != count && System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        + "AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%order_items a CROSS JOIN order_items b%'")) {
                    rows.next();
                    running = rows.getInt(1);
                }
                Thread.sleep(100);
            }
        }
        assertThat(running).as("copies of the long query running on the server; the screen was:\n%s", pane.screen(false)).isEqualTo(count);
    }
}
