package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.http.HttpServer;
import dev.nl2sql.mcp.tool.ToolSelection;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The official TypeScript SDK client and inspector-cli call every tool, resource, prompt and completion, over both transports. */
class RealClientTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Path config;
    private static Launcher.Launch.Ready ready;
    private static HttpServer http;

    @BeforeAll
    static void start() throws Exception {
        ShopServer.ensureNodeTools();
        config = ShopServer.configure(db, dir);
        ready = ShopServer.launch(db, config);
        http = HttpServer.start(new McpServerFactory(ready.useCases(), ServerSettings.loopback("test", 0)));
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.close();
        }
        if (ready != null) {
            ready.resources().close();
        }
    }

    private static String url() {
        return "http://127.0.0.1:" + http.port() + HttpServer.ENDPOINT;
    }

    @Test
    void typescriptClientPassesEveryCheckOverHttp() {
        ShopServer.Ran ran = ShopServer.run(ShopServer.node("client-test.mjs", url()), ShopServer.NODE_DIR, Map.of(), Duration.ofSeconds(60));

        assertThat(ran.exit()).as(ran.stderr() + ran.stdout()).isZero();
        ShopServer.record(ran.stdout().strip());
    }

    @Test
    void typescriptClientPassesEveryCheckOverStdio() {
        List<String> command = new ArrayList<>(ShopServer.node("client-test.mjs", "--"));
        command.addAll(ShopServer.stdioCommand(config));

        ShopServer.Ran ran = ShopServer.run(command, ShopServer.NODE_DIR, ShopServer.environment(db), Duration.ofSeconds(90));

        assertThat(ran.exit()).as(ran.stderr() + ran.stdout()).isZero();
        ShopServer.record(ran.stdout().strip());
    }

    @Test
    void coreProfileStillAnswersAQuestionEndToEnd() throws Exception {
        ServerSettings core = ServerSettings.loopback("test", 0).withTools(ToolSelection.of(List.of("core"), false));
        try (HttpServer coreServer = HttpServer.start(new McpServerFactory(ready.useCases(), core))) {
            ShopServer.Ran ran = ShopServer.run(ShopServer.node("core-test.mjs", "http://127.0.0.1:" + coreServer.port() + HttpServer.ENDPOINT),
                    ShopServer.NODE_DIR, Map.of(), Duration.ofSeconds(60));

            assertThat(ran.exit()).as(ran.stderr() + ran.stdout()).isZero();
            assertThat(ran.stdout()).contains("\"shipped\":");
        }
    }

    @Test
    void inspectorCliCallsRunSqlOverHttp() {
        ShopServer.Ran ran = inspector(List.of(url()));

        assertThat(ran.exit()).as(ran.stderr()).isZero();
        assertThat(ran.stdout()).contains("\"row_count\": 1", "\"isError\": false");
    }

    @Test
    void inspectorCliCallsRunSqlOverStdio() {
        ShopServer.Ran ran = inspector(ShopServer.stdioCommand(config));

        assertThat(ran.exit()).as(ran.stderr()).isZero();
        assertThat(ran.stdout()).contains("\"row_count\": 1", "\"isError\": false");
    }

    private static ShopServer.Ran inspector(List<String> target) {
        // inspector-cli 1.0.3 looks for ../package.json relative to its working directory: run it from node_modules
        List<String> command = new ArrayList<>(ShopServer.node("@modelcontextprotocol/inspector-cli/build/index.js"));
        command.addAll(target);
        command.addAll(List.of("--method", "tools/call", "--tool-name", "run_sql", "--tool-arg", "sql=SELECT count(*) AS n FROM orders"));
        return ShopServer.run(command, ShopServer.NODE_DIR.resolve("node_modules"), ShopServer.environment(db), Duration.ofSeconds(90));
    }
}
