package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.query.QueryRequest;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.result.QueryResult;
import dev.nl2sql.usecase.DrawChart;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.RunSql;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** {@code run_sql}: validate one read-only statement and run it within the database's limits. */
final class RunSqlTool implements McpTool {

    static final String NAME = "run_sql";
    static final int MAX_ROWS = 10_000;

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "sql", Schemas.string("One SELECT, WITH, VALUES, TABLE or EXPLAIN (no ANALYZE)."),
            "max_rows", Schemas.MAX_ROWS,
            ChartContent.ARGUMENT, ChartContent.SCHEMA), "sql");
    private static final Map<String, Object> OUTPUT = Schemas.output(
            Schemas.merge(Map.of("database", Schemas.STRING, "sql", Schemas.STRING), ResultContent.PROPERTIES));

    private final ExploreSchema explore;
    private final RunSql runSql;
    private final DrawChart charts;

    RunSqlTool(ExploreSchema explore, RunSql runSql, DrawChart charts) {
        this.explore = explore;
        this.runSql = runSql;
        this.charts = charts;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Run SQL")
                        .description("Run one read-only SQL statement, checked against the live schema, in a read-only "
                                + "transaction with row, size and time limits. A refusal says why and how to fix it; 'sql' in the "
                                + "result is what ran.")
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
            case QueryOutcome.Succeeded ok -> ChartContent.success(structured(database.orElseThrow(), ok.sql(), ok.result()),
                    ResultText.tsv(ok.result()), Optional.of(ok.result()), ChartContent.request(arguments), charts);
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
