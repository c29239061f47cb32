package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.schema.Column;
import dev.nl2sql.domain.schema.ForeignKey;
import dev.nl2sql.domain.schema.Relation;
import dev.nl2sql.domain.schema.SchemaSnapshot;
import dev.nl2sql.domain.schema.SchemaText;
import dev.nl2sql.usecase.ExploreSchema;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** {@code describe_table}: one table or view as DDL-like text (the content), its columns and keys as structured data. */
final class DescribeTableTool implements McpTool {

    static final String NAME = "describe_table";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "table", Schemas.string("orders or sales.orders")), "table");
    private static final Map<String, Object> OUTPUT = Schemas.output(Map.of(
            "database", Schemas.STRING, "table", Schemas.STRING, "kind", Schemas.STRING, "columns", Schemas.ARRAY,
            "primary_key", Schemas.ARRAY, "foreign_keys", Schemas.ARRAY, "row_estimate", Schemas.INTEGER));

    private final ExploreSchema explore;

    DescribeTableTool(ExploreSchema explore) {
        this.explore = explore;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Describe a table")
                        .description("A table or view as compact DDL: columns, types, NOT NULL, keys, references (join paths), "
                                + "enum labels, comments. Read it before writing SQL.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, (exchange, arguments) -> describe(arguments)))
                .build();
    }

    private CallToolResult describe(Arguments arguments) {
        Result<DatabaseName> database = arguments.database(explore.databases());
        if (database instanceof Result.Err<DatabaseName> err) {
            return ToolResults.failure(err.failure());
        }
        DatabaseName name = database.orElseThrow();
        String table = arguments.string("table").orElse("");
        return ToolResults.from(explore.schema(name), schema ->
                ToolResults.from(explore.describe(name, table), relation -> render(name, relation, schema)));
    }

    private static CallToolResult render(DatabaseName database, Relation relation, SchemaSnapshot schema) {
        String ddl = SchemaText.ddl(relation, schema, Set.of());
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("database", database.value());
        structured.put("table", relation.name().toString());
        structured.put("kind", relation.kind().name().toLowerCase(Locale.ROOT));
        structured.put("columns", relation.columns().stream().map(DescribeTableTool::column).toList());
        structured.put("primary_key", relation.primaryKey());
        structured.put("foreign_keys", relation.foreignKeys().stream().map(DescribeTableTool::foreignKey).toList());
        relation.rowEstimate().ifPresent(rows -> structured.put("row_estimate", rows));
        // The DDL is the text content only: a copy in the structured part doubled what a client reads per table.
        return ToolResults.success(structured, ddl);
    }

    private static Map<String, Object> column(Column column) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", column.name());
        map.put("type", column.type());
        map.put("nullable", column.nullable());
        column.comment().ifPresent(c -> map.put("comment", c));
        return map;
    }

    private static Map<String, Object> foreignKey(ForeignKey key) {
        return Map.of("columns", key.columns(), "references", key.referenced().toString(), "referenced_columns", key.referencedColumns());
    }
}
