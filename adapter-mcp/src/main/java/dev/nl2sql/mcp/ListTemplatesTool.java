package dev.nl2sql.mcp;

import dev.nl2sql.domain.database.DatabaseName;
import dev.nl2sql.domain.error.Result;
import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.template.TemplateParameter;
import dev.nl2sql.usecase.ExploreSchema;
import dev.nl2sql.usecase.RunTemplate;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code list_templates}: the operators' named, parameterised queries, with their parameters. */
final class ListTemplatesTool implements McpTool {

    static final String NAME = "list_templates";

    private static final Map<String, Object> INPUT = Schemas.object(Map.of(
            "database", Schemas.DATABASE));
    private static final Map<String, Object> OUTPUT = Schemas.output(Map.of("templates", Schemas.ARRAY));

    private final ExploreSchema explore;
    private final RunTemplate templates;

    ListTemplatesTool(ExploreSchema explore, RunTemplate templates) {
        this.explore = explore;
        this.templates = templates;
    }

    @Override
    public SyncToolSpecification specification() {
        return SyncToolSpecification.builder()
                .tool(Tool.builder(NAME, INPUT)
                        .title("List templates")
                        .description("List the operators' reviewed, parameterised queries. When one fits the question, prefer "
                                + "run_template to writing SQL.")
                        .outputSchema(OUTPUT)
                        .annotations(ToolResults.READ_ONLY)
                        .build())
                .callHandler(ToolResults.guarded(NAME, (exchange, arguments) -> list(arguments)))
                .build();
    }

    private CallToolResult list(Arguments arguments) {
        Optional<DatabaseName> database = Optional.empty();
        if (arguments.string("database").isPresent()) {
            Result<DatabaseName> named = arguments.database(explore.databases());
            if (named instanceof Result.Err<DatabaseName> err) {
                return ToolResults.failure(err.failure());
            }
            database = Optional.of(named.orElseThrow());
        }
        List<QueryTemplate> found = templates.list(database).stream()
                .sorted(java.util.Comparator.comparing(QueryTemplate::name)).toList();
        String text = found.isEmpty() ? "(no templates)" : found.stream().map(ListTemplatesTool::line).collect(Collectors.joining("\n"));
        return ToolResults.success(Map.of("templates", found.stream().map(ListTemplatesTool::template).toList()), text);
    }

    private static Map<String, Object> template(QueryTemplate template) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", template.name());
        map.put("description", template.description());
        map.put("database", template.database().value());
        map.put("parameters", template.parameters().stream().map(ListTemplatesTool::parameter).toList());
        return map;
    }

    private static Map<String, Object> parameter(TemplateParameter parameter) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", parameter.name());
        map.put("type", type(parameter));
        map.put("description", parameter.description());
        map.put("required", parameter.isRequired());
        parameter.defaultValue().ifPresent(d -> map.put("default", d));
        return map;
    }

    static String type(TemplateParameter parameter) {
        return parameter.type().name().toLowerCase(Locale.ROOT);
    }

    private static String line(QueryTemplate template) {
        return template.name() + " (" + template.database() + "): " + template.description()
                + (template.parameters().isEmpty() ? "" : " [" + template.parameters().stream()
                        .map(p -> p.name() + ":" + type(p) + p.defaultValue().map(d -> "=" + d).orElse(""))
                        .collect(Collectors.joining(", ")) + "]");
    }
}
