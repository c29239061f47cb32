package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.usecase.testing.TestUseCases;
import io.modelcontextprotocol.json.McpJsonDefaults;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tool calls over stdio are answered by {@link ToolCalls} once the client is initialised, and by the SDK before that or
 * for a tool that is not ours: either way the client reads the same answers.
 */
class StdioToolCallsTest {

    private static final String INITIALIZE = """
            {"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},\
            "clientInfo":{"name":"test","version":"1"}}}""";

    private final PipedOutputStream client = new PipedOutputStream();
    private final Lines server = new Lines();
    private CompletableFuture<Integer> serving;

    @BeforeEach
    void serve() throws IOException {
        InputStream in = new PipedInputStream(client, 1 << 16);
        McpServerFactory factory = new McpServerFactory(TestUseCases.defaults().build(), ServerSettings.loopback("test", 0));
        serving = CompletableFuture.supplyAsync(() -> factory.serveStdio(in, server));
    }

    @AfterEach
    void endInput() throws IOException {
        client.close();
        serving.join();
    }

    @Test
    void argumentsThatBreakTheToolsSchemaAreRefusedInTheSdksWordsOnceInitialised() throws IOException {
        initialize();

        Map<String, Object> answer = call("""
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"run_sql","arguments":{"sql":42}}}""");

        assertThat(result(answer)).containsEntry("isError", true);
        assertThat(answer.toString()).contains("Tool (run_sql) input validation failed: Validation failed: JSON schema validation errors:");
    }

    @Test
    void aToolThatIsNotOursIsLeftToTheSdk() throws IOException {
        initialize();

        Map<String, Object> answer = call("""
                {"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"drop_everything","arguments":{}}}""");

        assertThat(answer).containsKey("error").doesNotContainKey("result");
        assertThat(answer.get("id")).isEqualTo(8);
    }

    @Test
    void anAnswerCarriesTheRequestsIdAndTheToolsResult() throws IOException {
        initialize();

        Map<String, Object> answer = call("""
                {"jsonrpc":"2.0","id":"a-9","method":"tools/call","params":{"name":"list_databases","arguments":{}}}""");

        assertThat(answer.get("id")).isEqualTo("a-9");
        assertThat(result(answer)).containsKey("structuredContent").containsKey("content");
    }

    private void initialize() throws IOException {
        assertThat(call(INITIALIZE)).containsKey("result");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("result");
    }

    private Map<String, Object> call(String request) throws IOException {
        int before = server.count();
        send(request);
        return server.after(before);
    }

    private void send(String line) throws IOException {
        client.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        client.flush();
    }

    /** What the server wrote, one JSON-RPC message a line. */
    private static final class Lines extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized int count() {
            return lines().length;
        }

        private String[] lines() {
            String text = bytes.toString(StandardCharsets.UTF_8);
            return text.isEmpty() ? new String[0] : text.split("\n");
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> after(int seen) throws IOException {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
            while (Instant.now().isBefore(deadline)) {
                String[] lines;
                synchronized (this) {
                    lines = lines();
                }
                if (lines.length > seen) {
                    return McpJsonDefaults.getMapper().readValue(lines[seen], Map.class);
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            throw new AssertionError("no answer within 10 s; the server wrote: " + bytes);
        }
    }
}
