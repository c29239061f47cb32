package dev.nl2sql.bootstrap.mcp;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncCompletionSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncPromptSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncResourceTemplateSpecification;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.AudioContent;
import io.modelcontextprotocol.spec.McpSchema.BlobResourceContents;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.CompleteResult;
import io.modelcontextprotocol.spec.McpSchema.Content;
import io.modelcontextprotocol.spec.McpSchema.CreateMessageRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitFormRequest;
import io.modelcontextprotocol.spec.McpSchema.ElicitResult;
import io.modelcontextprotocol.spec.McpSchema.EmbeddedResource;
import io.modelcontextprotocol.spec.McpSchema.GetPromptResult;
import io.modelcontextprotocol.spec.McpSchema.ImageContent;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;
import io.modelcontextprotocol.spec.McpSchema.LoggingMessageNotification;
import io.modelcontextprotocol.spec.McpSchema.ProgressNotification;
import io.modelcontextprotocol.spec.McpSchema.Prompt;
import io.modelcontextprotocol.spec.McpSchema.PromptArgument;
import io.modelcontextprotocol.spec.McpSchema.PromptMessage;
import io.modelcontextprotocol.spec.McpSchema.PromptReference;
import io.modelcontextprotocol.spec.McpSchema.ReadResourceResult;
import io.modelcontextprotocol.spec.McpSchema.Resource;
import io.modelcontextprotocol.spec.McpSchema.ResourceTemplate;
import io.modelcontextprotocol.spec.McpSchema.Role;
import io.modelcontextprotocol.spec.McpSchema.SamplingMessage;
import io.modelcontextprotocol.spec.McpSchema.ServerCapabilities;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.spec.McpSchema.TextResourceContents;
import io.modelcontextprotocol.spec.McpSchema.Tool;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The tools, resources and prompts the conformance suite calls by fixed names ({@code test_*}, {@code test://...}),
 * added to nl2sql's own server only in {@link ConformanceTest}, so that the suite exercises the protocol (content
 * types, logging, progress, sampling, elicitation, subscriptions) through the same SDK wiring nl2sql ships.
 */
final class ConformanceFixtures {

    /** nl2sql's capabilities, plus resource subscriptions, which the suite's subscribe scenarios need. */
    private static final ServerCapabilities CAPABILITIES = ServerCapabilities.builder()
            .tools(false).resources(true, false).prompts(false).logging().completions().build();

    private static final String PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    private static final String SILENCE = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQAAAAA=";
    private static final Map<String, Object> NO_ARGUMENTS = Map.of("type", "object", "properties", Map.of());

    private ConformanceFixtures() {}

    static McpServer.SyncSpecification<?> add(McpServer.SyncSpecification<?> server) {
        return server.capabilities(CAPABILITIES).tools(tools()).resources(resources()).resourceTemplates(template())
                .prompts(prompts()).completions(new SyncCompletionSpecification(new PromptReference("test_prompt_with_arguments"),
                        (exchange, request) -> new CompleteResult(new CompleteResult.CompleteCompletion(List.of("alpha", "beta"), 2, false))));
    }

    private static List<SyncToolSpecification> tools() {
        return List.of(
                tool("test_simple_text", (exchange, call) -> ok(text("This is a simple text response for testing."))),
                tool("test_image_content", (exchange, call) -> ok(image())),
                tool("test_audio_content", (exchange, call) -> ok(AudioContent.builder(SILENCE, "audio/wav").build())),
                tool("test_embedded_resource", (exchange, call) -> ok(embedded("test://embedded-resource", "text/plain", "An embedded resource."))),
                tool("test_multiple_content_types", (exchange, call) -> ok(text("Several kinds of content:"), image(),
                        embedded("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}"))),
                tool("test_tool_with_logging", (exchange, call) -> {
                    for (String step : List.of("started", "working", "completed")) {
                        exchange.loggingNotification(LoggingMessageNotification.builder(LoggingLevel.INFO, "Tool execution " + step).build());
                    }
                    return ok(text("Logged three messages."));
                }),
                tool("test_error_handling", (exchange, call) -> CallToolResult.builder()
                        .content(List.of(text("This tool always fails, on purpose."))).isError(true).build()),
                tool("test_tool_with_progress", (exchange, call) -> {
                    Object token = call.progressToken();
                    if (token != null) {
                        for (double done : new double[] {0, 50, 100}) {
                            exchange.progressNotification(ProgressNotification.builder(token, done).total(100.0).build());
                        }
                    }
                    return ok(text("Reported progress."));
                }),
                tool("test_sampling", Map.of("type", "object", "properties", Map.of("prompt", Map.of("type", "string")), "required", List.of("prompt")),
                        (exchange, call) -> {
                            var reply = exchange.createMessage(CreateMessageRequest.builder(List.of(SamplingMessage.builder(Role.USER,
                                    text(String.valueOf(call.arguments().get("prompt")))).build()), 100).build());
                            return ok(text("LLM response: " + (reply.content() instanceof TextContent t ? t.text() : "")));
                        }),
                tool("test_elicitation", Map.of("type", "object", "properties", Map.of("message", Map.of("type", "string")), "required", List.of("message")),
                        (exchange, call) -> elicit(exchange, String.valueOf(call.arguments().get("message")), Map.of(
                                "username", Map.of("type", "string", "description", "Your user name"),
                                "email", Map.of("type", "string", "description", "Your e-mail address")))),
                tool("test_elicitation_sep1034_defaults", (exchange, call) -> elicit(exchange, "Your details, with defaults", Map.of(
                        "name", Map.of("type", "string", "default", "John Doe"),
                        "age", Map.of("type", "integer", "default", 30),
                        "score", Map.of("type", "number", "default", 95.5),
                        "status", Map.of("type", "string", "enum", List.of("active", "inactive", "pending"), "default", "active"),
                        "verified", Map.of("type", "boolean", "default", true)))),
                tool("test_elicitation_sep1330_enums", (exchange, call) -> elicit(exchange, "Pick your preferences", Map.of(
                        "untitledSingle", Map.of("type", "string", "enum", List.of("option1", "option2", "option3")),
                        "titledSingle", Map.of("type", "string", "oneOf", options("value", "Option")),
                        "legacyEnum", Map.of("type", "string", "enum", List.of("opt1", "opt2", "opt3"),
                                "enumNames", List.of("Option One", "Option Two", "Option Three")),
                        "untitledMulti", Map.of("type", "array", "items", Map.of("type", "string", "enum", List.of("option1", "option2", "option3"))),
                        "titledMulti", Map.of("type", "array", "items", Map.of("anyOf", options("value", "Choice")))))));
    }

    private static List<Map<String, Object>> options(String value, String title) {
        return List.of(1, 2, 3).stream().<Map<String, Object>>map(i -> Map.of("const", value + i, "title", title + " " + i)).toList();
    }

    private static CallToolResult elicit(McpSyncServerExchange exchange, String message, Map<String, Object> properties) {
        ElicitResult answer = exchange.createElicitation(ElicitFormRequest.builder(message,
                Map.of("type", "object", "properties", properties, "required", List.copyOf(properties.keySet()))).build());
        return ok(text("Elicitation completed: action=" + answer.action() + ", content=" + answer.content()));
    }

    private static List<SyncResourceSpecification> resources() {
        return List.of(
                resource("test://static-text", "text/plain", uri -> TextResourceContents.builder(uri, "Static text.").mimeType("text/plain").build()),
                resource("test://static-binary", "image/png", uri -> BlobResourceContents.builder(uri, PIXEL).mimeType("image/png").build()),
                resource("test://watched-resource", "text/plain", uri -> TextResourceContents.builder(uri, "Watched.").mimeType("text/plain").build()));
    }

    private static SyncResourceTemplateSpecification template() {
        return new SyncResourceTemplateSpecification(
                ResourceTemplate.builder("test://template/{id}/data", "template").mimeType("application/json").build(),
                (exchange, request) -> {
                    String id = request.uri().replaceAll("^test://template/(.+)/data$", "$1");
                    return ReadResourceResult.builder(List.of(TextResourceContents.builder(request.uri(),
                            "{\"id\":\"" + id + "\",\"templateTest\":true,\"data\":\"Data for ID: " + id + "\"}").mimeType("application/json").build())).build();
                });
    }

    private static List<SyncPromptSpecification> prompts() {
        return List.of(
                prompt("test_simple_prompt", List.of(), arguments -> List.of(user(text("This is a simple prompt for testing.")))),
                prompt("test_prompt_with_arguments", List.of("arg1", "arg2"), arguments -> List.of(user(text(
                        "Prompt with arguments: arg1='" + arguments.get("arg1") + "', arg2='" + arguments.get("arg2") + "'")))),
                prompt("test_prompt_with_embedded_resource", List.of("resourceUri"), arguments -> List.of(
                        user(embedded(String.valueOf(arguments.get("resourceUri")), "text/plain", "Embedded resource content.")),
                        user(text("Please process the embedded resource above.")))),
                prompt("test_prompt_with_image", List.of(), arguments -> List.of(user(image()), user(text("Please describe the image above.")))));
    }

    private static SyncToolSpecification tool(String name, BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return tool(name, NO_ARGUMENTS, handler);
    }

    private static SyncToolSpecification tool(String name, Map<String, Object> input,
            BiFunction<McpSyncServerExchange, CallToolRequest, CallToolResult> handler) {
        return SyncToolSpecification.builder().tool(Tool.builder(name, input).description("Conformance fixture " + name).build())
                .callHandler(handler).build();
    }

    private static SyncResourceSpecification resource(String uri, String mimeType,
            java.util.function.Function<String, io.modelcontextprotocol.spec.McpSchema.ResourceContents> contents) {
        return new SyncResourceSpecification(Resource.builder(uri, uri.substring("test://".length())).mimeType(mimeType).build(),
                (exchange, request) -> ReadResourceResult.builder(List.of(contents.apply(uri))).build());
    }

    private static SyncPromptSpecification prompt(String name, List<String> arguments,
            java.util.function.Function<Map<String, Object>, List<PromptMessage>> messages) {
        return new SyncPromptSpecification(Prompt.builder(name).description("Conformance fixture " + name)
                .arguments(arguments.stream().map(a -> PromptArgument.builder(a).required(true).build()).toList()).build(),
                (exchange, request) -> GetPromptResult.builder(messages.apply(request.arguments() == null ? Map.of() : request.arguments())).build());
    }

    private static CallToolResult ok(Content... content) {
        return CallToolResult.builder().content(List.of(content)).isError(false).build();
    }

    private static PromptMessage user(Content content) {
        return PromptMessage.builder(Role.USER, content).build();
    }

    private static TextContent text(String text) {
        return TextContent.builder(text).build();
    }

    private static ImageContent image() {
        return ImageContent.builder(PIXEL, "image/png").build();
    }

    private static EmbeddedResource embedded(String uri, String mimeType, String text) {
        return EmbeddedResource.builder(TextResourceContents.builder(uri, text).mimeType(mimeType).build()).build();
    }
}
