package dev.nl2sql.mcp;

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
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** {@code explain_sql}: the planner's estimate and plan for a read-only statement, without running it. */
final class ExplainSqlTool implements McpTool {

    static final String NAME = "explain_sql";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE,
            "sql", Schemas.string("The statement, without EXPLAIN.")), "sql");
    private static final Map<String, Object> OUTPUT = Schemas.output(Map.of(
            "database", Schemas.STRING, "estimated_cost", Schemas.NUMBER, "plan", Schemas.STRING));

    private final ExploreSchema explore;
    private final RunSql runSql;

    ExplainSqlTool(ExploreSchema explore, RunSql runSql) {
        this.explore = explore;
        this.runSql = runSql;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Explain SQL")
                        .description("PostgreSQL's plan and cost for a read-only statement, without running it (e.g. to check "
                                + "index use). Same checks as run_sql.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, this::explain))
                .build();
    }

    private CallToolResult explain(McpSyncServerExchange exchange, Arguments arguments) {
        Result<DatabaseName> database = arguments.database(explore.databases());
        if (database instanceof Result.Err<DatabaseName> err) {
            return ToolResults.failure(err.failure());
        }
        DatabaseName name = database.orElseThrow();
        String sql = withoutExplain(arguments.string("sql").orElse(""));
        return ToolResults.from(runSql.estimateCost(name, sql), cost -> switch (
                runSql.run(new QueryRequest.Sql(name, "EXPLAIN " + sql, Limits.AS_CONFIGURED), ToolResults.caller(exchange))) {
            case QueryOutcome.Failed failed -> ToolResults.failure(failed.failure());
            case QueryOutcome.Succeeded ok -> {
                String plan = planText(ok.result());
                yield ToolResults.success(Map.of("database", name.value(), "estimated_cost", cost, "plan", plan),
                        plan + "\nestimated cost: " + Math.round(cost));
            }
        });
    }

    /** A caller who wrote EXPLAIN gets the same answer as one who did not. */
    private static String withoutExplain(String sql) {
        String trimmed = sql.strip();
        return trimmed.toLowerCase(Locale.ROOT).matches("(?s)explain\\s.*") ? trimmed.substring("explain".length()).strip() : trimmed;
    }

    private static String planText(QueryResult result) {
        return result.rows().stream().map(List::getFirst).map(String::valueOf).collect(Collectors.joining("\n"));
    }
}
