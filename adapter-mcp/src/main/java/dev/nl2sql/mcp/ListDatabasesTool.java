package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseIdentity;
import dev.nl2sql.usecase.ExploreSchema;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code list_databases}: which databases this server can query. */
final class ListDatabasesTool implements McpTool {

    static final String NAME = "list_databases";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of());
    private static final Map<String, Object> OUTPUT = Schemas.output(Map.of("databases", Schemas.ARRAY));

    private final ExploreSchema explore;

    ListDatabasesTool(ExploreSchema explore) {
        this.explore = explore;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("List databases")
                        .description("List the databases this server can query, by the name the other tools take as 'database'.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, (exchange, arguments) -> list()))
                .build();
    }

    private CallToolResult list() {
        List<DatabaseIdentity> databases = explore.databases();
        List<Map<String, Object>> rows = databases.stream()
                .map(d -> Map.<String, Object>of("name", d.name().value(), "address", d.address())).toList();
        String text = databases.isEmpty() ? "no databases are configured"
                : databases.stream().map(d -> d.name() + "\t" + d.address()).collect(Collectors.joining("\n"));
        return ToolResults.success(Map.of("databases", rows), text);
    }
}
