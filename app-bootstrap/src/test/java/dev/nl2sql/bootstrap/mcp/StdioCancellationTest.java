package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer;
import dev.nl2sql.openai.testing.ScriptedOpenAiServer.Scripted;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code notifications/cancelled} over stdio, in the server as shipped (a child JVM): the model call of the cancelled
 * request is stopped, and nothing more is sent for that request, while the server goes on answering.
 */
class StdioCancellationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static ScriptedOpenAiServer model;
    private static Path config;

    @BeforeAll
    static void start() throws Exception {
        model = ScriptedOpenAiServer.start();
        // a budget far longer than the test waits: only the cancellation can end the model call
        config = Files.writeString(dir.resolve("patient.yaml"), Files.readString(ShopServer.configure(db, dir))
                + "llm: {base_url: '" + model.baseUrl("/v1") + "', model: scripted, question_timeout: 50s, fallback: offline}\n");
    }

    @AfterAll
    static void stop() {
        model.close();
    }

    @Test
    void aCancelledAskStopsItsModelCallAndIsNeverAnswered() throws Exception {
        model.enqueue(Scripted.trickle());
        ProcessBuilder builder = new ProcessBuilder(ShopServer.stdioCommand(config));
        builder.environment().putAll(ShopServer.environment(db));
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process server = builder.start();
        LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        try (OutputStream stdin = server.getOutputStream()) {
            send(stdin, """
                    {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
            List<JsonNode> seen = new ArrayList<>(until(lines, 1));
            send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"ask\",\"arguments\":"
                    + "{\"question\":\"how many orders are there\"}}}");
            long waitForModel = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (model.requestCount() == 0 && System.nanoTime() < waitForModel) {
                Thread.sleep(50);
            }
            assertThat(model.requestCount()).as("the question reached the model").isPositive();

            send(stdin, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":2,\"reason\":\"user\"}}");

            assertThat(model.awaitDisconnect(Duration.ofSeconds(20))).as("the model server sees its connection closed").isTrue();
            send(stdin, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\"}");
            seen.addAll(until(lines, 3));
            Thread.sleep(1_000); // room for a late answer, had one been coming
            for (String line = lines.poll(); line != null; line = lines.poll()) {
                seen.add(JSON.readTree(line));
            }
            assertThat(seen).as("no answer, error or progress for the cancelled request")
                    .noneMatch(node -> node.path("id").asInt(-1) == 2 || node.path("params").path("requestId").asInt(-1) == 2);
        } finally {
            server.destroyForcibly();
        }
    }

    private static void send(OutputStream stdin, String line) throws IOException {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
    }

    /** {@return every message up to and including the response with {@code id}} */
    private static List<JsonNode> until(LinkedBlockingQueue<String> lines, int id) throws Exception {
        List<JsonNode> read = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            read.add(node);
            if (node.path("id").asInt(-1) == id && (node.has("result") || node.has("error"))) {
                return read;
            }
        }
        throw new AssertionError("no response " + id + " after " + read);
    }
}
