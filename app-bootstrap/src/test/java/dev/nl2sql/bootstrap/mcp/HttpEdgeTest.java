package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nl2sql.domain.audit.HistoryQuery;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Raw HTTP against the server: authentication, Origin checks, malformed and hostile requests; it keeps serving. */
class HttpEdgeTest {

    private static final String TOKEN = "t0ken-for-tests";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @RegisterExtension
    static final ShopOverHttp shop = new ShopOverHttp().settings(s -> s.withAuthTokens(List.of(TOKEN)));

    private static String session;

    @BeforeAll
    static void start() throws Exception {
        HttpResponse<String> init = post(null, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
                 "clientInfo":{"name":"raw","version":"1"}}}""", TOKEN, null);
        assertThat(init.statusCode()).isEqualTo(200);
        session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", TOKEN, null).statusCode()).isEqualTo(202);
    }

    private static HttpResponse<String> post(String sessionId, String body, String token, String origin) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(shop.url()))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@return the JSON-RPC response in a reply, sent as plain JSON or as the SSE event after any notifications} */
    private static JsonNode message(HttpResponse<String> response) throws IOException {
        String body = response.body();
        List<String> events = body.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).strip()).toList();
        for (String event : events) {
            JsonNode node = JSON.readTree(event);
            if (node.has("result") || node.has("error")) {
                return node;
            }
        }
        return JSON.readTree(body);
    }

    private static JsonNode call(String tool, String arguments) throws IOException, InterruptedException {
        HttpResponse<String> response = post(session, "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\""
                + tool + "\",\"arguments\":" + arguments + "}}", TOKEN, null);
        assertThat(response.statusCode()).isEqualTo(200);
        return message(response);
    }

    private static void assertStillServing() throws IOException, InterruptedException {
        JsonNode result = call("list_databases", "{}").path("result");
        assertThat(result.path("isError").asBoolean()).isFalse();
        assertThat(result.path("structuredContent").path("databases").get(0).path("name").asText()).isEqualTo("shop");
    }

    private static void assertSmallJsonRpcError(HttpResponse<String> response) throws IOException {
        assertThat(response.body()).doesNotContain("stackTrace", "Exception", "\tat ");
        JsonNode error = message(response).path("error");
        assertThat(error.path("code").isInt()).as(response.body()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
    }

    @Test
    void requestWithoutTokenIsUnauthorized() throws Exception {
        HttpResponse<String> response = post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertSmallJsonRpcError(response);
    }

    @Test
    void wrongTokenIsUnauthorized() throws Exception {
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", TOKEN + "x", null).statusCode()).isEqualTo(401);
    }

    @Test
    void foreignOriginIsForbidden() throws Exception {
        HttpResponse<String> response = post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", TOKEN, "http://evil.example");

        assertThat(response.statusCode()).isEqualTo(403);
        assertSmallJsonRpcError(response);
    }

    /** Tool calls of nl2sql's own tools skip the SDK's dispatch (HttpToolCalls); they must not skip the checks before it. */
    @Test
    void aToolCallWithoutTokenOrFromAForeignOriginIsRefusedAndRunsNothing() throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"run_sql\",\"arguments\":"
                + "{\"sql\":\"SELECT 'refused before it ran' AS marker\"}}}";

        assertThat(post(session, call, null, null).statusCode()).isEqualTo(401);
        assertThat(post(session, call, TOKEN + "x", null).statusCode()).isEqualTo(401);
        assertThat(post(session, call, TOKEN, "http://evil.example").statusCode()).isEqualTo(403);
        assertThat(shop.useCases().queryHistory().page(HistoryQuery.latest(100)).entries())
                .as("none of them reached the audit").noneMatch(entry -> entry.finalSql().orElse("").contains("refused before it ran"));

        assertThat(post(session, call, TOKEN, null).statusCode()).as("the same call, allowed").isEqualTo(200);
        assertThat(shop.useCases().queryHistory().page(HistoryQuery.latest(100)).entries())
                .as("an allowed call is in the audit").anyMatch(entry -> entry.finalSql().orElse("").contains("refused before it ran"));
    }

    @Test
    void noAnswerOrErrorPageNamesTheServerSoftwareOrItsVersion() throws Exception {
        HttpResponse<String> answer = post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", TOKEN, null);
        HttpResponse<String> missing = CLIENT.send(HttpRequest.newBuilder(URI.create(shop.url().replace("/mcp", "/no-such-page")))
                .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(missing.statusCode()).isEqualTo(404);
        for (HttpResponse<String> response : List.of(answer, missing)) {
            assertThat(response.headers().firstValue("Server")).as(response.uri().toString()).isEmpty();
            assertThat(response.body()).as(response.uri().toString()).doesNotContainIgnoringCase("jetty");
        }
    }

    @Test
    void ownOriginIsAllowed() throws Exception {
        assertThat(post(session, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}", TOKEN, "http://localhost:" + shop.port())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonIsASmallErrorAndTheServerKeepsServing() throws Exception {
        HttpResponse<String> response = post(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":", TOKEN, null);

        assertThat(response.statusCode()).isBetween(400, 499);
        assertSmallJsonRpcError(response);
        assertStillServing();
    }

    @Test
    void missingSessionIsASmallErrorWithoutStackTrace() throws Exception {
        HttpResponse<String> response = post(null, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(400);
        assertSmallJsonRpcError(response);
    }

    @Test
    void unknownSessionIsASmallErrorWithoutStackTrace() throws Exception {
        HttpResponse<String> response = post("no-such-session", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}", TOKEN, null);

        assertThat(response.statusCode()).isEqualTo(404);
        assertSmallJsonRpcError(response);
    }

    @Test
    void unknownMethodIsMethodNotFound() throws Exception {
        JsonNode reply = message(post(session, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tables/drop\"}", TOKEN, null));

        assertThat(reply.path("error").path("code").asInt()).isEqualTo(-32601);
        assertStillServing();
    }

    @Test
    void unknownToolIsAnErrorNamingIt() throws Exception {
        JsonNode reply = call("drop_table", "{}");

        assertThat(reply.path("error").path("code").asInt()).isEqualTo(-32602);
        assertStillServing();
    }

    @Test
    void wrongArgumentTypeIsAToolError() throws Exception {
        JsonNode result = call("run_sql", "{\"sql\":42}").path("result");

        assertThat(result.path("isError").asBoolean()).isTrue();
        assertStillServing();
    }

    @Test
    void unexpectedArgumentIsAToolError() throws Exception {
        assertThat(call("run_sql", "{\"sql\":\"SELECT 1\",\"mode\":\"write\"}").path("result").path("isError").asBoolean()).isTrue();
    }

    @Test
    void writesAreRefusedByRunSqlAndExplainSql() throws Exception {
        for (String sql : List.of("DELETE FROM orders", "COMMIT; DROP TABLE orders", "UPDATE orders SET status = 'cancelled'")) {
            for (String tool : List.of("run_sql", "explain_sql")) {
                JsonNode result = call(tool, "{\"sql\":" + JSON.writeValueAsString(sql) + "}").path("result");
                assertThat(result.path("isError").asBoolean()).as(tool + ": " + sql).isTrue();
                assertThat(result.path("structuredContent").path("code").asText()).isIn("SQL_REJECTED", "SQL_INVALID");
                assertThat(result.path("content").get(0).path("text").asText()).matches("SQL_(REJECTED|INVALID): .+");
            }
        }
        assertThat(call("run_sql", "{\"sql\":\"SELECT count(*) FROM orders\"}").path("result").path("structuredContent")
                .path("rows").get(0).get(0).asInt()).isPositive();
    }

    @Test
    void oversizedRequestIsRefusedAndTheServerKeepsServing() throws Exception {
        String huge = "SELECT '" + "x".repeat(ServerSettings.DEFAULT_MAX_REQUEST_SIZE + 1) + "'";
        HttpResponse<String> response = post(session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"run_sql\","
                + "\"arguments\":{\"sql\":\"" + huge + "\"}}}", TOKEN, null);

        assertThat(response.statusCode()).isBetween(400, 499);
        assertSmallJsonRpcError(response);
        assertStillServing();
    }

    @Test
    void listeningBeyondLoopbackWithoutTokensIsRefused() {
        ServerSettings open = ServerSettings.loopback("test", 0).withListener("0.0.0.0", 0);

        assertThatThrownBy(() -> HttpServer.start(new McpServerFactory(shop.useCases(), open)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without bearer tokens");
    }
}
