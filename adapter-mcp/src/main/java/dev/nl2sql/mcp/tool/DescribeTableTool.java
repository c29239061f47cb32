package dev.nl2sql.mcp.tool;

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
public final class DescribeTableTool implements McpTool {

    static final String NAME = "describe_table";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "table", Schemas.string("Table or view name, optionally schema-qualified (orders, sales.orders).")), "table");
    private static final Map<String, Object> COLUMN = Schemas.object(Map.of(
            "name", Schemas.string("Column name."),
            "type", Schemas.string("PostgreSQL type, e.g. numeric(10,2)."),
            "nullable", Map.of("type", "boolean"),
            "comment", Schemas.string("The column's comment, if any.")), "name", "type", "nullable");
    private static final Map<String, Object> FOREIGN_KEY = Schemas.object(Map.of(
            "columns", Schemas.array(Map.of("type", "string"), "Columns of this table."),
            "references", Schemas.string("Qualified name of the referenced table."),
            "referenced_columns", Schemas.array(Map.of("type", "string"), "Columns of the referenced table.")),
            "columns", "references", "referenced_columns");
    private static final Map<String, Object> OUTPUT = Schemas.output(Schemas.object(Map.of(
            "database", Schemas.string("The database."),
            "table", Schemas.string("Qualified name."),
            "kind", Schemas.string("table, view, materialized_view, partitioned_table or foreign_table."),
            "columns", Schemas.array(COLUMN, "Columns in order."),
            "primary_key", Schemas.array(Map.of("type", "string"), "Primary key columns."),
            "foreign_keys", Schemas.array(FOREIGN_KEY, "References to other tables: the join paths."),
            "row_estimate", Map.of("type", "integer", "description", "The planner's row estimate, if analysed.")),
            "database", "table", "kind", "columns", "primary_key", "foreign_keys"));

    private final ExploreSchema explore;

    public DescribeTableTool(ExploreSchema explore) {
        this.explore = explore;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Describe a table")
                        .description("Show one table or view as compact DDL: columns with types, NOT NULL, primary key, references "
                                + "to other tables (join paths), enum labels and comments. Use it before writing SQL against a table. "
                                + "An unknown name returns TABLE_UNKNOWN with the closest names.")
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
