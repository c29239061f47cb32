package dev.nl2sql.mcp;

import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.result.QueryOutcome;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.usecase.RunTemplate;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code run_template}: run one of the operators' query templates with its arguments bound as parameters. */
final class RunTemplateTool implements McpTool {

    static final String NAME = "run_template";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "name", Schemas.string("Template name (list_templates)."),
            "arguments", Map.of("type", "object", "additionalProperties", Schemas.STRING,
                    "description", "Parameter values by name, as strings."),
            "max_rows", Schemas.MAX_ROWS), "name");
    static final Map<String, Object> OUTPUT = Schemas.output(
            Schemas.merge(Map.of("template", Schemas.STRING, "database", Schemas.STRING, "sql", Schemas.STRING), ResultContent.PROPERTIES));

    private final RunTemplate templates;

    RunTemplateTool(RunTemplate templates) {
        this.templates = templates;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Run a template")
                        .description("Run a query template by name; the arguments are bound as typed parameters, never pasted "
                                + "into the SQL.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, this::run))
                .build();
    }

    private CallToolResult run(McpSyncServerExchange exchange, Arguments arguments) {
        String name = arguments.string("name").orElse("").strip();
        Map<String, String> values = new LinkedHashMap<>();
        if (arguments.values().get("arguments") instanceof Map<?, ?> given) {
            given.forEach((key, value) -> values.put(String.valueOf(key), value == null ? null : String.valueOf(value)));
        }
        int wanted = Math.clamp(arguments.integer("max_rows", RunSqlTool.MAX_ROWS), 1, RunSqlTool.MAX_ROWS);
        return run(exchange, name, values, Limits.AS_CONFIGURED.withMaxRows(wanted), arguments);
    }

    /** {@return the result of template {@code name} run with {@code values}: rows, or why not} */
    CallToolResult run(McpSyncServerExchange exchange, String name, Map<String, String> values, Limits limits, Arguments arguments) {
        Progress progress = new Progress(exchange, arguments);
        progress.step("running " + name);
        QueryOutcome outcome = templates.run(name, values, limits, ToolResults.caller(exchange));
        return switch (outcome) {
            case QueryOutcome.Failed failed -> ToolResults.failure(failed.failure());
            case QueryOutcome.Succeeded ok -> {
                Map<String, Object> structured = new LinkedHashMap<>();
                structured.put("template", name);
                structured.put("database", templates.find(name).map(QueryTemplate::database).map(Object::toString).orElse(""));
                structured.put("sql", ok.sql());
                yield ToolResults.success(ResultContent.put(structured, ok.result()), ResultText.tsv(ok.result()));
            }
        };
    }
}
