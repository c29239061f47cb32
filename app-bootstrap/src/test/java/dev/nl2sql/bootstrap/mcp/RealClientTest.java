package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.ToolSelection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The official TypeScript SDK client and inspector-cli call every tool, resource, prompt and completion, over both transports. */
class RealClientTest {

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp();

    @BeforeAll
    static void start() {
        ShopServer.ensureNodeTools();
    }

    @Test
    void typescriptClientPassesEveryCheckOverHttp() {
        ShopServer.Ran ran = ShopServer.run(ShopServer.node("client-test.mjs", shop.url()), ShopServer.NODE_DIR, Map.of(), Duration.ofSeconds(60));

        assertThat(ran.exit()).as(ran.stderr() + ran.stdout()).isZero();
        ShopServer.record(ran.stdout().strip());
    }

    @Test
    void typescriptClientPassesEveryCheckOverStdio() {
        List<String> command = new ArrayList<>(ShopServer.node("client-test.mjs", "--"));
        command.addAll(ShopServer.stdioCommand(shop.config()));

        ShopServer.Ran ran = ShopServer.run(command, ShopServer.NODE_DIR, ShopServer.environment(shop.db()), Duration.ofSeconds(90));

        assertThat(ran.exit()).as(ran.stderr() + ran.stdout()).isZero();
        ShopServer.record(ran.stdout().strip());
    }

    @Test
    void coreProfileStillAnswersAQuestionEndToEnd() throws Exception {
        ServerSettings core = ServerSettings.loopback("test", 0).withTools(ToolSelection.of(List.of("core"), false));
        try (HttpServer coreServer = HttpServer.start(new McpServerFactory(shop.useCases(), core))) {
            ShopServer.Ran ran = ShopServer.run(ShopServer.node("core-test.mjs", "http://127.0.0.1:" + coreServer.port() + HttpServer.ENDPOINT),
                    ShopServer.NODE_DIR, Map.of(), Duration.ofSeconds(60));

            assertThat(ran.exit()).as(ran.stderr() + ran.stdout()).isZero();
            assertThat(ran.stdout()).contains("\"shipped\":");
        }
    }

    @Test
    void inspectorCliCallsRunSqlOverHttp() {
        ShopServer.Ran ran = inspector(List.of(shop.url()));

        assertThat(ran.exit()).as(ran.stderr()).isZero();
        assertThat(ran.stdout()).contains("\"row_count\": 1", "\"isError\": false");
    }

    @Test
    void inspectorCliCallsRunSqlOverStdio() {
        ShopServer.Ran ran = inspector(ShopServer.stdioCommand(shop.config()));

        assertThat(ran.exit()).as(ran.stderr()).isZero();
        assertThat(ran.stdout()).contains("\"row_count\": 1", "\"isError\": false");
    }

    private static ShopServer.Ran inspector(List<String> target) {
        // inspector-cli 1.0.3 looks for ../package.json relative to its working directory: run it from node_modules
        List<String> command = new ArrayList<>(ShopServer.node("@modelcontextprotocol/inspector-cli/build/index.js"));
        command.addAll(target);
        command.addAll(List.of("--method", "tools/call", "--tool-name", "run_sql", "--tool-arg", "sql=SELECT count(*) AS n FROM orders"));
        return ShopServer.run(command, ShopServer.NODE_DIR.resolve("node_modules"), ShopServer.environment(shop.db()), Duration.ofSeconds(90));
    }
}
