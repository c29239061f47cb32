package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.SchemaSearch;
import dev.nl2sql.domain.schema.SchemaSearch.Detail;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import dev.nl2sql.usecase.ExploreSchema;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code search_schema}: find tables, views and columns by name or comment, as compactly as the caller asks. */
final class SearchSchemaTool implements McpTool {

    static final String NAME = "search_schema";
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1_000;

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "pattern", Schemas.string("Name or comment substring, or wildcard (cust*); empty lists all."),
            "detail", Schemas.enumeration("names (default), summary (columns) or full (DDL).", "names", "summary", "full"),
            "limit", Schemas.integer("Most tables returned; default " + DEFAULT_LIMIT + ".", 1, MAX_LIMIT)));
    private static final Map<String, Object> OUTPUT = Schemas.output(Map.of(
            "database", Schemas.STRING, "tables", Schemas.ARRAY, "more", Schemas.BOOLEAN));

    private final ExploreSchema explore;

    SearchSchemaTool(ExploreSchema explore) {
        this.explore = explore;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Search the schema")
                        .description("Find tables, views and columns by name or comment, best match first. Start here: "
                                + "detail=names is cheap even for thousands of tables; then describe_table the ones you need.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, (exchange, arguments) -> search(arguments)))
                .build();
    }

    private CallToolResult search(Arguments arguments) {
        Detail detail = Detail.valueOf(arguments.string("detail").orElse("names").toUpperCase(Locale.ROOT));
        int limit = Math.clamp(arguments.integer("limit", DEFAULT_LIMIT), 1, MAX_LIMIT);
        String pattern = arguments.string("pattern").orElse("");
        Result<DatabaseName> database = arguments.database(explore.databases());
        if (database instanceof Result.Err<DatabaseName> err) {
            return ToolResults.failure(err.failure());
        }
        DatabaseName name = database.orElseThrow();
        return ToolResults.from(explore.schema(name), schema -> render(name, schema,
                SchemaSearch.search(schema, pattern, limit + 1), detail, limit));
    }

    private static CallToolResult render(DatabaseName database, SchemaSnapshot schema, List<SchemaSearch.Hit> hits, Detail detail, int limit) {
        boolean more = hits.size() > limit;
        List<SchemaSearch.Hit> shown = more ? hits.subList(0, limit) : hits;
        List<String> tables = shown.stream().map(h -> h.relation().name().toString()).toList();
        List<String> details = switch (detail) {
            case NAMES -> List.of();
            case SUMMARY -> shown.stream().map(h -> SchemaText.summary(h.relation())).toList();
            case FULL -> shown.stream().map(h -> SchemaText.ddl(h.relation(), schema, Set.of())).toList();
        };
        // The summary lines or DDL are the text content, in the order of "tables"; a copy in the structured part
        // doubled what a client reads for the whole schema.
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("database", database.value());
        structured.put("tables", tables);
        structured.put("more", more);
        StringBuilder text = new StringBuilder(String.join("\n", detail == Detail.NAMES ? tables : details));
        if (shown.isEmpty()) {
            text.append("no table, view or column matches; try a shorter pattern or an empty one");
        }
        if (more) {
            text.append("\n... more matches: raise limit or narrow the pattern");
        }
        return ToolResults.success(structured, text.toString());
    }
}
