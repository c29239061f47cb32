package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * The conformance suite against {@code nl2sql serve --http} as a user runs it: a child JVM started by the real
 * {@code Main} with a configuration file, nothing added. Scenarios that need the suite's own fixture tools, resources
 * and prompts are listed in {@code conformance-shipped-baseline.yml}; every other scenario (every protocol-level one,
 * resources-subscribe and resources-unsubscribe among them) must pass.
 */
class ShippedConformanceTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Process server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        ShopServer.ensureNodeTools();
        Path config = ShopServer.configure(db, dir);
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(ShopServer.stdioCommand(config));
        command.subList(command.size() - 1, command.size()).clear(); // "--stdio"
        command.addAll(List.of("--http", "--port", Integer.toString(port)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("server.out").toFile())
                .redirectError(dir.resolve("server.err").toFile());
        builder.environment().putAll(ShopServer.environment(db));
        server = builder.start();
        awaitHealthy();
    }

    private static void awaitHealthy() throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("nl2sql serve --http did not become healthy on port " + port);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server != null) {
            server.destroy(); // SIGTERM: the shutdown hook closes the sessions
            server.waitFor();
        }
    }

    @Test
    void everyProtocolScenarioAndSubscriptionsPassAgainstTheShippedServer() {
        List<String> command = List.of(ShopServer.node22(), "node_modules/@modelcontextprotocol/conformance/dist/index.js", "server",
                "--url", "http://127.0.0.1:" + port + "/mcp", "--expected-failures", "conformance-shipped-baseline.yml");

        ShopServer.Ran ran = ShopServer.run(command, ShopServer.NODE_DIR, Map.of(), Duration.ofMinutes(2));

        assertThat(ran.exit()).as(ran.stdout() + ran.stderr()).isZero();
        assertThat(ran.stdout()).contains("resources-subscribe", "resources-unsubscribe", "dns-rebinding-protection");
        Matcher total = Pattern.compile("(?m)^Total: (\\d+) passed, (\\d+) failed").matcher(ran.stdout());
        ShopServer.record("{\"conformance_shipped\":\"" + (total.find() ? total.group(1) + " passed, " + total.group(2) + " failed" : "?")
                + "\"}");
    }
}
