package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.fixtures.harness.TestDatabase;
import java.io.BufferedReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code nl2sql serve --stdio} in a child JVM, driven with raw lines: stdout stays pure JSON-RPC, whatever comes in. */
class StdioEdgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Path config;

    private Process server;
    private OutputStream stdin;
    private final LinkedBlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final List<String> everyLine = new ArrayList<>();
    private CompletableFuture<String> stderr;
    private long spawnedAt;

    @BeforeAll
    static void load() throws Exception {
        config = ShopServer.configure(db, dir);
        // schema changes are checked for every second (not every 5 minutes), for the subscription test
        Files.writeString(config, "server: {schema_check_interval: 1s}\n", StandardOpenOption.APPEND);
    }

    @BeforeEach
    void spawn() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ShopServer.stdioCommand(config));
        builder.environment().putAll(ShopServer.environment(db));
        builder.environment().put("NL2SQL_LOG_LEVEL", "DEBUG");
        spawnedAt = System.nanoTime();
        server = builder.start();
        stdin = server.getOutputStream();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    stdout.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        stderr = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(server.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    @AfterEach
    void kill() {
        server.destroyForcibly();
    }

    private void send(String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** {@return the response with {@code id}, after checking every line before it is JSON} */
    private JsonNode response(int id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = stdout.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            everyLine.add(line);
            JsonNode node = JSON.readTree(line); // throws if anything but JSON reached stdout
            assertThat(node.path("jsonrpc").asText()).as(line).isEqualTo("2.0");
            if (node.path("id").asInt(-1) == id && (node.has("result") || node.has("error"))) {
                return node;
            }
        }
        throw new AssertionError("no response " + id + "; stderr:\n" + stderr.getNow(""));
    }

    private JsonNode initialize() throws Exception {
        send("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        JsonNode init = response(1);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"debug\"}}");
        response(2);
        return init;
    }

    private String call(int id, String tool, String arguments) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}";
    }

    @Test
    void stdoutCarriesOnlyJsonRpcWhileTheServerLogsAtDebug() throws Exception {
        JsonNode init = initialize();
        long initializedAt = System.nanoTime();
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
        JsonNode tools = response(3);
        long listedAt = System.nanoTime();
        send(call(4, "run_sql", "{\"sql\":\"SELECT * FROM orders\",\"max_rows\":5}"));
        response(4);
        send(call(5, "describe_table", "{\"table\":\"customers\"}"));
        response(5);
        stdin.close();
        assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("exits after stdin ends").isTrue();
        for (String line = stdout.poll(1, TimeUnit.SECONDS); line != null; line = stdout.poll(200, TimeUnit.MILLISECONDS)) {
            everyLine.add(line);
            JSON.readTree(line);
        }

        assertThat(init.path("result").path("serverInfo").path("name").asText()).isEqualTo("nl2sql");
        assertThat(tools.path("result").path("tools")).hasSize(10);
        assertThat(stderr.get(5, TimeUnit.SECONDS)).as("the server really logged at DEBUG").contains("DEBUG");
        assertThat(everyLine).anyMatch(l -> l.contains("notifications/message"));
        ShopServer.record("{\"stdio_spawn_to_tools_list_ms\":" + TimeUnit.NANOSECONDS.toMillis(listedAt - spawnedAt)
                + ",\"stdio_tools_list_after_initialize_ms\":" + TimeUnit.NANOSECONDS.toMillis(listedAt - initializedAt) + "}");
    }

    @Test
    void startingUpReadsNoDatabase() throws Exception {
        send("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        response(1);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        Timestamp beforeToolsList = databaseClock();
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
        response(3);
        send(call(4, "run_sql", "{\"sql\":\"SELECT 1\"}"));
        response(4);

        assertThat(sessionsOfTheServer("backend_start < ?", beforeToolsList)).as("sessions opened before tools/list").isZero();
        assertThat(sessionsOfTheServer("backend_start >= ?", beforeToolsList)).as("sessions opened for the call").isPositive();
    }

    @Test
    void noSchemaIsReadBeforeACallNeedsIt() throws Exception {
        Timestamp started = databaseClock();
        send("""
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        response(1);
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}");
        response(3);
        Thread.sleep(1_500); // the schema watch's first check runs right after that answer

        assertThat(sessionsOfTheServer("backend_start >= ?", started)).as("sessions opened by a server nobody called").isZero();
    }

    @Test
    void aSubscriberIsToldOfAChangeToASchemaNobodyHadRead() throws Exception {
        initialize();
        send("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/subscribe\",\"params\":{\"uri\":\"nl2sql://databases/shop/schema\"}}");
        response(5); // answered once the schema is read: a change from now on must be told
        try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE subscribed_over_stdio (id integer)");
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            boolean told = false;
            while (!told && System.nanoTime() < deadline) {
                String line = stdout.poll(100, TimeUnit.MILLISECONDS);
                told = line != null && line.contains("notifications/resources/updated") && line.contains("nl2sql://databases/shop/schema");
            }

            assertThat(told).as("notifications/resources/updated for the subscribed schema").isTrue();
        } finally {
            try (Connection connection = db.connect(); Statement statement = connection.createStatement()) {
                statement.execute("DROP TABLE subscribed_over_stdio");
            }
        }
    }

    private static Timestamp databaseClock() throws SQLException {
        try (Connection connection = db.connect(); Statement statement = connection.createStatement();
                ResultSet now = statement.executeQuery("SELECT clock_timestamp()")) {
            now.next();
            return now.getTimestamp(1);
        }
    }

    /** {@return how many of the server's sessions on the test database started as {@code condition} says} */
    private static int sessionsOfTheServer(String condition, Timestamp at) throws SQLException {
        try (Connection connection = db.connect(); PreparedStatement statement = connection.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'nl2sql' AND "
                        + condition)) {
            statement.setTimestamp(1, at);
            try (ResultSet count = statement.executeQuery()) {
                count.next();
                return count.getInt(1);
            }
        }
    }

    @Test
    void malformedAndHostileLinesGetErrorsAndTheServerKeepsServing() throws Exception {
        initialize();
        send("{\"jsonrpc\":\"2.0\",\"id\":10,\"method\":");
        send("");
        send("{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"tables/drop\"}");
        JsonNode unknownMethod = response(11);
        send(call(12, "drop_table", "{}"));
        JsonNode unknownTool = response(12);
        send(call(13, "run_sql", "{\"sql\":42}"));
        JsonNode wrongType = response(13);
        send(call(14, "run_sql", "{\"sql\":\"COMMIT; DROP TABLE orders\"}"));
        JsonNode write = response(14);
        send(call(15, "explain_sql", "{\"sql\":\"DELETE FROM orders\"}"));
        JsonNode explainWrite = response(15);
        send("{\"jsonrpc\":\"2.0\",\"id\":17,\"method\":\"ping\",\"params\":{\"pad\":\"" + "x".repeat(3_000_000) + "\"}}");
        send("[1, 2, 3]");
        send(call(16, "run_sql", "{\"sql\":\"SELECT count(*) FROM orders\"}"));
        JsonNode stillServing = response(16);

        assertThat(everyLine).anyMatch(l -> l.contains("\"code\":-32700"));
        assertThat(everyLine).as("a 3 MB line is skipped with an error, and so is JSON that is not JSON-RPC")
                .filteredOn(l -> l.contains("\"code\":-32600")).hasSize(2);
        assertThat(unknownMethod.path("error").path("code").asInt()).isEqualTo(-32601);
        assertThat(unknownTool.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(wrongType.path("result").path("isError").asBoolean()).isTrue();
        assertThat(write.path("result").path("isError").asBoolean()).isTrue();
        assertThat(write.path("result").path("structuredContent").path("code").asText()).isIn("SQL_REJECTED", "SQL_INVALID");
        assertThat(explainWrite.path("result").path("isError").asBoolean()).isTrue();
        assertThat(stillServing.path("result").path("structuredContent").path("rows").get(0).get(0).asInt()).isPositive();
    }

    @Test
    void exitsPromptlyWhenStdinEndsWithACallStillRunning() throws Exception {
        initialize();
        send(call(20, "run_sql", "{\"sql\":\"SELECT pg_sleep(20)\"}"));
        Thread.sleep(300);
        long closedAt = System.nanoTime();
        stdin.close();

        assertThat(server.waitFor(5, TimeUnit.SECONDS)).as("still running 5 s after stdin ended; stderr:\n" + stderr.getNow("")).isTrue();
        ShopServer.record("{\"stdio_exit_after_eof_with_call_running_ms\":" + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt) + "}");
    }
}
