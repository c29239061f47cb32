package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * conversations.postgres pointing where nothing listens, in the shipped wiring behind a stateless server: a question
 * is refused with DB_UNAVAILABLE naming the conversation store (not INTERNAL), and SQL that needs no conversation still
 * runs.
 */
class ConversationStoreDownTest {

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp().settings(s -> s.withStateless(true))
            .yaml(() -> "conversations: {postgres: {host: 127.0.0.1, port: " + closedPort() + ", database: state}}\n");

    /** {@return a port that was free a moment ago: a connection there is refused} */
    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String call(String tool, String arguments) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(shop.url()))
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
