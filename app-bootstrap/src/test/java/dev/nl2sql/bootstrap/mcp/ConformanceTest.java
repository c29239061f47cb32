package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.http.HttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official MCP conformance suite against the HTTP server, with the suite's own fixture tools, resources and
 * prompts ({@link ConformanceFixtures}) added to nl2sql's. Scenarios that still fail are listed, each with the reason,
 * in {@code conformance-baseline.yml}; the suite fails on a new failure and on a listed scenario that starts passing.
 */
class ConformanceTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Launcher.Launch.Ready ready;
    private static HttpServer http;

    @BeforeAll
    static void start() throws Exception {
        ShopServer.ensureNodeTools();
        ready = ShopServer.launch(db, ShopServer.configure(db, dir));
        http = HttpServer.start(new McpServerFactory(ready.useCases(), ServerSettings.loopback("test", 0), ConformanceFixtures::add));
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

    @Test
    void activeSuitePassesExceptTheBaseline() {
        List<String> command = List.of(ShopServer.node22(), "node_modules/@modelcontextprotocol/conformance/dist/index.js", "server",
                "--url", "http://127.0.0.1:" + http.port() + HttpServer.ENDPOINT,
                "--expected-failures", "conformance-baseline.yml");

        ShopServer.Ran ran = ShopServer.run(command, ShopServer.NODE_DIR, Map.of(), Duration.ofMinutes(2));

        assertThat(ran.exit()).as(ran.stdout() + ran.stderr()).isZero();
        Matcher total = Pattern.compile("(?m)^Total: (\\d+) passed, (\\d+) failed").matcher(ran.stdout());
        ShopServer.record("{\"conformance\":\"" + (total.find() ? total.group(1) + " passed, " + total.group(2) + " failed" : "?") + "\"}");
    }
}
