package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A schema that changes while clients are connected: subscribers of its resources are told, and every client learns
 * that the list changed when a table appears. The TypeScript SDK client (subscribe-test.mjs) listens; this test
 * changes the database once it has subscribed.
 */
class SchemaNotificationTest {

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp().settings(s -> s.withSchemaCheckInterval(Duration.ofSeconds(1)));

    @BeforeAll
    static void start() {
        ShopServer.ensureNodeTools();
    }

    @Test
    void subscribersAreToldOfChangedTablesAndEveryClientOfNewOnes() throws Exception {
        List<String> command = ShopServer.node("subscribe-test.mjs", shop.url());
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
            try (Connection connection = DriverManager.getConnection(shop.db().jdbcUrl(), shop.db().server().user(), shop.db().server().password());
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
