package dev.nl2sql.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.usecase.testing.TestUseCases;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
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
    private final ServerLines server = new ServerLines();
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
    void argumentsThatBreakTheToolsSchemaAreRefusedInTheSdksWordsOnceInitialised() throws IOException, InterruptedException {
        initialize();

        Map<String, Object> answer = call(7, """
                {"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"run_sql","arguments":{"sql":42}}}""");

        assertThat(result(answer)).containsEntry("isError", true);
        assertThat(answer.toString()).contains("Tool (run_sql) input validation failed: Validation failed: JSON schema validation errors:");
    }

    @Test
    void aToolThatIsNotOursIsLeftToTheSdk() throws IOException, InterruptedException {
        initialize();

        Map<String, Object> answer = call(8, """
                {"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"drop_everything","arguments":{}}}""");

        assertThat(answer).containsKey("error").doesNotContainKey("result");
        assertThat(answer.get("id")).isEqualTo(8);
    }

    @Test
    void anAnswerCarriesTheRequestsIdAndTheToolsResult() throws IOException, InterruptedException {
        initialize();

        Map<String, Object> answer = call("a-9", """
                {"jsonrpc":"2.0","id":"a-9","method":"tools/call","params":{"name":"list_databases","arguments":{}}}""");

        assertThat(answer.get("id")).isEqualTo("a-9");
        assertThat(result(answer)).containsKey("structuredContent").containsKey("content");
    }

    private void initialize() throws IOException, InterruptedException {
        assertThat(call(0, INITIALIZE)).containsKey("result");
        send("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> result(Map<String, Object> answer) {
        return (Map<String, Object>) answer.get("result");
    }

    private Map<String, Object> call(Object id, String request) throws IOException, InterruptedException {
        send(request);
        return server.answer(id);
    }

    private void send(String line) throws IOException {
        client.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        client.flush();
    }
}
