package dev.nl2sql.mcp;

import io.modelcontextprotocol.json.schema.JsonSchemaValidator;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.TextContent;
import io.modelcontextprotocol.util.ToolInputValidator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * nl2sql's own tools, callable without the SDK's request dispatch: the stdio transport answers {@code tools/call} for
 * them straight from the line it read (one JSON parse instead of three, no Reactor pipeline), with the same exchange the
 * SDK would have made, so progress, sampling and logging still go through the session. What the SDK does around a tool
 * call is done here too, in its words: the arguments checked against the input schema, and the structured content
 * against the output schema ({@link FirstCallSchemaValidator} decides when that check runs).
 */
final class ToolCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ToolCalls.class);

    private final Map<String, SyncToolSpecification> tools;
    private final JsonSchemaValidator validator;

    ToolCalls(List<SyncToolSpecification> tools, JsonSchemaValidator validator) {
        this.tools = tools.stream().collect(Collectors.toUnmodifiableMap(tool -> tool.tool().name(), Function.identity()));
        this.validator = validator;
    }

    /** {@return the tool called {@code name}, if it is one of ours} */
    Optional<SyncToolSpecification> tool(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    /** {@return {@code tool}'s answer to {@code request}, or why its arguments or its own output do not fit its schemas} */
    CallToolResult call(SyncToolSpecification tool, McpSyncServerExchange exchange, CallToolRequest request) {
        CallToolResult refused = ToolInputValidator.validate(tool.tool(), request.arguments(), true, validator);
        if (refused != null) {
            return refused;
        }
        CallToolResult result = tool.callHandler().apply(exchange, request);
        Map<String, Object> outputSchema = tool.tool().outputSchema();
        if (Boolean.TRUE.equals(result.isError()) || outputSchema == null) {
            return result;
        }
        if (result.structuredContent() == null) {
            return error("Response missing structured content which is expected when calling tool with non-empty outputSchema");
        }
        var validation = validator.validate(outputSchema, result.structuredContent());
        return validation.valid() ? result : error("Tool (" + request.name() + ") output validation failed: " + validation.errorMessage());
    }

    private static CallToolResult error(String message) {
        LOG.warn(message);
        return CallToolResult.builder().content(List.of(TextContent.builder(message).build())).isError(true).build();
    }
}
