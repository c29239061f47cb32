package dev.nl2sql.mcp.tool;

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
public final class RunTemplateTool implements McpTool {

    static final String NAME = "run_template";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "name", Schemas.string("The template's name (see list_templates)."),
            "arguments", Map.of("type", "object", "additionalProperties", Map.of("type", "string"),
                    "description", "The template's parameters by name, each value as a string (\"10\", \"true\", \"2024-05-01\"). "
                            + "Parameters with a default may be left out."),
            "max_rows", Schemas.integer("Return at most this many rows (the database's configured cap still applies).", 1,
                    RunSqlTool.MAX_ROWS)), "name");
    private static final Map<String, Object> OUTPUT = Schemas.output(Schemas.object(ResultContent.withRows(Map.of(
            "template", Schemas.string("The template that ran."),
            "database", Schemas.string("The database it ran on."),
            "sql", Schemas.string("The statement as it ran; the arguments were bound as parameters."))),
            ResultContent.requiredWithRows("template", "database", "sql")));

    private final RunTemplate templates;

    public RunTemplateTool(RunTemplate templates) {
        this.templates = templates;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("Run a query template")
                        .description("Run a query template (see list_templates) with its arguments. The values are bound as "
                                + "typed parameters, never pasted into the SQL, and the query runs read-only within the database's "
                                + "limits. Rows come back as 'columns' plus 'rows' arrays. An unknown template or a missing or "
                                + "malformed argument returns TEMPLATE_INVALID with the reason.")
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
        Progress progress = new Progress(exchange, arguments);
        progress.step("running " + name);
        QueryOutcome outcome = templates.run(name, values, Limits.AS_CONFIGURED.withMaxRows(wanted), ToolResults.caller(exchange));
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
