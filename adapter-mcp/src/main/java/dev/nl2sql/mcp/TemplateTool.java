package dev.nl2sql.mcp;

import dev.nl2sql.domain.query.Limits;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.template.TemplateParameter;
import dev.nl2sql.usecase.RunTemplate;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One query template as a tool of its own ({@code server.template_tools: true}), for clients that do not use prompts:
 * named after the template, its parameters as typed arguments, run as {@code run_template} runs it.
 */
final class TemplateTool implements McpTool {

    /** The names the SDK accepts for a tool. */
    private static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private final QueryTemplate template;
    private final RunTemplateTool runner;

    TemplateTool(QueryTemplate template, RunTemplate templates) {
        this.template = template;
        this.runner = new RunTemplateTool(templates);
    }

    /** {@return whether {@code template} can be a tool: a valid tool name that no nl2sql tool has} */
    static boolean canBeTool(QueryTemplate template) {
        return TOOL_NAME.matcher(template.name()).matches() && !Tools.NAMES.contains(template.name());
    }

    @Override
    public SyncToolSpecification specification() {
        Map<String, Object> properties = new LinkedHashMap<>();
        template.parameters().forEach(parameter -> properties.put(parameter.name(), argument(parameter)));
        String[] required = template.parameters().stream().filter(TemplateParameter::isRequired).map(TemplateParameter::name)
                .toArray(String[]::new);
        return SyncToolSpecification.builder()
                .tool(Tool.builder(template.name(), Schemas.object(properties, required))
                        .title(template.name())
                        .description(template.description() + " (query template on " + template.database() + ")")
                        .outputSchema(RunTemplateTool.OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(template.name(), (exchange, arguments) -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    arguments.values().forEach((name, value) -> values.put(name, value == null ? null : String.valueOf(value)));
                    return runner.run(exchange, template.name(), values, Limits.AS_CONFIGURED, arguments);
                }))
                .build();
    }

    /** A parameter as a JSON-typed argument: the SDK then checks types before the template's own binding does. */
    private static Map<String, Object> argument(TemplateParameter parameter) {
        String type = switch (parameter.type()) {
            case INTEGER -> "integer";
            case DECIMAL -> "number";
            case BOOLEAN -> "boolean";
            case TEXT, DATE, TIMESTAMP -> "string";
        };
        String description = parameter.description() + switch (parameter.type()) {
            case DATE -> " (date, 2024-05-01)";
            case TIMESTAMP -> " (timestamp, 2024-05-01T10:00:00Z)";
            default -> "";
        } + parameter.defaultValue().map(value -> "; default " + value).orElse("");
        return Map.of("type", type, "description", description);
    }
}
