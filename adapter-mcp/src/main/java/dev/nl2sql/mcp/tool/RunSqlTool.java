package dev.nl2sql.mcp.tool;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.RunSql;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code run_sql}: validate one read-only statement and run it within the database's limits. */
public final class RunSqlTool implements McpTool {

    static final String NAME = "run_sql";
    static final int MAX_ROWS = 10_000;

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "sql", Schemas.string("One read-only PostgreSQL statement: SELECT, WITH ... SELECT, VALUES, TABLE, or EXPLAIN without ANALYZE."),
            "max_rows", Schemas.integer("Return at most this many rows (the database's configured cap still applies).", 1, MAX_ROWS)),
            "sql");
    private static final Map<String, Object> OUTPUT = Schemas.output(Schemas.object(ResultContent.withRows(Map.of(
            "database", Schemas.string("The database queried."),
            "sql", Schemas.string("The statement exactly as it ran, with any LIMIT nl2sql added."))),
            ResultContent.requiredWithRows("database", "sql")));

    private final ExploreSchema explore;
    private final RunSql runSql;

    public RunSqlTool(ExploreSchema explore, RunSql runSql) {
        this.explore = explore;
        this.runSql = runSql;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Run read-only SQL")
                        .description("Validate one read-only PostgreSQL statement against the live schema and run it in a read-only "
                                + "transaction with row, size and time limits. Rows come back as 'columns' plus 'rows' arrays. Anything "
                                + "that could write, several statements, or unknown tables and columns are refused with SQL_REJECTED or "
                                + "SQL_INVALID and a reason with suggestions: fix the SQL and call again. Use search_schema and "
                                + "describe_table first to learn the exact names.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, this::run))
                .build();
    }

    private CallToolResult run(McpSyncServerExchange exchange, Arguments arguments) {
        Result<DatabaseName> database = arguments.database(explore.databases());
        if (database instanceof Result.Err<DatabaseName> err) {
            return ToolResults.failure(err.failure());
        }
        int wanted = Math.clamp(arguments.integer("max_rows", MAX_ROWS), 1, MAX_ROWS);
        Limits limits = Limits.AS_CONFIGURED.withMaxRows(wanted);
        progress(exchange, arguments, 0, "running");
        QueryOutcome outcome = runSql.run(new QueryRequest.Sql(database.orElseThrow(), arguments.string("sql").orElse(""), limits),
                ToolResults.caller(exchange));
        progress(exchange, arguments, 1, "done");
        return switch (outcome) {
            case QueryOutcome.Failed failed -> ToolResults.failure(failed.failure());
            case QueryOutcome.Succeeded ok -> {
                yield ToolResults.success(structured(database.orElseThrow(), ok.sql(), ok.result()), ResultText.tsv(ok.result()));
            }
        };
    }

    private static void progress(McpSyncServerExchange exchange, Arguments arguments, double done, String message) {
        arguments.progressToken().ifPresent(token ->
                exchange.progressNotification(ProgressNotification.builder(token, done).total(1.0).message(message).build()));
    }

    static Map<String, Object> structured(DatabaseName database, String sql, QueryResult result) {
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("database", database.value());
        structured.put("sql", sql);
        return ResultContent.put(structured, result);
    }
}
