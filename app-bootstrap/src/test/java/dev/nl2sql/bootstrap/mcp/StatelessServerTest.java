package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** server.stateless: the TypeScript SDK client uses tools, resources, prompts and completions without a session. */
class StatelessServerTest {

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
        http = HttpServer.start(new McpServerFactory(ready.useCases(), ServerSettings.loopback("test", 0).withStateless(true)));
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
    void typescriptClientWorksWithoutASessionAndIsToldWhatNeedsOne() {
        ShopServer.Ran ran = ShopServer.run(ShopServer.node("stateless-test.mjs", url(), url()), ShopServer.NODE_DIR, Map.of(),
                Duration.ofSeconds(60));

        assertThat(ran.exit()).as(ran.stderr() + ran.stdout()).isZero();
        assertThat(ran.stdout()).contains("\"stateless\":true");
        assertThat(http.openSessions()).isZero();
    }

    @Test
    void aRequestWithoutInitializeIsAnswered() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url()))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"run_sql\",\"arguments\":{\"sql\":\"SELECT count(*) AS n FROM orders\"}}}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Mcp-Session-Id")).isEmpty();
        assertThat(response.body()).contains("\"id\":7", "\"row_count\":1", "\"isError\":false");
    }
}
