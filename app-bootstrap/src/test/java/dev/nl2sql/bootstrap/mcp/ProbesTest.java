package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.http.HttpServer;
import dev.nl2sql.mcp.http.Operations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With bearer tokens, a kubelet's or a load balancer's probe (which holds no secret) still learns whether the instance
 * serves, and nothing more; a token shows each database's state, and /mcp and /metrics still need one.
 */
class ProbesTest {

    private static final String TOKEN = "probe-test-t0ken";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Launcher.Launch.Ready ready;
    private static HttpServer http;

    @BeforeAll
    static void start() throws Exception {
        ready = ShopServer.launch(db, ShopServer.configure(db, dir));
        http = HttpServer.start(new McpServerFactory(ready.useCases(), ServerSettings.loopback("test", 0).withAuthTokens(List.of(TOKEN))),
                new Operations(() -> "nl2sql_up 1\n", () -> new Operations.Readiness(Map.of("shop", "breaker open"))));
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

    private static HttpResponse<String> get(String path, boolean withToken) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
        if (withToken) {
            request.header("Authorization", "Bearer " + TOKEN);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void probesWithoutATokenGetTheStatusOnly() throws Exception {
        assertThat(get("/healthz", false).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = get("/readyz", false);
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("{\"status\":\"not ready\"}");
    }

    @Test
    void aTokenShowsEachDatabasesState() throws Exception {
        assertThat(get("/readyz", true).body()).contains("\"shop\":\"breaker open\"");
    }

    @Test
    void everythingElseStillNeedsAToken() throws Exception {
        assertThat(get("/metrics", false).statusCode()).isEqualTo(401);
        assertThat(get("/mcp", false).statusCode()).isEqualTo(401);
    }
}
