package dev.nl2sql.mcp;

import dev.nl2sql.domain.template.QueryTemplate;
import dev.nl2sql.domain.template.TemplateParameter;
import dev.nl2sql.usecase.RunTemplate;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One prompt per query template: its name is the template's, its arguments the template's parameters, and its text
 * asks the model to call {@code run_template} with them. A template named like another prompt gets no prompt.
 */
final class TemplatePrompts {

    private final List<QueryTemplate> templates;

    TemplatePrompts(RunTemplate templates) {
        this.templates = templates.list(java.util.Optional.empty()).stream()
                .filter(t -> !t.name().equals(ExploreDatabasePrompt.NAME))
                .sorted(Comparator.comparing(QueryTemplate::name)).toList();
    }

    /** {@return a prompt for each template} */
    List<SyncPromptSpecification> specifications() {
        return templates.stream().map(TemplatePrompts::prompt).toList();
    }

    /** {@return completions for the template prompts' arguments: true/false for booleans, the default otherwise} */
    List<SyncCompletionSpecification> completions() {
        return templates.stream().filter(t -> !t.parameters().isEmpty()).map(TemplatePrompts::completion).toList();
    }

    private static SyncPromptSpecification prompt(QueryTemplate template) {
        List<PromptArgument> arguments = template.parameters().stream().map(p -> PromptArgument.builder(p.name())
                .description(p.description() + " (" + type(p) + p.defaultValue().map(d -> ", default " + d).orElse("") + ")")
                .required(p.isRequired()).build()).toList();
        return new SyncPromptSpecification(
                Prompt.builder(template.name()).title(template.description())
                        .description(template.description() + " (query template on " + template.database() + ", run with run_template)")
                        .arguments(arguments).build(),
                (exchange, request) -> GetPromptResult.builder(List.of(PromptMessage.builder(Role.USER,
                        TextContent.builder(text(template, request.arguments() == null ? Map.of() : request.arguments())).build()).build()))
                        .description(template.description()).build());
    }

    static String text(QueryTemplate template, Map<String, Object> given) {
        Map<String, String> arguments = new LinkedHashMap<>();
        for (TemplateParameter parameter : template.parameters()) {
            if (given.get(parameter.name()) instanceof String value && !value.isBlank()) {
                arguments.put(parameter.name(), value);
            }
        }
        String json = arguments.entrySet().stream()
                .map(e -> quote(e.getKey()) + ": " + quote(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        List<String> missing = template.parameters().stream()
                .filter(p -> p.isRequired() && !arguments.containsKey(p.name())).map(TemplatePrompts::describe).toList();
        return "%s.\n\nCall the tool run_template with name=\"%s\" and arguments=%s, then show me the rows and say what they mean.%s"
                .formatted(template.description(), template.name(), json, missing.isEmpty() ? ""
                        : "\nFirst ask me for the missing values: " + String.join("; ", missing) + ".");
    }

    private static SyncCompletionSpecification completion(QueryTemplate template) {
        return new SyncCompletionSpecification(new PromptReference(template.name()), (exchange, request) -> {
            String prefix = request.argument().value() == null ? "" : request.argument().value().toLowerCase(Locale.ROOT);
            List<String> values = template.parameters().stream().filter(p -> p.name().equals(request.argument().name()))
                    .flatMap(p -> switch (p.type()) {
                        case BOOLEAN -> Stream.of("true", "false");
                        default -> p.defaultValue().stream();
                    })
                    .filter(v -> v.toLowerCase(Locale.ROOT).startsWith(prefix)).toList();
            return new CompleteResult(new CompleteResult.CompleteCompletion(values, values.size(), false));
        });
    }

    private static String describe(TemplateParameter parameter) {
        return parameter.name() + " (" + type(parameter) + ": " + parameter.description() + ")";
    }

    private static String type(TemplateParameter parameter) {
        return parameter.type().name().toLowerCase(Locale.ROOT);
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
