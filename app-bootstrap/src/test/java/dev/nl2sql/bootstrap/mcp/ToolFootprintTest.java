package dev.nl2sql.bootstrap.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nl2sql.cli.Launcher;
import dev.nl2sql.fixtures.harness.TestDatabase;
import dev.nl2sql.mcp.HttpServer;
import dev.nl2sql.mcp.McpServerFactory;
import dev.nl2sql.mcp.ServerSettings;
import dev.nl2sql.mcp.ToolSelection;
import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the tool list costs a client's context: tools/list is sent with every model turn, so each profile has a budget
 * in characters of the JSON-RPC answer (about 4 characters a token), measured on the real server.
 */
class ToolFootprintTest {

    /** 2,000 tokens: the default must fit in it (issue 21); dbhub's list is about 1,400. */
    static final int DEFAULT_BUDGET = 8_000;
    static final int CORE_BUDGET = 4_000;
    /** Per template tool, beyond the profile's own list. */
    static final int TEMPLATE_TOOL_BUDGET = 700;

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @TempDir
    static Path dir;

    private static Launcher.Launch.Ready ready;
    private static final List<HttpServer> servers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        ready = ShopServer.launch(db, ShopServer.configure(db, dir));
    }

    @AfterAll
    static void stop() throws Exception {
        for (HttpServer http : servers) {
            http.close();
        }
        if (ready != null) {
            ready.resources().close();
        }
    }

    /** The tools/list answer of a server offering {@code tools}, as the client receives it. */
    private record Listed(String json, JsonNode tools) {
        int characters() {
            return json.length();
        }

        /** What most clients pass to the model: name, description and input schema of each tool. */
        int modelVisible() {
            int total = 0;
            for (JsonNode tool : tools) {
                total += tool.path("name").asText().length() + tool.path("description").asText().length() + tool.path("inputSchema").toString().length();
            }
            return total;
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            tools.forEach(tool -> names.add(tool.path("name").asText()));
            return names;
        }
    }

    private static Listed list(ToolSelection tools) throws Exception {
        HttpServer http = HttpServer.start(new McpServerFactory(ready.useCases(), ServerSettings.loopback("test", 0).withTools(tools)));
        servers.add(http);
        RawMcp raw = RawMcp.on(http.port());
        JsonNode reply = raw.request(raw.initialize(), "tools/list", "{}");
        String json = RawMcp.JSON.writeValueAsString(reply);
        return new Listed(json, reply.path("result").path("tools"));
    }

    private static void record(String profile, Listed listed) {
        ShopServer.record("{\"tools_list\":\"" + profile + "\",\"tools\":" + listed.tools().size() + ",\"characters\":" + listed.characters()
                + ",\"model_visible_characters\":" + listed.modelVisible() + "}");
    }

    @Test
    void defaultProfileOffersEveryToolWithinTheBudget() throws Exception {
        Listed listed = list(ToolSelection.ALL);
        record("all (default)", listed);

        assertThat(listed.names()).hasSize(10).contains("ask", "run_sql", "run_template", "query_history");
        assertThat(listed.characters()).isLessThanOrEqualTo(DEFAULT_BUDGET);
    }

    @Test
    void coreProfileOffersTheFourExplorationToolsWithinItsBudget() throws Exception {
        Listed listed = list(ToolSelection.of(List.of("core"), false));
        record("core", listed);

        assertThat(listed.names()).containsExactly("list_databases", "search_schema", "describe_table", "run_sql");
        assertThat(listed.characters()).isLessThanOrEqualTo(CORE_BUDGET);
    }

    @Test
    void templateToolsAddOneSmallToolPerTemplate() throws Exception {
        Listed core = list(ToolSelection.of(List.of("core"), false));
        Listed withTemplates = list(ToolSelection.of(List.of("core"), true));
        record("core + template_tools (3 templates)", withTemplates);

        assertThat(withTemplates.names()).endsWith("orders_by_status", "customers_in_country", "purge_orders");
        assertThat(withTemplates.characters() - core.characters()).isLessThanOrEqualTo(3 * TEMPLATE_TOOL_BUDGET);
    }

    @Test
    void everyToolSchemaIsAValidJsonSchema() throws Exception {
        // the server checks arguments against these schemas but no longer checks the schemas themselves at start
        JsonSchemaValidator validator = McpJsonDefaults.getSchemaValidator();
        for (JsonNode tool : list(ToolSelection.of(List.of("all"), true)).tools()) {
            for (String schema : List.of("inputSchema", "outputSchema")) {
                Map<String, Object> parsed = RawMcp.JSON.convertValue(tool.path(schema), new TypeReference<>() {});
                assertThat(validator.validateSchema(parsed).valid()).as(tool.path("name").asText() + " " + schema).isTrue();
            }
        }
    }

    @Test
    void everyToolListsReadOnlyAnnotationsAndAClosedInputSchema() throws Exception {
        for (JsonNode tool : list(ToolSelection.of(List.of("all"), true)).tools()) {
            assertThat(tool.path("annotations").path("readOnlyHint").asBoolean()).as(tool.path("name").asText()).isTrue();
            assertThat(tool.path("inputSchema").path("additionalProperties").asBoolean(true)).as(tool.path("name").asText()).isFalse();
            assertThat(tool.path("outputSchema").path("type").asText()).isEqualTo("object");
        }
    }
}
