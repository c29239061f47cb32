package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.http.HttpServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A schema that changes while clients are connected: subscribers of its resources are told, and every client learns
 * that the list changed when a table appears. The TypeScript SDK client (subscribe-test.mjs) listens; this test
 * changes the database once it has subscribed.
 */
class SchemaNotificationTest {

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
        http = HttpServer.start(new McpServerFactory(ready.useCases(),
                ServerSettings.loopback("test", 0).withSchemaCheckInterval(Duration.ofSeconds(1))));
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
    void subscribersAreToldOfChangedTablesAndEveryClientOfNewOnes() throws Exception {
        List<String> command = ShopServer.node("subscribe-test.mjs", "http://127.0.0.1:" + http.port() + HttpServer.ENDPOINT);
        Process client = new ProcessBuilder(command).directory(ShopServer.NODE_DIR.toFile()).start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> {
            try (var err = client.getErrorStream()) {
                return new String(err.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        List<String> out = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))) {
            String line = lines.readLine();
            assertThat(line).as("client: %s", errors.getNow("")).isEqualTo("subscribed");
            try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.server().user(), db.server().password());
                    Statement statement = connection.createStatement()) {
                statement.execute("ALTER TABLE orders ADD COLUMN gift_note text");
                statement.execute("ALTER TABLE customers ADD COLUMN nickname text"); // unsubscribed: must not be told
                statement.execute("CREATE TABLE coupons (code text PRIMARY KEY, percent integer NOT NULL)");
            }
            for (String next = lines.readLine(); next != null; next = lines.readLine()) {
                out.add(next);
            }
        }
        assertThat(client.waitFor(90, TimeUnit.SECONDS)).isTrue();

        assertThat(client.exitValue()).as("%s %s", out, errors.join()).isZero();
        ShopServer.record(out.getLast());
    }
}
