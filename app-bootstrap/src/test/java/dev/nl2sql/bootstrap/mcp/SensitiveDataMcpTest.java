package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nl2sql.bootstrap.Application;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.PersonalData;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.library.config.ConfigLoader;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The sensitive data policy through the MCP server over HTTP: the whole serialized reply of every schema and query
 * tool, and of the schema resources, holds no hidden name and no raw value of a masked column.
 */
class SensitiveDataMcpTest {

    private static final String TOKEN = "sensitive-t0ken";
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Launcher.Launch.Ready ready;
    private static HttpServer http;
    private static String session;

    @BeforeAll
    static void start() throws Exception {
        db.execute(PersonalData.SQL);
        Path config = dir.resolve("nl2sql.yaml");
        Files.writeString(config, PersonalData.configuredAsCrm(db.server().host(), db.server().port(), db.name(), db.server().user(),
                "CRM_DB_PASSWORD") + "audit: {path: " + dir.resolve("audit") + "}\n");
        Launcher.Launch launch = new Application(new ConfigLoader(Map.of("CRM_DB_PASSWORD", db.server().password(), "CRM_SALT", "s"), dir, dir))
                .launch(Optional.of(config));
        ready = (Launcher.Launch.Ready) launch;
        http = HttpServer.start(new McpServerFactory(ready.useCases(), ServerSettings.loopback("test", 0).withAuthTokens(List.of(TOKEN))));
        HttpResponse<String> init = post(null, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},
                 "clientInfo":{"name":"raw","version":"1"}}}""");
        session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    }

    @AfterAll
    static void stop() throws Exception {
        http.close();
        ready.resources().close();
    }

    private static HttpResponse<String> post(String sessionId, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + HttpServer.ENDPOINT))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(body));
        if (sessionId != null) {
            request.header("Mcp-Session-Id", sessionId);
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "tools/call|{\"name\":\"list_databases\",\"arguments\":{}}|crm",
            "tools/call|{\"name\":\"search_schema\",\"arguments\":{\"database\":\"crm\",\"pattern\":\"*\"}}|people",
            "tools/call|{\"name\":\"search_schema\",\"arguments\":{\"database\":\"crm\",\"pattern\":\"sal\"}}|crm",
            "tools/call|{\"name\":\"describe_table\",\"arguments\":{\"database\":\"crm\",\"table\":\"people\"}}|card_number",
            "tools/call|{\"name\":\"run_sql\",\"arguments\":{\"database\":\"crm\",\"sql\":\"SELECT * FROM people ORDER BY id LIMIT 20\"}}|***",
            "tools/call|{\"name\":\"run_sql\",\"arguments\":{\"database\":\"crm\",\"sql\":\"SELECT lower(email) FROM people\"}}|masked",
            "tools/call|{\"name\":\"generate_sql\",\"arguments\":{\"database\":\"crm\",\"question\":\"how many people are there\"}}|people",
            "resources/read|{\"uri\":\"nl2sql://databases/crm/schema\"}|people",
            "resources/read|{\"uri\":\"nl2sql://databases/crm/tables/people\"}|email",
            "tools/call|{\"name\":\"query_history\",\"arguments\":{\"database\":\"crm\"}}|people"})
    void replyHoldsNoHiddenNameOrMaskedValue(String method, String params, String expected) throws Exception {
        String reply = post(session, "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"" + method + "\",\"params\":" + params + "}").body();

        assertThat(reply).contains(expected);
        String lower = reply.toLowerCase(Locale.ROOT);
        assertThat(PersonalData.LEAK_MARKERS).as(reply).noneMatch(lower::contains);
    }

    @Test
    void aChartsSpecAndLabelsHoldOnlyTheMasks() throws Exception {
        String reply = post(session, "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/call\",\"params\":{\"name\":\"run_sql\",\"arguments\":"
                + "{\"database\":\"crm\",\"sql\":\"SELECT email, card_number, id * 10 AS score FROM people ORDER BY id LIMIT 8\","
                + "\"chart\":\"bar\"}}}").body();
        JsonNode result = new ObjectMapper().readTree(reply.substring(reply.indexOf('{'))).path("result");
        JsonNode image = result.path("content").get(1);
        // the PNG is drawn from the labels and values in the spec; its base64 text is no place to look for words
        ((ObjectNode) image).remove("data");

        assertThat(image.path("mimeType").asText()).isEqualTo("image/png");
        String spec = result.path("structuredContent").path("chart").path("spec").toString();
        assertThat(spec).contains("*** ");
        String lower = result.toString().toLowerCase(Locale.ROOT);
        assertThat(PersonalData.LEAK_MARKERS).as(result.toString()).noneMatch(lower::contains);
    }

    @Test
    void hiddenTableIsUnknownEvenWhenNamed() throws Exception {
        String reply = post(session, "{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"tools/call\",\"params\":{\"name\":\"describe_table\","
                + "\"arguments\":{\"database\":\"crm\",\"table\":\"hr.salaries\"}}}").body();

        assertThat(reply).contains("TABLE_UNKNOWN").doesNotContain("person_id", "amount");
    }
}
