package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.http.HttpServer;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * conversations.postgres pointing where nothing listens, in the shipped wiring behind a stateless server: a question
 * is refused with DB_UNAVAILABLE naming the conversation store (not INTERNAL), and SQL that needs no conversation still
 * runs.
 */
class ConversationStoreDownTest {

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Launcher.Launch.Ready ready;
    private static HttpServer http;

    @BeforeAll
    static void start() throws Exception {
        Path config = ShopServer.configure(db, dir);
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // free once closed: a connection there is refused
        }
        Files.writeString(config, Files.readString(config) + "conversations: {postgres: {host: 127.0.0.1, port: " + closed
                + ", database: state}}\n");
        ready = ShopServer.launch(db, config);
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

    private static String call(String tool, String arguments) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + http.port() + HttpServer.ENDPOINT))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    @Test
    void aQuestionIsRefusedWithDbUnavailableNamingTheConversationStore() throws Exception {
        String answer = call("ask", "{\"question\":\"how many customers are there\"}");

        assertThat(answer).contains("\"isError\":true", "\"code\":\"DB_UNAVAILABLE\"", "conversation store (conversations.postgres, 127.0.0.1:")
                .doesNotContain("INTERNAL");
    }

    @Test
    void aFollowUpIsRefusedTheSameWay() throws Exception {
        String answer = call("generate_sql", "{\"question\":\"only in Germany\",\"conversation_id\":\"c-0123456789abcdef\"}");

        assertThat(answer).contains("\"isError\":true", "\"code\":\"DB_UNAVAILABLE\"", "conversation store").doesNotContain("INTERNAL");
    }

    @Test
    void sqlThatNeedsNoConversationStillRuns() throws Exception {
        String answer = call("run_sql", "{\"sql\":\"SELECT count(*) AS n FROM customers\"}");

        assertThat(answer).contains("\"isError\":false", "\"row_count\":1");
    }
}
